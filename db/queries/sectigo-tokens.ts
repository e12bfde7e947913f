/**
 * The Sectigo token cache rows: one per (endpoint, username), holding the tokens as secret-box
 * ciphertext and the times derived from them. Never the password. Sealing and opening the
 * tokens, and the TokenStore the client uses, are lib/connection/token-store.ts.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { sectigoTokens, type SectigoTokenRow } from "@/db/schema";

export interface TokenKey {
  endpoint: string;
  username: string;
}

/** The columns of a row besides its key; all null for a cleared cache. */
export type TokenRowValues = Pick<
  SectigoTokenRow,
  "accessTokenEnc" | "refreshTokenEnc" | "subject" | "issuedAt" | "expiresAt" | "notBefore" | "refreshBy"
>;

function whereKey(key: TokenKey) {
  return and(eq(sectigoTokens.endpoint, key.endpoint), eq(sectigoTokens.username, key.username));
}

export function getSectigoTokenRow(db: Db | Tx, key: TokenKey): SectigoTokenRow | undefined {
  return db.select().from(sectigoTokens).where(whereKey(key)).get();
}

/** Writes the account's row, creating it on first use. */
export function upsertSectigoTokenRow(tx: Tx, key: TokenKey, values: TokenRowValues, updatedAt: string): void {
  tx.insert(sectigoTokens)
    .values({ ...key, ...values, updatedAt })
    .onConflictDoUpdate({ target: [sectigoTokens.endpoint, sectigoTokens.username], set: { ...values, updatedAt } })
    .run();
}
