// The portal's client keeps its Sectigo tokens in the database: a restarted portal (a new
// client over the same database file) reuses a valid login instead of logging in again, and
// the password is never stored.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DbTokenStore } from "@/lib/connection/token-store";
import { sectigoTokens } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { SectigoClient } from "@/lib/sectigo";
import type { RunningSimulator } from "@/lib/simulator";
import { removeDir, startTestSimulator, tempDir, TEST_PASSWORD, TEST_USER } from "@/lib/simulator/test-support";

let dir: string;
let sim: RunningSimulator;
let t: TempDb;
const box = createSecretBox(randomBytes(32));

// Starting a simulator creates its CA keys: slow on a busy 2-core machine.
beforeAll(async () => {
  dir = await tempDir("connection-test-");
  sim = await startTestSimulator(path.join(dir, "data"));
  t = tempDb();
}, 120_000);
afterAll(async () => {
  await sim.close();
  t.cleanup();
  await removeDir(dir);
});

function portalClient(db = t.db): SectigoClient {
  return new SectigoClient({
    endpoint: sim.url,
    username: TEST_USER,
    password: TEST_PASSWORD,
    tokenStore: new DbTokenStore(db, { endpoint: sim.url, username: TEST_USER }, () => box),
  });
}

it("a restarted portal reuses the stored login; the row holds no password and no plain token", async () => {
  const first = portalClient();
  await first.authenticate();
  const state = await first.credentialsState();
  expect(state.valid).toBe(true);

  sim.resetStats();
  const restarted = portalClient(t.reopen());
  expect((await restarted.credentialsState()).expiresAt).toEqual(state.expiresAt);
  await restarted.licensesUsed();
  const calls = sim.stats().calls;
  expect(calls["POST /auth/pwd"] ?? 0).toBe(0);
  expect(calls["POST /auth/refresh"] ?? 0).toBe(0);

  const rows = t.db.select().from(sectigoTokens).all();
  expect(rows).toHaveLength(1);
  const stored = JSON.stringify(rows);
  expect(stored).not.toContain(TEST_PASSWORD);
  expect(stored).not.toMatch(/eyJ[A-Za-z0-9_-]+\./); // no JWT in clear
  expect(rows[0]).toMatchObject({ endpoint: sim.url, username: TEST_USER });
});
