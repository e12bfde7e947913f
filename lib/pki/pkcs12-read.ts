/**
 * Opening PKCS#12 files: real Sectigo downloads (RC2-40 certificate bag, 3DES key bag,
 * SHA-1 MAC of one iteration; docs/sectigo-protocol.md §4.6), the simulator's legacy and modern
 * files, and OpenSSL 3's default AES-256/PBKDF2/SHA-256 files.
 *
 * Rules kept here: the MAC is checked before anything is decrypted, so a wrong password
 * is WRONG_PASSWORD and never a confusing parse error; every iteration count is bounded
 * (pkcs12-crypto.ts); the leaf is the certificate that matches the private key, then its
 * issuers in chain order, then anything else in file order.
 */
import "server-only";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { explicit, octets, oid, parseAsn1, primitiveBytes, sequence, set, smallInteger, isContext, encoded, type Asn1Node } from "./asn1-read";
import { asBytes, bytesEqual, toBuffer } from "./bytes";
import { certificatePartsFromDer, type CertificateParts } from "./certificate";
import { guard, PkiError } from "./errors";
import { MAX_PKCS12_ITERATIONS, passwordVariants, pbeDecrypt, verifyMac, type Limits, type Password } from "./pkcs12-crypto";
import type { CertificateInfo, Pkcs12Contents } from "./types";

/** A PKCS#12 with a key and a chain is a few KiB; refuse anything absurd before parsing. */
export const MAX_PKCS12_BYTES = 1024 * 1024;

const OIDS = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  safeContentsBag: "1.2.840.113549.1.12.10.1.6",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  localKeyId: "1.2.840.113549.1.9.21",
} as const;

export interface RawPkcs12 {
  keys: { pkcs8: Uint8Array; localKeyId?: Uint8Array }[];
  certs: { der: Uint8Array; localKeyId?: Uint8Array }[];
}

export interface ReadPkcs12Options {
  /** Refuse key-derivation iteration counts above this; default MAX_PKCS12_ITERATIONS. */
  maxIterations?: number;
}

const WRONG_PASSWORD = "The password does not open this PKCS#12 file.";
const CORRUPT = "The file is not a readable PKCS#12 (.p12/.pfx) file.";

function wrongPassword(): PkiError {
  return new PkiError("WRONG_PASSWORD", WRONG_PASSWORD);
}

function localKeyIdOf(attributes: Asn1Node | undefined): Uint8Array | undefined {
  if (!attributes) return undefined;
  for (const attr of set(attributes, "bagAttributes")) {
    const [type, values] = sequence(attr, "Attribute");
    if (oid(type) === OIDS.localKeyId) return octets(set(values, "localKeyID values")[0]);
  }
  return undefined;
}

class Decoder {
  readonly out: RawPkcs12 = { keys: [], certs: [] };

  constructor(
    private readonly password: Password,
    private readonly limits: Limits,
    // Without a MAC, a failed decryption is the only sign of a wrong password.
    private readonly macVerified: boolean,
  ) {}

  decrypt(algorithm: Asn1Node, data: Uint8Array): Uint8Array {
    const plain = pbeDecrypt(algorithm, data, this.password, this.limits);
    if (!plain) {
      if (this.macVerified) throw new PkiError("BAD_PKCS12", `${CORRUPT} (decryption failed although the password is right)`);
      throw wrongPassword();
    }
    return plain;
  }

