/**
 * AUTH_SECRET: the key Auth.js encrypts session cookies with.
 *
 * Rules:
 * - When AUTH_SECRET is set it is used as is (lib/env.ts checks its length).
 * - When unset, a random 32-byte secret is created ONCE as `<DATA_DIR>/auth-secret` (mode
 *   0600, exclusive create, so two processes starting together agree on one) and reused on
 *   every start, so a restart does not sign everyone out. A file readable by group or others
 *   is refused: anyone who can read it can forge sessions.
 * - The secret never appears in a log or an error message.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AppError, hasCode } from "@/lib/errors";

export const AUTH_SECRET_FILE = "auth-secret";

export class AuthSecretError extends AppError {
  override readonly name = "AuthSecretError";
  constructor(message: string) {
    super("AUTH_SECRET_UNAVAILABLE", message, "Sign-in is not configured on this server. Tell an administrator.");
  }
}

function readSecretFile(file: string): string {
  const stat = fs.statSync(file);
  if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
    throw new AuthSecretError(
      `${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); run \`chmod 600 ${file}\` or set AUTH_SECRET.`,
    );
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  if (secret.length < 32) throw new AuthSecretError(`${file} does not hold a usable secret; delete it to have a new one made, or set AUTH_SECRET.`);
  return secret;
}

/**
 * The secret from `<dataDir>/auth-secret`, creating it when missing. Returns whether it was
 * created now (start-up says so once).
 */
export function loadOrCreateSecretFile(dataDir: string): { secret: string; created: boolean } {
  const file = path.join(dataDir, AUTH_SECRET_FILE);
  try {
    return { secret: readSecretFile(file), created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      if (hasCode(err, "AUTH_SECRET_UNAVAILABLE")) throw err;
      throw new AuthSecretError(`Cannot read ${file}: ${(err as Error).message}. Check DATA_DIR's permissions, or set AUTH_SECRET.`);
    }
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    fs.writeFileSync(file, `${secret}\n`, { flag: "wx", mode: 0o600 });
    return { secret, created: true };
  } catch (err) {
    // Another process created it between our read and write: use theirs.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return { secret: readSecretFile(file), created: false };
    throw new AuthSecretError(`Cannot create ${file}: ${(err as Error).message}. Check DATA_DIR's permissions, or set AUTH_SECRET.`);
  }
}

/** What the secret is chosen from: the configuration (lib/env.ts). */
export interface AuthSecretSettings {
  AUTH_SECRET?: string;
  DATA_DIR: string;
}

/**
 * The secret and where it came from: AUTH_SECRET, or the data folder's file (made now when
 * missing). Start-up calls it first, so a problem stops the start and "created" is said once.
 */
export function resolveAuthSecret(settings: AuthSecretSettings): { secret: string; source: "environment" | "file" | "created" } {
  const fromEnv = settings.AUTH_SECRET?.trim();
  if (fromEnv) return { secret: fromEnv, source: "environment" };
  const { secret, created } = loadOrCreateSecretFile(settings.DATA_DIR);
  return { secret, source: created ? "created" : "file" };
}

const holder = globalThis as unknown as { __authSecret?: string };

/** The secret for Auth.js at request time; read once per process, not on every request. */
export function authSecret(settings: AuthSecretSettings): string {
  return (holder.__authSecret ??= resolveAuthSecret(settings).secret);
}
