/**
 * The password-based cryptography of PKCS#12 (RFC 7292, RFC 8018), done here so that
 * every iteration count is checked before any work starts: a hostile file asking for two
 * billion iterations must fail at once, not hang the server. Ciphers come from
 * node:crypto, except RC2, which OpenSSL 3 keeps in its legacy provider (not loaded by
 * Node) and real Sectigo downloads use for their certificate bags: that one is
 * node-forge's.
 */
import "server-only";
import { createCipheriv, createDecipheriv, createHash, createHmac, hash as oneShotHash, pbkdf2Sync, timingSafeEqual } from "node:crypto";
import forge from "node-forge";
import { octets, oid, sequence, smallInteger, type Asn1Node } from "./asn1-read";
import { toBuffer } from "./bytes";
import { PkiError } from "./errors";

/** Iteration counts above this are refused: ~1 s of work on this machine kind. */
export const MAX_PKCS12_ITERATIONS = 600_000;

type HashName = "sha1" | "sha224" | "sha256" | "sha384" | "sha512";

const HASH_SIZES: Record<HashName, { u: number; v: number }> = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

const DIGEST_OIDS: Record<string, HashName> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.4": "sha224",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

const HMAC_PRF_OIDS: Record<string, HashName> = {
  "1.2.840.113549.2.7": "sha1",
  "1.2.840.113549.2.8": "sha224",
  "1.2.840.113549.2.9": "sha256",
  "1.2.840.113549.2.10": "sha384",
  "1.2.840.113549.2.11": "sha512",
};

export const PBE_OIDS = {
  sha1And3KeyTripleDesCbc: "1.2.840.113549.1.12.1.3",
  sha1And128BitRc2Cbc: "1.2.840.113549.1.12.1.5",
  sha1And40BitRc2Cbc: "1.2.840.113549.1.12.1.6",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
} as const;

const PBES2_CIPHERS: Record<string, { name: string; keyLength: number; ivLength: number }> = {
  "2.16.840.1.101.3.4.1.2": { name: "aes-128-cbc", keyLength: 16, ivLength: 16 },
  "2.16.840.1.101.3.4.1.22": { name: "aes-192-cbc", keyLength: 24, ivLength: 16 },
  "2.16.840.1.101.3.4.1.42": { name: "aes-256-cbc", keyLength: 32, ivLength: 16 },
  "1.2.840.113549.3.7": { name: "des-ede3-cbc", keyLength: 24, ivLength: 8 },
};

/**
 * A password in the two encodings PKCS#12 uses: BMPString with a 00 00 terminator for the
 * PKCS#12 KDF (MAC, PBES1), UTF-8 bytes for PBKDF2 (PBES2). For the empty password, files
 * differ on whether the terminator is there; `variants` lists both so the MAC picks.
 */
export interface Password {
  bmp: Uint8Array;
  utf8: Uint8Array;
}

export function passwordVariants(password: string): Password[] {
  const utf8 = new Uint8Array(Buffer.from(password, "utf8"));
  const bmp = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    bmp[i * 2] = c >> 8;
    bmp[i * 2 + 1] = c & 0xff;
  }
  const variants = [{ bmp, utf8 }];
  if (password === "") variants.push({ bmp: new Uint8Array(0), utf8 });
  return variants;
}

export interface Limits {
  maxIterations: number;
}

function checkIterations(iterations: number, limits: Limits): void {
  if (iterations < 1) throw new PkiError("BAD_PKCS12", "The PKCS#12 file has an invalid iteration count.");
  if (iterations > limits.maxIterations) {
    throw new PkiError(
      "BAD_PKCS12",
      `The PKCS#12 file asks for ${iterations} key-derivation iterations, more than the ${limits.maxIterations} allowed. Re-export it with fewer iterations.`,
    );
  }
}

function repeatTo(data: Uint8Array, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length && data.length > 0; i++) out[i] = data[i % data.length] ?? 0;
  return out;
}