  safeContents(der: Uint8Array, depth: number, decrypted: boolean): void {
    if (depth > 3) throw new PkiError("BAD_PKCS12", `${CORRUPT} (bags nested too deeply)`);
    let node: Asn1Node;
    try {
      node = parseAsn1(der);
    } catch (err) {
      // Garbage that decrypted with valid padding (1 in 256) is a wrong password when no MAC said otherwise.
      if (decrypted && !this.macVerified) throw wrongPassword();
      throw err;
    }
    for (const bag of sequence(node, "SafeContents")) {
      const [idNode, valueNode, attributes] = sequence(bag, "SafeBag");
      const value = explicit(valueNode, 0);
      const localKeyId = localKeyIdOf(attributes);
      switch (oid(idNode)) {
        case OIDS.keyBag:
          this.out.keys.push({ pkcs8: encoded(value), localKeyId });
          break;
        case OIDS.shroudedKeyBag: {
          const [algorithm, encrypted] = sequence(value, "EncryptedPrivateKeyInfo");
          if (!algorithm) throw new PkiError("BAD_PKCS12", CORRUPT);
          this.out.keys.push({ pkcs8: this.decrypt(algorithm, octets(encrypted)), localKeyId });
          break;
        }
        case OIDS.certBag: {
          const [certId, certValue] = sequence(value, "CertBag");
          if (oid(certId) === OIDS.x509Certificate) this.out.certs.push({ der: octets(explicit(certValue, 0)), localKeyId });
          break;
        }
        case OIDS.safeContentsBag:
          this.safeContents(encoded(value), depth + 1, decrypted);
          break;
        // CRL and secret bags carry nothing lib/pki reports.
      }
    }
  }

  contentInfo(ci: Asn1Node): void {
    const [typeNode, content] = sequence(ci, "ContentInfo");
    const type = oid(typeNode);
    if (type === OIDS.data) {
      this.safeContents(octets(explicit(content, 0)), 0, false);
    } else if (type === OIDS.encryptedData) {
      const [version, eci] = sequence(explicit(content, 0), "EncryptedData");
      smallInteger(version);
      const [, algorithm, encrypted] = sequence(eci, "EncryptedContentInfo");
      if (!algorithm || !encrypted || !isContext(encrypted, 0)) throw new PkiError("BAD_PKCS12", `${CORRUPT} (empty encrypted content)`);
      this.safeContents(this.decrypt(algorithm, primitiveBytes(encrypted)), 0, true);
    } else {
      throw new PkiError("BAD_PKCS12", "The PKCS#12 file uses public-key (certificate-based) encryption, which is not supported; export it with a password.");
    }
  }
}

/** Decrypts a PKCS#12 into its raw keys and certificates. Throws PkiError. */
export function decodePkcs12(input: Uint8Array, password: string, opts: ReadPkcs12Options = {}): RawPkcs12 {
  const der = asBytes(input);
  if (der.byteLength === 0) throw new PkiError("EMPTY_INPUT", "The PKCS#12 file is empty.");
  if (der.byteLength > MAX_PKCS12_BYTES) throw new PkiError("TOO_LARGE", "The file is too large to be a PKCS#12 certificate file.");
  const limits = { maxIterations: opts.maxIterations ?? MAX_PKCS12_ITERATIONS };
  return guard("BAD_PKCS12", CORRUPT, () => {
    const [version, authSafe, macData] = sequence(parseAsn1(der), "PFX");
    if (smallInteger(version) !== 3) throw new PkiError("BAD_PKCS12", `${CORRUPT} (only version 3 exists)`);
    const [typeNode, content] = sequence(authSafe, "ContentInfo");
    if (oid(typeNode) !== OIDS.data) {
      throw new PkiError("BAD_PKCS12", "The PKCS#12 file is protected by a signature instead of a password, which is not supported.");
    }
    const authSafeBytes = octets(explicit(content, 0));
    const variants = passwordVariants(password);
    let chosen = variants[0] as Password;
    if (macData) {
      const match = verifyMac(macData, authSafeBytes, variants, limits);
      if (!match) throw wrongPassword();
      chosen = match;
    }
    const decoder = new Decoder(chosen, limits, !!macData);
    for (const ci of sequence(parseAsn1(authSafeBytes), "AuthenticatedSafe")) decoder.contentInfo(ci);
    return decoder.out;
  });
}

