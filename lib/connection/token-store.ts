/**
 * The Sectigo token cache in the database: one row per (endpoint, username), tokens encrypted
 * at rest with the data key, bound to their row. Never the password. DbTokenStore plugs it
 * into the client (lib/sectigo TokenStore), so every server process shares one login.
 */
import "server-only";
import { writeTx, type Db } from "@/db/client";
import { getSectigoTokenRow, upsertSectigoTokenRow, type TokenKey, type TokenRowValues } from "@/db/queries/sectigo-tokens";
import { systemClock, toIso, type Clock } from "@/db/time";
import { secretBox, type SecretBox } from "@/lib/crypto/secret-box";
import { hasCode } from "@/lib/errors";
import type { StoredTokens, TokenStore } from "@/lib/sectigo/credentials";

export type { TokenKey };

function context(key: TokenKey, which: "access" | "refresh"): string {
  return `sectigo-token:${which}:${key.endpoint}:${key.username}`;
}

/** The cached tokens, or null when none are stored (or they were cleared). */
export function loadSectigoTokens(db: Db, key: TokenKey, box: () => SecretBox = secretBox): StoredTokens | null {
  const row = getSectigoTokenRow(db, key);
  if (!row || !row.accessTokenEnc || !row.refreshTokenEnc) return null;
  if (!row.issuedAt || !row.expiresAt || !row.notBefore || !row.refreshBy) return null;
  let accessToken: string;
  let refreshToken: string;
  try {
    accessToken = box().decrypt(row.accessTokenEnc, context(key, "access"));
    refreshToken = box().decrypt(row.refreshTokenEnc, context(key, "refresh"));
  } catch (err) {
    // A cache that cannot be read (the data key changed) is no cache: the client logs in again.
    if (hasCode(err, "SECRET_UNREADABLE")) return null;
    throw err;
  }
  return {
    accessToken,
    refreshToken,
    subject: row.subject ?? "",
    issuedAt: new Date(row.issuedAt),
    expiresAt: new Date(row.expiresAt),
    notBefore: new Date(row.notBefore),
    refreshBy: new Date(row.refreshBy),
  };
}

/** Stores (or, with null, clears) the tokens of one account. */
export function saveSectigoTokens(
  db: Db,
  key: TokenKey,
  tokens: StoredTokens | null,
  clock: Clock = systemClock,
  box: () => SecretBox = secretBox,
): void {
  const values: TokenRowValues =
    tokens === null
      ? { accessTokenEnc: null, refreshTokenEnc: null, subject: null, issuedAt: null, expiresAt: null, notBefore: null, refreshBy: null }
      : {
          accessTokenEnc: box().encrypt(tokens.accessToken, context(key, "access")),
          refreshTokenEnc: box().encrypt(tokens.refreshToken, context(key, "refresh")),
          subject: tokens.subject,
          issuedAt: toIso(tokens.issuedAt),
          expiresAt: toIso(tokens.expiresAt),
          notBefore: toIso(tokens.notBefore),
          refreshBy: toIso(tokens.refreshBy),
        };
  const updatedAt = toIso(clock());
  writeTx(db, (tx) => upsertSectigoTokenRow(tx, key, values, updatedAt));
}

/** A TokenStore for SectigoClient that keeps tokens in the portal database. */
export class DbTokenStore implements TokenStore {
  constructor(
    private readonly db: Db | (() => Db),
    private readonly key: TokenKey,
    private readonly box: () => SecretBox = secretBox,
  ) {}

  private handle(): Db {
    return typeof this.db === "function" ? this.db() : this.db;
  }

  async load(): Promise<StoredTokens | null> {
    return loadSectigoTokens(this.handle(), this.key, this.box);
  }

  async save(tokens: StoredTokens | null): Promise<void> {
    saveSectigoTokens(this.handle(), this.key, tokens, systemClock, this.box);
  }
}