/** RFC 7292 Appendix B.2: id 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(hash: HashName, password: Uint8Array, salt: Uint8Array, id: 1 | 2 | 3, iterations: number, length: number): Buffer {
  const { u, v } = HASH_SIZES[hash];
  const d = Buffer.alloc(v, id);
  const s = repeatTo(salt, v * Math.ceil(salt.length / v));
  const p = repeatTo(password, v * Math.ceil(password.length / v));
  const i = Buffer.concat([s, p]);
  const blocks: Buffer[] = [];
  for (let done = 0; done < length; done += u) {
    let a = createHash(hash).update(d).update(i).digest();
    // crypto.hash is the one-shot form, about twice as fast as createHash in this loop.
    for (let n = 1; n < iterations; n++) a = oneShotHash(hash, a, "buffer");
    blocks.push(a);
    if (done + u >= length) break;
    const b = repeatTo(a, v);
    for (let off = 0; off < i.length; off += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (i[off + k] ?? 0) + (b[k] ?? 0) + carry;
        i[off + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function unpad(data: Buffer, blockSize: number): Buffer | null {
  const n = data[data.length - 1];
  if (data.length === 0 || data.length % blockSize !== 0 || !n || n > blockSize) return null;
  for (let k = data.length - n; k < data.length; k++) if (data[k] !== n) return null;
  return data.subarray(0, data.length - n);
}

function nodeDecrypt(cipher: string, key: Buffer, iv: Buffer, data: Uint8Array, blockSize: number): Buffer | null {
  if (data.length === 0 || data.length % blockSize !== 0) return null;
  const d = createDecipheriv(cipher, key, iv);
  d.setAutoPadding(false);
  return unpad(Buffer.concat([d.update(data), d.final()]), blockSize);
}

function rc2Decrypt(key: Buffer, bits: number, iv: Buffer, data: Uint8Array): Buffer | null {
  if (data.length === 0 || data.length % 8 !== 0) return null;
  const cipher = forge.rc2.createDecryptionCipher(forge.util.createBuffer(key.toString("binary")), bits);
  cipher.start(forge.util.createBuffer(iv.toString("binary")));
  cipher.update(forge.util.createBuffer(toBuffer(data).toString("binary")));
  if (!cipher.finish(() => true)) return null; // unpadded below, strictly
  return unpad(Buffer.from(cipher.output.getBytes(), "binary"), 8);
}

function pbes1Params(params: Asn1Node | undefined, limits: Limits): { salt: Uint8Array; iterations: number } {
  const [salt, iter] = sequence(params, "pkcs-12PbeParams");
  const iterations = smallInteger(iter);
  checkIterations(iterations, limits);
  return { salt: octets(salt), iterations };
}

function pbes2Decrypt(params: Asn1Node | undefined, data: Uint8Array, password: Password, limits: Limits): Buffer | null {
  const [kdf, scheme] = sequence(params, "PBES2-params");
  const [kdfId, kdfParams] = sequence(kdf, "keyDerivationFunc");
  if (oid(kdfId) !== PBE_OIDS.pbkdf2) throw unsupported(`key derivation ${oid(kdfId)}`);
  const [salt, iter, ...rest] = sequence(kdfParams, "PBKDF2-params");
  const iterations = smallInteger(iter);
  checkIterations(iterations, limits);
  let prf: HashName = "sha1";
  let keyLength: number | undefined;
  for (const field of rest) {
    if (field.idBlock.tagNumber === 2 && field.idBlock.tagClass === 1) keyLength = smallInteger(field, 64);
    else {
      const prfOid = oid(sequence(field, "prf")[0]);
      const hash = HMAC_PRF_OIDS[prfOid];
      if (!hash) throw unsupported(`PBKDF2 PRF ${prfOid}`);
      prf = hash;
    }
  }
  const [schemeId, ivNode] = sequence(scheme, "encryptionScheme");
  const cipher = PBES2_CIPHERS[oid(schemeId)];
  if (!cipher) throw unsupported(`cipher ${oid(schemeId)}`);
  const iv = toBuffer(octets(ivNode));
  if (iv.length !== cipher.ivLength || (keyLength !== undefined && keyLength !== cipher.keyLength)) {
    throw new PkiError("BAD_PKCS12", "The PKCS#12 file has inconsistent encryption parameters.");
  }
  const key = pbkdf2Sync(toBuffer(password.utf8), toBuffer(octets(salt)), iterations, cipher.keyLength, prf);
  return nodeDecrypt(cipher.name, key, iv, data, cipher.ivLength);
}

function unsupported(what: string): PkiError {
  return new PkiError("BAD_PKCS12", `The PKCS#12 file uses an unsupported algorithm (${what}). Re-export it with AES-256 (PBES2) or 3DES.`);
}

/**
 * Decrypts `data` under a PBE AlgorithmIdentifier. Returns null when the password does not
 * fit (bad padding), so the caller can tell WRONG_PASSWORD from a corrupt file.
 */