function spkiOfPrivateKey(pkcs8: Uint8Array): Uint8Array {
  const key = createPrivateKey({ key: toBuffer(pkcs8), format: "der", type: "pkcs8" });
  return new Uint8Array(createPublicKey(key).export({ type: "spki", format: "der" }));
}

function parseCerts(raw: RawPkcs12): CertificateParts[] {
  return raw.certs.map((c, i) => {
    try {
      return certificatePartsFromDer(c.der);
    } catch {
      throw new PkiError("BAD_PKCS12", `Certificate ${i + 1} inside the PKCS#12 file is not a valid X.509 certificate.`);
    }
  });
}

/** Leaf first (by key, then by localKeyID, else the first bag), its issuers, then the rest. */
function orderChain(certs: CertificateParts[], raw: RawPkcs12, spki?: Uint8Array): CertificateParts[] {
  if (certs.length === 0) return [];
  let leafIndex = spki ? certs.findIndex((c) => bytesEqual(c.spki, spki)) : -1;
  const keyId = raw.keys[0]?.localKeyId;
  if (leafIndex < 0 && keyId) leafIndex = raw.certs.findIndex((c) => c.localKeyId && bytesEqual(c.localKeyId, keyId));
  if (leafIndex < 0) leafIndex = 0;
  const remaining = certs.slice();
  const ordered = remaining.splice(leafIndex, 1);
  for (let current = ordered[0]; current && !bytesEqual(current.subjectDer, current.issuerDer); ) {
    const next = remaining.findIndex((c) => bytesEqual(c.subjectDer, current!.issuerDer));
    if (next < 0) break;
    current = remaining.splice(next, 1)[0];
    if (current) ordered.push(current);
  }
  return [...ordered, ...remaining];
}

/**
 * Opens a PKCS#12 holding one private key and its certificates (GDS's rule: exactly one
 * key). Returns the key as PKCS#8 PEM and the certificates, leaf first. Throws PkiError
 * WRONG_PASSWORD, BAD_PKCS12, TOO_LARGE or EMPTY_INPUT.
 */
export function readPkcs12(der: Uint8Array, password: string, opts: ReadPkcs12Options = {}): Pkcs12Contents {
  const raw = decodePkcs12(der, password, opts);
  if (raw.keys.length !== 1) {
    throw new PkiError(
      "BAD_PKCS12",
      raw.keys.length === 0 ? "The PKCS#12 file holds no private key." : `The PKCS#12 file holds ${raw.keys.length} private keys; expected exactly one.`,
    );
  }
  const certs = parseCerts(raw);
  if (certs.length === 0) throw new PkiError("BAD_PKCS12", "The PKCS#12 file holds no certificate.");
  const pkcs8 = (raw.keys[0] as RawPkcs12["keys"][number]).pkcs8;
  let spki: Uint8Array;
  let privateKeyPem: string;
  try {
    spki = spkiOfPrivateKey(pkcs8);
    privateKeyPem = createPrivateKey({ key: toBuffer(pkcs8), format: "der", type: "pkcs8" })
      .export({ type: "pkcs8", format: "pem" })
      .toString();
  } catch {
    throw new PkiError("BAD_PKCS12", "The private key inside the PKCS#12 file is not readable.");
  }
  return { privateKeyPem, certificates: orderChain(certs, raw, spki).map((c) => c.info) };
}

/** The certificates of a PKCS#12 (leaf first when it has a key), without the key. */
export function readPkcs12Certificates(der: Uint8Array, password: string, opts: ReadPkcs12Options = {}): CertificateInfo[] {
  const raw = decodePkcs12(der, password, opts);
  let spki: Uint8Array | undefined;
  try {
    spki = raw.keys.length === 1 && raw.keys[0] ? spkiOfPrivateKey(raw.keys[0].pkcs8) : undefined;
  } catch {
    spki = undefined;
  }
  return orderChain(parseCerts(raw), raw, spki).map((c) => c.info);
}
