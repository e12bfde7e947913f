import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { getSectigoTokenRow, upsertSectigoTokenRow, type TokenRowValues } from "@/db/queries/sectigo-tokens";

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

const key = { endpoint: "http://127.0.0.1:8831", username: "tester" };
const sealed: TokenRowValues = {
  accessTokenEnc: "v1.access-ciphertext",
  refreshTokenEnc: "v1.refresh-ciphertext",
  subject: "/account/42/user/42",
  issuedAt: "2026-01-01T10:00:00.000Z",
  expiresAt: "2026-01-01T10:15:00.000Z",
  notBefore: "2026-01-01T10:00:00.000Z",
  refreshBy: "2026-01-01T12:00:00.000Z",
};
const cleared: TokenRowValues = { accessTokenEnc: null, refreshTokenEnc: null, subject: null, issuedAt: null, expiresAt: null, notBefore: null, refreshBy: null };

describe("sectigo token rows", () => {
  it("stores the row as given, one per account, and overwrites it in place", () => {
    expect(getSectigoTokenRow(db, key)).toBeUndefined();
    writeTx(db, (tx) => upsertSectigoTokenRow(tx, key, sealed, "2026-01-01T10:00:01.000Z"));
    const first = getSectigoTokenRow(db, key);
    expect(first).toMatchObject({ ...key, ...sealed, updatedAt: "2026-01-01T10:00:01.000Z" });
    writeTx(db, (tx) => upsertSectigoTokenRow(tx, key, cleared, "2026-01-01T10:00:02.000Z"));
    expect(getSectigoTokenRow(db, key)).toMatchObject({ id: first?.id, ...cleared, updatedAt: "2026-01-01T10:00:02.000Z" });
  });

  it("keeps accounts apart", () => {
    writeTx(db, (tx) => upsertSectigoTokenRow(tx, key, sealed, "2026-01-01T10:00:01.000Z"));
    expect(getSectigoTokenRow(db, { ...key, username: "other" })).toBeUndefined();
    expect(getSectigoTokenRow(db, { ...key, endpoint: "https://iot.sectigo.com" })).toBeUndefined();
  });
});