export function pbeDecrypt(algorithm: Asn1Node, data: Uint8Array, password: Password, limits: Limits): Buffer | null {
  const [idNode, params] = sequence(algorithm, "AlgorithmIdentifier");
  const id = oid(idNode);
  if (id === PBE_OIDS.pbes2) return pbes2Decrypt(params, data, password, limits);
  const pkcs12: Record<string, { keyLength: number; run: (key: Buffer, iv: Buffer) => Buffer | null }> = {
    [PBE_OIDS.sha1And3KeyTripleDesCbc]: { keyLength: 24, run: (k, iv) => nodeDecrypt("des-ede3-cbc", k, iv, data, 8) },
    [PBE_OIDS.sha1And128BitRc2Cbc]: { keyLength: 16, run: (k, iv) => rc2Decrypt(k, 128, iv, data) },
    [PBE_OIDS.sha1And40BitRc2Cbc]: { keyLength: 5, run: (k, iv) => rc2Decrypt(k, 40, iv, data) },
  };
  const scheme = pkcs12[id];
  if (!scheme) throw unsupported(id === "1.2.840.113549.1.12.1.1" || id === "1.2.840.113549.1.12.1.2" ? "RC4" : id);
  const { salt, iterations } = pbes1Params(params, limits);
  const key = pkcs12Kdf("sha1", password.bmp, salt, 1, iterations, scheme.keyLength);
  const iv = pkcs12Kdf("sha1", password.bmp, salt, 2, iterations, 8);
  return scheme.run(key, iv);
}

/** PBES1 pbeWithSHAAnd3-KeyTripleDES-CBC encryption, for the legacy writer. */
export function tripleDesEncrypt(data: Uint8Array, password: Password, salt: Uint8Array, iterations: number): Buffer {
  const key = pkcs12Kdf("sha1", password.bmp, salt, 1, iterations, 24);
  const iv = pkcs12Kdf("sha1", password.bmp, salt, 2, iterations, 8);
  const c = createCipheriv("des-ede3-cbc", key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

/** HMAC of the authenticated safe under the MAC's PKCS#12-derived key. */
export function computeMac(hash: HashName, content: Uint8Array, password: Password, salt: Uint8Array, iterations: number): Buffer {
  const key = pkcs12Kdf(hash, password.bmp, salt, 3, iterations, HASH_SIZES[hash].u);
  return createHmac(hash, key).update(content).digest();
}

/**
 * Checks `MacData` against the content with each password variant; returns the variant
 * that matches, or null for a wrong password.
 */
export function verifyMac(macData: Asn1Node, content: Uint8Array, variants: Password[], limits: Limits): Password | null {
  const [digestInfo, saltNode, iterNode] = sequence(macData, "MacData");
  const [algorithm, digestNode] = sequence(digestInfo, "DigestInfo");
  const digestOid = oid(sequence(algorithm, "AlgorithmIdentifier")[0]);
  const hash = DIGEST_OIDS[digestOid];
  if (!hash) throw unsupported(`MAC ${digestOid}`);
  const iterations = iterNode ? smallInteger(iterNode) : 1;
  checkIterations(iterations, limits);
  const expected = toBuffer(octets(digestNode));
  const salt = octets(saltNode);
  for (const password of variants) {
    const mac = computeMac(hash, content, password, salt, iterations);
    if (mac.length === expected.length && timingSafeEqual(mac, expected)) return password;
  }
  return null;
}
