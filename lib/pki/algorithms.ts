/**
 * Names for signature algorithms and public keys, as openssl prints them, and the key
 * facts (algorithm, size, curve) read through node:crypto so that key sizes are the ones
 * OpenSSL itself would use.
 */
import "server-only";
import { createPublicKey, type KeyObject } from "node:crypto";
import { oid, sequence, type Asn1Node } from "./asn1-read";
import { toBuffer } from "./bytes";
import type { PublicKeyInfo } from "./types";

const SIGNATURE_NAMES: Record<string, string> = {
  "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.10": "rsassaPss",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.113549.1.1.14": "sha224WithRSAEncryption",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.10045.4.3.1": "ecdsa-with-SHA224",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
  "1.3.101.112": "ED25519",
  "1.3.101.113": "ED448",
};

/** Signature algorithms too weak to accept today, by name. */
export const WEAK_SIGNATURES = new Set(["md5WithRSAEncryption", "sha1WithRSAEncryption", "ecdsa-with-SHA1"]);

/** The openssl name of an AlgorithmIdentifier's OID, or the dotted OID. */
export function signatureAlgorithmName(algorithmIdentifier: Asn1Node): string {
  const id = oid(sequence(algorithmIdentifier, "AlgorithmIdentifier")[0]);
  return SIGNATURE_NAMES[id] ?? id;
}

const CURVES: Record<string, { name: string; bits: number }> = {
  prime256v1: { name: "P-256", bits: 256 },
  secp384r1: { name: "P-384", bits: 384 },
  secp521r1: { name: "P-521", bits: 521 },
  secp256k1: { name: "secp256k1", bits: 256 },
  secp224r1: { name: "P-224", bits: 224 },
};

export interface KeyFacts {
  info: PublicKeyInfo;
  /** False when node:crypto could not load the key (unknown algorithm or broken key). */
  supported: boolean;
  key?: KeyObject;
}

/** Key facts from SubjectPublicKeyInfo DER; never throws on a key it does not know. */
export function publicKeyFacts(spki: Uint8Array, spkiNode: Asn1Node): KeyFacts {
  const facts = readKeyFacts(spki, spkiNode);
  return { ...facts, info: compactKeyInfo(facts.info) };
}

function readKeyFacts(spki: Uint8Array, spkiNode: Asn1Node): KeyFacts {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: toBuffer(spki), format: "der", type: "spki" });
  } catch {
    let algorithm = "unknown";
    try {
      algorithm = oid(sequence(sequence(spkiNode, "SubjectPublicKeyInfo")[0], "AlgorithmIdentifier")[0]);
    } catch {
      // keep "unknown"
    }
    return { info: { algorithm }, supported: false };
  }
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case "rsa":
      return { info: { algorithm: "RSA", size: details.modulusLength }, supported: true, key };
    case "rsa-pss":
      return { info: { algorithm: "RSA-PSS", size: details.modulusLength }, supported: true, key };
    case "ec": {
      const curve = details.namedCurve ? CURVES[details.namedCurve] : undefined;
      return {
        info: { algorithm: "EC", size: curve?.bits, curve: curve?.name ?? details.namedCurve },
        supported: true,
        key,
      };
    }
    case "ed25519":
      return { info: { algorithm: "Ed25519", size: 256 }, supported: true, key };
    case "ed448":
      return { info: { algorithm: "Ed448", size: 456 }, supported: true, key };
    case "dsa":
      return { info: { algorithm: "DSA", size: details.modulusLength }, supported: true, key };
    default:
      return { info: { algorithm: String(key.asymmetricKeyType ?? "unknown") }, supported: false };
  }
}

// Drops undefined members so DTOs compare and serialize cleanly.
function compactKeyInfo(info: PublicKeyInfo): PublicKeyInfo {
  const out: PublicKeyInfo = { algorithm: info.algorithm };
  if (info.size !== undefined) out.size = info.size;
  if (info.curve !== undefined) out.curve = info.curve;
  return out;
}
