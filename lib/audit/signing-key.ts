/**
 * The audit signing key: an Ed25519 key (RFC 8032) that signs audit checkpoints and exports,
 * so that evidence taken out of the portal can be checked by anyone with the public key
 * (docs/security.md S21).
 *
 * Rules:
 * - AUDIT_SIGNING_KEY (PKCS#8 PEM, checked by lib/env.ts) is used when set; otherwise the key
 *   is created ONCE as `<DATA_DIR>/audit-signing-key.pem` (mode 0600, exclusive create, so two
 *   processes starting together agree on one), the way lib/auth/secret.ts keeps AUTH_SECRET.
 *   It is kept apart from the database: whoever can rewrite portal.db must not thereby be
 *   able to re-sign it (docs/operations.md §4.6 says where to keep it).
 * - A key file readable by group or others is refused.
 * - The private key never appears in a log, an error message or a page.
 * - keyId = the first 16 hex characters of SHA-256 over the public key's SPKI DER; the
 *   fingerprint is the whole SHA-256, colon-grouped, as shown on the audit page.
 */
import "server-only";
import { createPrivateKey, createPublicKey, generateKeyPairSync, hash, sign, verify, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AppError, hasCode } from "@/lib/errors";

export const AUDIT_SIGNING_KEY_FILE = "audit-signing-key.pem";

export class AuditSigningKeyError extends AppError {
  override readonly name = "AuditSigningKeyError";
  constructor(message: string) {
    super("AUDIT_SIGNING_KEY_UNAVAILABLE", message, "Audit evidence cannot be signed on this server. Tell an administrator.");
  }
}

/** A public key as the verifier and the audit page use it. */
export interface AuditPublicKey {
  key: KeyObject;
  /** SPKI PEM, as `openssl pkeyutl -pubin -inkey` reads it */
  pem: string;
  keyId: string;
  /** SHA-256 of the SPKI DER, upper-case hex bytes joined by colons */
  fingerprint: string;
}

export interface AuditSigningKey extends AuditPublicKey {
  /** Ed25519 signature (64 raw bytes) over exactly these bytes. */
  sign(data: Uint8Array): Buffer;
}

function spkiDigest(key: KeyObject): string {
  return hash("sha256", key.export({ type: "spki", format: "der" }), "hex");
}

export function publicKeyOf(key: KeyObject): AuditPublicKey {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== "ed25519") throw new AuditSigningKeyError("The audit key must be an Ed25519 key.");
  const digest = spkiDigest(pub);
  return {
    key: pub,
    pem: pub.export({ type: "spki", format: "pem" }).toString(),
    keyId: digest.slice(0, 16),
    fingerprint: (digest.toUpperCase().match(/../g) ?? []).join(":"),
  };
}

/** A public key from PEM text (SPKI, or a private key whose public half is taken). */
export function parsePublicKeyPem(pem: string): AuditPublicKey {
  try {
    return publicKeyOf(createPublicKey({ key: pem, format: "pem" }));
  } catch (err) {
    if (hasCode(err, "AUDIT_SIGNING_KEY_UNAVAILABLE")) throw err;
    throw new AuditSigningKeyError("The public key is not a PEM Ed25519 key.");
  }
}

export function signingKeyFrom(pem: string): AuditSigningKey {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw new AuditSigningKeyError("The audit signing key is not a PEM private key.");
  }
  if (key.asymmetricKeyType !== "ed25519") throw new AuditSigningKeyError("The audit signing key must be an Ed25519 key.");
  // Ed25519 hashes the message itself (RFC 8032 §5.1.6): no digest is named.
  return { ...publicKeyOf(key), sign: (data) => sign(null, data, key) };
}

/** Whether `signature` is a valid Ed25519 signature by `key` over exactly `data`. */
export function verifySignature(key: AuditPublicKey, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, data, key.key, signature);
  } catch {
    return false;
  }
}

function readKeyFile(file: string): string {
  const stat = fs.statSync(file);
  if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
    throw new AuditSigningKeyError(
      `${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); run \`chmod 600 ${file}\` or set AUDIT_SIGNING_KEY.`,
    );
  }
  return fs.readFileSync(file, "utf8");
}

/** The key in `<dataDir>/audit-signing-key.pem`, when that file exists (never creates it). */
export function readSigningKeyFile(dataDir: string): AuditSigningKey | null {
  const file = path.join(dataDir, AUDIT_SIGNING_KEY_FILE);
  let pem: string;
  try {
    pem = readKeyFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    if (hasCode(err, "AUDIT_SIGNING_KEY_UNAVAILABLE")) throw err;
    throw new AuditSigningKeyError(`Cannot read ${file}: ${(err as Error).message}. Check DATA_DIR's permissions, or set AUDIT_SIGNING_KEY.`);
  }
  try {
    return signingKeyFrom(pem);
  } catch {
    throw new AuditSigningKeyError(`${file} does not hold an Ed25519 private key; restore it from a backup, or set AUDIT_SIGNING_KEY.`);
  }
}

/** The key file's key, creating the file when missing; says whether it was created now. */
export function loadOrCreateSigningKeyFile(dataDir: string): { key: AuditSigningKey; created: boolean } {
  const existing = readSigningKeyFile(dataDir);
  if (existing) return { key: existing, created: false };
  const file = path.join(dataDir, AUDIT_SIGNING_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  try {
    fs.writeFileSync(file, pem, { flag: "wx", mode: 0o600 });
    return { key: signingKeyFrom(pem), created: true };
  } catch (err) {
    // Another process created it between our read and write: use theirs.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return { key: readSigningKeyFile(dataDir) as AuditSigningKey, created: false };
    throw new AuditSigningKeyError(`Cannot create ${file}: ${(err as Error).message}. Check DATA_DIR's permissions, or set AUDIT_SIGNING_KEY.`);
  }
}

export interface SigningKeySettings {
  AUDIT_SIGNING_KEY?: string;
  DATA_DIR: string;
}

/** The key and where it came from; start-up calls it first so a problem stops the start. */
export function resolveSigningKey(settings: SigningKeySettings): { key: AuditSigningKey; source: "environment" | "file" | "created" } {
  if (settings.AUDIT_SIGNING_KEY) return { key: signingKeyFrom(settings.AUDIT_SIGNING_KEY), source: "environment" };
  const { key, created } = loadOrCreateSigningKeyFile(settings.DATA_DIR);
  return { key, source: created ? "created" : "file" };
}

const holder = globalThis as unknown as { __auditSigningKey?: AuditSigningKey };

/** The process's signing key, read once. */
export function auditSigningKey(settings: SigningKeySettings): AuditSigningKey {
  return (holder.__auditSigningKey ??= resolveSigningKey(settings).key);
}
