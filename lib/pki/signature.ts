/**
 * Signature checks with node:crypto, synchronously, on the exact signed bytes of a CSR or
 * certificate. Going straight to node:crypto (rather than through WebCrypto) keeps the
 * check fast for CSR batches and lets a key/algorithm mismatch count as a bad signature
 * instead of an exception.
 */
import "server-only";
import { constants, verify as cryptoVerify, type KeyObject } from "node:crypto";
import { bitString, childrenOf, isContext, oid, sequence, smallInteger, type Asn1Node } from "./asn1-read";

const RSA_HASH: Record<string, string> = {
  "1.2.840.113549.1.1.4": "md5",
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.113549.1.1.14": "sha224",
};

const ECDSA_HASH: Record<string, string> = {
  "1.2.840.10045.4.1": "sha1",
  "1.2.840.10045.4.3.1": "sha224",
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
};

const DIGEST_OIDS: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.4": "sha224",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

const RSASSA_PSS = "1.2.840.113549.1.1.10";
const ED25519 = "1.3.101.112";
const ED448 = "1.3.101.113";

// RSASSA-PSS-params: [0] hash, [1] mask gen, [2] salt length, [3] trailer; defaults SHA-1/20.
function pssParams(params: Asn1Node | undefined): { hash: string; saltLength: number } | null {
  let hash = "sha1";
  let saltLength = 20;
  if (!params) return { hash, saltLength };
  for (const field of sequence(params, "RSASSA-PSS-params")) {
    const [inner] = field.idBlock.isConstructed ? childrenOf(field) : [];
    if (isContext(field, 0) && inner) {
      const h = DIGEST_OIDS[oid(sequence(inner)[0])];
      if (!h) return null;
      hash = h;
    } else if (isContext(field, 2) && inner) {
      saltLength = smallInteger(inner, 1024);
    }
  }
  return { hash, saltLength };
}

export type SignatureCheck = "valid" | "invalid" | "unsupported";

/**
 * Verifies `signature` (the BIT STRING node) over `signed` with `key` under the
 * AlgorithmIdentifier node `algorithm`.
 */
export function verifySignature(algorithm: Asn1Node, signed: Uint8Array, signature: Asn1Node, key: KeyObject): SignatureCheck {
  const [idNode, params] = sequence(algorithm, "AlgorithmIdentifier");
  const id = oid(idNode);
  const { bytes: sig, unusedBits } = bitString(signature);
  if (unusedBits !== 0) return "invalid"; // a signature is whole bytes
  try {
    if (RSA_HASH[id]) return cryptoVerify(RSA_HASH[id], signed, key, sig) ? "valid" : "invalid";
    if (ECDSA_HASH[id]) return cryptoVerify(ECDSA_HASH[id], signed, { key, dsaEncoding: "der" }, sig) ? "valid" : "invalid";
    if (id === ED25519 || id === ED448) return cryptoVerify(null, signed, key, sig) ? "valid" : "invalid";
    if (id === RSASSA_PSS) {
      const p = pssParams(params);
      if (!p) return "unsupported";
      const opts = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength };
      return cryptoVerify(p.hash, signed, opts, sig) ? "valid" : "invalid";
    }
  } catch {
    // A key that does not fit the algorithm (an RSA key with an ECDSA signature) or a
    // malformed signature value: the signature does not verify.
    return "invalid";
  }
  return "unsupported";
}
