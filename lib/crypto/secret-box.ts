/**
 * Encryption at rest for the few small secrets the portal must keep: Sectigo access/refresh
 * tokens and PKCS#12 passwords until their batch is indexed.
 *
 * Rules:
 * - AES-256-GCM with a random 96-bit IV per message; the text format is versioned:
 *   `v1.<iv>.<ciphertext>.<tag>` (each part base64url), so the algorithm or key can change later.
 * - An optional context string is bound as associated data: a ciphertext moved to another
 *   column or row (e.g. one batch's password pasted onto another) fails to decrypt.
 * - The 32-byte data key comes from DATA_KEY (base64) or from `<DATA_DIR>/secret.key`, created
 *   once with mode 0600. A key file readable by group or others is refused.
 * - Neither secrets nor keys ever appear in an error message.
 */
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";

export type SecretBoxErrorCode = "DATA_KEY_INVALID" | "DATA_KEY_FILE_UNSAFE" | "DATA_KEY_UNAVAILABLE" | "SECRET_UNREADABLE";

export class SecretBoxError extends DomainError<SecretBoxErrorCode> {
  readonly family = "crypto";
  override readonly name = "SecretBoxError";
  constructor(code: SecretBoxErrorCode, message: string) {
    super(code, message, "A stored secret could not be used. Tell an administrator.");
  }
}

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  encrypt(plaintext: string, context?: string): string;
  decrypt(box: string, context?: string): string;
}

function b64url(buf: Buffer): string {
  return buf.toString("base64url");
}

/** A secret box over a given 32-byte key (tests and key rotation use this directly). */
export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError("DATA_KEY_INVALID", `The data key must be ${KEY_BYTES} bytes; got ${key.length}.`);
  }
  const keyBuf = Buffer.from(key);
  return {
    encrypt(plaintext, context = "") {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", keyBuf, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, b64url(iv), b64url(ct), b64url(cipher.getAuthTag())].join(".");
    },
    decrypt(box, context = "") {
      const parts = box.split(".");
      if (parts.length !== 4 || parts[0] !== VERSION) {
        throw new SecretBoxError("SECRET_UNREADABLE", "A stored secret is not in a format this version can read.");
      }
      const [, ivText, ctText, tagText] = parts as [string, string, string, string];
      const iv = Buffer.from(ivText, "base64url");
      const tag = Buffer.from(tagText, "base64url");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new SecretBoxError("SECRET_UNREADABLE", "A stored secret is damaged.");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", keyBuf, iv);
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ctText, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretBoxError(
          "SECRET_UNREADABLE",
          "A stored secret could not be decrypted: the data key (DATA_KEY or secret.key) is not the one it was encrypted with, or the value was altered.",
        );
      }
    },
  };
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError(
      "DATA_KEY_INVALID",
      `${source} must hold ${KEY_BYTES} random bytes in base64 (e.g. from \`openssl rand -base64 32\`).`,
    );
  }
  return key;
}

/**
 * Writes a fresh key to a private temporary file, then hard-links it into place: link() fails
 * if the name exists, so two processes starting together end up agreeing on one complete key.
 */
function createKeyFile(dataDir: string, file: string): void {
  const tmp = path.join(dataDir, `.secret.key.${process.pid}.${randomBytes(6).toString("hex")}`);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(tmp, `${randomBytes(KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new SecretBoxError("DATA_KEY_UNAVAILABLE", `Cannot create ${file}: check that DATA_DIR is writable.`);
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Where the data key comes from: the configuration (lib/env.ts). */
export interface DataKeySettings {
  DATA_KEY?: string;
  DATA_DIR: string;
}

/**
 * The data key: DATA_KEY if set, else `<DATA_DIR>/secret.key`, created on first use with 0600.
 */
export function loadDataKey(settings: DataKeySettings): Buffer {
  if (settings.DATA_KEY?.trim()) return decodeKey(settings.DATA_KEY, "DATA_KEY");
  const dataDir = path.resolve(settings.DATA_DIR);
  const file = path.join(dataDir, "secret.key");
  if (!fs.existsSync(file)) createKeyFile(dataDir, file);
  let stat: fs.Stats;
  let text: string;
  try {
    stat = fs.statSync(file);
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new SecretBoxError("DATA_KEY_UNAVAILABLE", `Cannot read ${file}: check its owner and permissions.`);
  }
  if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
    throw new SecretBoxError(
      "DATA_KEY_FILE_UNSAFE",
      `${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); run \`chmod 600 ${file}\`.`,
    );
  }
  return decodeKey(text, file);
}

const holder = globalThis as unknown as { __secretBox?: SecretBox };

/** The process's secret box over the data key, loaded on first use (never at import). */
export function secretBox(): SecretBox {
  return (holder.__secretBox ??= createSecretBox(loadDataKey(env())));
}
