import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { sectigoTokens } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { DbTokenStore } from "@/lib/connection/token-store";
import type { StoredTokens } from "@/lib/sectigo";

const box = createSecretBox(randomBytes(32));
const tokens: StoredTokens = {
  accessToken: "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJhIn0.access-signature",
  refreshToken: "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJyIn0.refresh-signature",
  subject: "/account/42/user/42",
  issuedAt: new Date("2026-01-01T10:00:00.000Z"),
  expiresAt: new Date("2026-01-01T10:15:00.000Z"),
  notBefore: new Date("2026-01-01T10:00:00.000Z"),
  refreshBy: new Date("2026-01-01T12:00:00.000Z"),
};

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

describe("DbTokenStore", () => {
  const key = { endpoint: "http://127.0.0.1:8831", username: "tester" };

  it("stores and loads the tokens of one account", async () => {
    const store = new DbTokenStore(db, key, () => box);
    expect(await store.load()).toBeNull();
    await store.save(tokens);
    expect(await store.load()).toEqual(tokens);
    // a second process (another store on another connection) sees the same login
    expect(await new DbTokenStore(t.reopen(), key, () => box).load()).toEqual(tokens);
  });

  it("keeps tokens only encrypted at rest, and never a password", async () => {
    await new DbTokenStore(db, key, () => box).save(tokens);
    const raw = JSON.stringify(db.$client.prepare("SELECT * FROM sectigo_tokens").all());
    expect(raw).not.toContain("access-signature");
    expect(raw).not.toContain("refresh-signature");
    expect(raw).not.toMatch(/password/i);
  });

  it("keeps accounts apart and clears with null", async () => {
    const a = new DbTokenStore(db, key, () => box);
    const b = new DbTokenStore(db, { ...key, username: "other" }, () => box);
    await a.save(tokens);
    expect(await b.load()).toBeNull();
    await a.save(null);
    expect(await a.load()).toBeNull();
    expect(db.select().from(sectigoTokens).all()).toHaveLength(1);
  });

  it("treats tokens sealed under another data key as absent (the client logs in again)", async () => {
    await new DbTokenStore(db, key, () => box).save(tokens);
    expect(await new DbTokenStore(db, key, () => createSecretBox(randomBytes(32))).load()).toBeNull();
  });

  it("a ciphertext copied onto another account's row does not decrypt there", async () => {
    await new DbTokenStore(db, key, () => box).save(tokens);
    const other = { ...key, username: "mallory" };
    await new DbTokenStore(db, other, () => box).save({ ...tokens, accessToken: "x.y.z", refreshToken: "x.y.z" });
    db.$client.exec(
      "UPDATE sectigo_tokens SET access_token_enc = (SELECT access_token_enc FROM sectigo_tokens WHERE username = 'tester') WHERE username = 'mallory'",
    );
    expect(await new DbTokenStore(db, other, () => box).load()).toBeNull();
  });
});
