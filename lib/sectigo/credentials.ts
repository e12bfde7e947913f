/**
 * Where Sectigo tokens are kept between calls, and the CLI's credentials cache file
 * (docs/sectigo-protocol.md §3.5, §3.6).
 *
 * Rules kept: a store holds tokens and their derived times, NEVER the username or
 * password; the cache file is byte-compatible with the Go CLI (same path rule, same YAML
 * keys, `{}` when cleared, dir 0755, file 0644), and expired or broken tokens are cleared
 * when the file is loaded.
 */
import "server-only";
import { promises as fs } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { SectigoError } from "./errors";
import { formatGoTime, formatRfc3339Local } from "./go-time";
import {
  credentialsState,
  isCurrent,
  systemClock,
  tokenSetFromPair,
  type Clock,
  type CredentialsState,
  type TokenSet,
} from "./tokens";

export type StoredTokens = TokenSet;

/** Pluggable token storage: memory, the CLI cache file, or the portal database. */
export interface TokenStore {
  load(): Promise<StoredTokens | null>;
  /** `null` clears the stored tokens. */
  save(tokens: StoredTokens | null): Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  private tokens: StoredTokens | null;
  constructor(initial: StoredTokens | null = null) {
    this.tokens = initial;
  }
  async load(): Promise<StoredTokens | null> {
    return this.tokens === null ? null : { ...this.tokens };
  }
  async save(tokens: StoredTokens | null): Promise<void> {
    this.tokens = tokens === null ? null : { ...tokens };
  }
}

/**
 * `<cacheDir>/trisa/sectigo/credentials.yaml`, with the cache directory of
 * shibukawa/configdir: Linux and BSD `$XDG_CACHE_HOME` or `$HOME/.cache`, macOS
 * `$HOME/Library/Caches`, Windows `%LOCALAPPDATA%`.
 */
export function credentialsCachePath(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === "win32") {
    return path.win32.join(env.LOCALAPPDATA ?? "", "trisa", "sectigo", "credentials.yaml");
  }
  const home = env.HOME ?? "";
  const cacheDir =
    platform === "darwin"
      ? path.posix.join(home, "Library", "Caches")
      : env.XDG_CACHE_HOME
        ? env.XDG_CACHE_HOME
        : path.posix.join(home, ".cache");
  return path.posix.join(cacheDir, "trisa", "sectigo", "credentials.yaml");
}

/** The file is `path`, or the Go tool's cache file found from `env` (HOME, XDG_CACHE_HOME…). */
export type FileTokenStoreOptions = ({ path: string; env?: undefined } | { path?: undefined; env: Readonly<Record<string, string | undefined>> }) & {
  platform?: NodeJS.Platform;
  now?: Clock;
  /** Time zone of the RFC 3339 times written; the process zone by default. */
  timeZone?: string;
};

export class TokenStoreError extends SectigoError {
  constructor(filePath: string, cause: unknown) {
    super("TOKEN_STORE", `could not write the Sectigo credentials cache ${filePath}: check the directory's permissions`, {
      cause,
    });
  }
}

/** The Go CLI's credentials cache file. */
export class FileTokenStore implements TokenStore {
  readonly path: string;
  private readonly now: Clock;
  private readonly timeZone: string | undefined;

  constructor(options: FileTokenStoreOptions) {
    this.path = options.path ?? credentialsCachePath(options.env, options.platform);
    this.now = options.now ?? systemClock;
    this.timeZone = options.timeZone;
  }

  async exists(): Promise<boolean> {
    try {
      return (await fs.stat(this.path)).isFile();
    } catch {
      return false;
    }
  }

  async load(): Promise<StoredTokens | null> {
    let text: string;
    try {
      text = await fs.readFile(this.path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    const tokens = this.parse(text);
    if (tokens === "clear") {
      await this.save(null);
      return null;
    }
    return tokens;
  }

  async save(tokens: StoredTokens | null): Promise<void> {
    const dir = path.dirname(this.path);
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      await fs.mkdir(dir, { recursive: true, mode: 0o755 });
      // Write then rename, so a crash never leaves a half-written file behind.
      await fs.writeFile(tmp, serializeCache(tokens, this.timeZone), { mode: 0o644 });
      await fs.rename(tmp, this.path);
    } catch (err) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw new TokenStoreError(this.path, err);
    }
  }

  /** The tokens of the file; "clear" when they are inconsistent, unreadable or expired. */
  private parse(text: string): StoredTokens | null | "clear" {
    let doc: unknown;
    try {
      doc = YAML.parse(text);
    } catch {
      return "clear";
    }
    if (doc === null || doc === undefined) return null;
    if (typeof doc !== "object" || Array.isArray(doc)) return "clear";
    const record = doc as Record<string, unknown>;
    const access = typeof record.access_token === "string" ? record.access_token : "";
    const refresh = typeof record.refresh_token === "string" ? record.refresh_token : "";
    if (access === "" && refresh === "") return null;
    // Exactly one token is Check()'s TOKENS_MISMATCH: Go clears the file then too.
    if (access === "" || refresh === "") return "clear";
    try {
      // The times are derived again from the tokens: the claims are the truth, the file a copy.
      const tokens = tokenSetFromPair(access, refresh);
      return isCurrent(tokens, this.now()) ? tokens : "clear";
    } catch {
      return "clear";
    }
  }
}

/** The YAML of the cache file, keys in Go's struct order, each omitted when empty. */
export function serializeCache(tokens: StoredTokens | null, timeZone?: string): string {
  if (tokens === null) return "{}\n";
  const entries: [string, string][] = [
    ["access_token", tokens.accessToken],
    ["refresh_token", tokens.refreshToken],
    ["subject", tokens.subject],
    ["issued_at", time(tokens.issuedAt, timeZone)],
    ["expires_at", time(tokens.expiresAt, timeZone)],
    ["not_before", time(tokens.notBefore, timeZone)],
    ["refresh_by", time(tokens.refreshBy, timeZone)],
  ];
  const doc = Object.fromEntries(entries.filter(([, value]) => value !== ""));
  return Object.keys(doc).length === 0 ? "{}\n" : YAML.stringify(doc, { lineWidth: 0 });
}

function time(date: Date, timeZone?: string): string {
  return date.getTime() === 0 ? "" : formatRfc3339Local(date, timeZone);
}

/** The one line `sectigo auth --debug` prints (docs/sectigo-protocol.md §3.6), with Go's default time format. */
export function credentialsDebugLine(state: CredentialsState, timeZone?: string): string {
  if (state.valid && state.expiresAt !== undefined) {
    return `credentials are valid until ${formatGoTime(state.expiresAt, timeZone)}`;
  }
  if (state.current && state.refreshBy !== undefined) {
    return `credentials are current until ${formatGoTime(state.refreshBy, timeZone)}`;
  }
  return "credentials are expired or invalid";
}

/** The same line from tokens and a time. */
export function authDebugLine(tokens: TokenSet | null, now: Date, timeZone?: string): string {
  return credentialsDebugLine(credentialsState(tokens, now), timeZone);
}
