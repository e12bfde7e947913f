/**
 * The redaction scrubber every audit entry's details pass through (docs/security.md S11: no
 * password, token, PKCS#12 password or private key ever enters the log).
 *
 * Rules:
 * - A key whose name looks like a secret (password, passphrase, secret, token, accessToken,
 *   refreshToken, pkcs12Password, privateKey, apiKey, authorization, cookie, credential, …;
 *   compared case- and punctuation-insensitively) keeps only booleans and null; any other value
 *   becomes "[redacted]". So `{ passwordSet: true }` survives and `{ password: "x" }` does not.
 * - Inside every string, PEM private-key blocks, JWTs, `Bearer …` credentials and the value
 *   after a secret-named key (`password=…`, `token: …`) are replaced by "[redacted]",
 *   wherever they appear (error messages included).
 * - The result is plain JSON data: Dates become ISO strings, bigints decimal strings, Errors
 *   { name, code, message }, binary data a size note; long strings are cut; cycles, excessive
 *   depth and oversized details are refused with AuditInputError.
 */
import "server-only";
import { AuditInputError } from "@/lib/audit/errors";
import { describeError } from "@/lib/errors";

export const REDACTED = "[redacted]";

const MAX_DEPTH = 12;
const MAX_STRING = 4096;

const SECRET_KEY_PARTS = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "privatekey",
  "apikey",
  "authorization",
  "cookie",
  "credential",
  "pkcs12pass",
  "p12pass",
];
const SECRET_KEY_EXACT = new Set(["pwd", "pass", "pin", "jwt", "bearer", "otp"]);

const PEM_PRIVATE_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g;
const JWT = /\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;
/** `password=…`, `token: …`, `"secret":"…"`: the value after a secret-named key in free text. */
const SECRET_ASSIGNMENT =
  /\b([A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|apikey|api_key|pwd|pkcs12pass|credential)[A-Za-z0-9_.-]*"?)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,)}\]]+)/gi;

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  return SECRET_KEY_EXACT.has(k) || SECRET_KEY_PARTS.some((part) => k.includes(part));
}

/** A string with embedded private keys, JWTs and bearer credentials replaced. */
export function scrubText(text: string): string {
  // Well-formed UTF-16 only: SQLite stores lone surrogates as U+FFFD, which would no longer
  // match the hash computed over the original string.
  const cleaned = text
    .toWellFormed()
    .replace(PEM_PRIVATE_KEY, REDACTED)
    .replace(JWT, REDACTED)
    .replace(BEARER, REDACTED)
    .replace(SECRET_ASSIGNMENT, (_all, key: string, sep: string) => `${key}${sep}${REDACTED}`);
  return cleaned.length > MAX_STRING ? `${cleaned.slice(0, MAX_STRING)}…[truncated]` : cleaned;
}

function scrubValue(value: unknown, depth: number, seen: Set<object>): unknown {
  if (value === null || value === undefined) return value ?? null;
  switch (typeof value) {
    case "string":
      return scrubText(value);
    case "number":
      return Number.isFinite(value) ? value : null;
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      // functions and symbols have no place in a record of what happened
      return null;
  }
  const obj = value as object;
  if (depth > MAX_DEPTH) throw new AuditInputError("Audit details are nested too deeply; record a summary instead.");
  if (seen.has(obj)) throw new AuditInputError("Audit details contain a cycle.");
  if (obj instanceof Date) return Number.isFinite(obj.getTime()) ? obj.toISOString() : null;
  if (obj instanceof Uint8Array || obj instanceof ArrayBuffer) return `[${obj.byteLength} bytes]`;
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((v) => scrubValue(v, depth + 1, seen) ?? null);
    if (obj instanceof Error) {
      const code = (obj as { code?: unknown }).code;
      return { name: obj.name, ...(typeof code === "string" ? { code } : {}), message: scrubText(obj.message) };
    }
    const out: Record<string, unknown> = {};
    for (const [rawKey, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      const key = rawKey.toWellFormed();
      if (isSecretKey(key)) {
        out[key] = v === null || typeof v === "boolean" ? v : REDACTED;
      } else {
        out[key] = scrubValue(v, depth + 1, seen);
      }
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/** A scrubbed, plain-JSON copy of `details`; the input is not modified. */
export function scrubDetails(details: unknown): Record<string, unknown> {
  if (details === undefined || details === null) return {};
  if (typeof details !== "object" || Array.isArray(details)) {
    throw new AuditInputError("Audit details must be an object.");
  }
  return scrubValue(details, 0, new Set()) as Record<string, unknown>;
}

/** One line about an error for the server log: code or name and message, scrubbed, no stack. */
export function errorLogLine(err: unknown, max = 300): string {
  return scrubText(describeError(err, max));
}
