/**
 * Staff password hashing, checking and policy (docs/security.md S7).
 *
 * Rules:
 * - scrypt (node:crypto), N=2^15 r=8 p=1, 16-byte salt, 32-byte key. The stored form names
 *   its parameters — `scrypt$ln=15,r=8,p=1$<salt b64url>$<key b64url>` — so they can be raised
 *   later without invalidating old hashes (verifyPassword reads them from the hash).
 * - Comparison is constant-time (timingSafeEqual), and an unknown e-mail still costs one full
 *   scrypt (dummyVerify), so response time does not tell whether an account exists.
 * - Hashing runs on libuv's thread pool (async scrypt): ~0.1–0.2 s of CPU must not block
 *   the event loop of a server that also answers pages.
 * - A password never appears in a log, an error message or an audit entry.
 */
import "server-only";
import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const SCHEME = "scrypt";
const KEY_BYTES = 32;
const SALT_BYTES = 16;

export interface ScryptParams {
  /** log2 of N */
  ln: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = Object.freeze({ ln: 15, r: 8, p: 1 });
/** Hashes with parameters beyond these are refused rather than run (a crafted row could hang the server). */
const MAX_LN = 20;
const MAX_R = 32;
const MAX_P = 16;

export const MIN_PASSWORD_LENGTH = 12;
/** scrypt's cost hardly depends on length, but a megabyte "password" is not a password. */
export const MAX_PASSWORD_LENGTH = 256;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node refuses by default above 32 MiB; scrypt needs 128·N·r bytes plus slack.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize("NFKC"), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** A new self-describing hash of `password`. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, params);
  return `${SCHEME}$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== SCHEME) return null;
  const m = /^ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})$/.exec(parts[1] ?? "");
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 10 || params.ln > MAX_LN || params.r < 1 || params.r > MAX_R || params.p < 1 || params.p > MAX_P) return null;
  const salt = Buffer.from(parts[2] ?? "", "base64url");
  const key = Buffer.from(parts[3] ?? "", "base64url");
  if (salt.length < 8 || key.length !== KEY_BYTES) return null;
  return { params, salt, key };
}

/** True when `password` matches `stored`. A malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) {
    await dummyVerify(password);
    return false;
  }
  const key = await scrypt(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** Spends the time of one verification, for e-mails that have no account. Always false. */
export async function dummyVerify(password: string): Promise<false> {
  const key = await scrypt(password, randomBytes(SALT_BYTES), DEFAULT_SCRYPT);
  timingSafeEqual(key, Buffer.alloc(KEY_BYTES));
  return false;
}

/** Whether a stored hash was made with weaker parameters than today's (re-hash at next login). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  const p = parsed.params;
  return p.ln < DEFAULT_SCRYPT.ln || p.r < DEFAULT_SCRYPT.r || p.p < DEFAULT_SCRYPT.p;
}

/**
 * The staff password policy: the problems with `password`, as sentences; empty when it is
 * acceptable. Length is counted in characters (code points), as a person counts them.
 */
export function passwordProblems(password: string, email?: string | null): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters (this one has ${length}).`);
  }
  if (length > MAX_PASSWORD_LENGTH) problems.push(`Use at most ${MAX_PASSWORD_LENGTH} characters.`);
  if (password.trim() === "" && length > 0) problems.push("A password cannot be only spaces.");
  const mail = email?.trim().toLowerCase();
  if (mail) {
    const p = password.trim().toLowerCase();
    const local = mail.split("@")[0] ?? "";
    if (p === mail || (local.length > 0 && p === local)) problems.push("The password cannot be the e-mail address.");
  }
  return problems;
}

// No look-alike characters (0/O, 1/l/I): generated passwords are read off a screen and typed.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
export const GENERATED_PASSWORD_LENGTH = 20;

/** A crypto-random password (20 characters ≈ 116 bits) that passes the policy. */
export function generatePassword(length = GENERATED_PASSWORD_LENGTH): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
