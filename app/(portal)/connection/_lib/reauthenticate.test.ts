// Re-authenticate against the real simulator: a new login even while the token is valid,
// recorded as requested → succeeded; a refused login is recorded as failed and explained;
// neither the password nor a token enters the log or the result.
import net from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { SectigoClient } from "@/lib/sectigo";
import type { RunningSimulator } from "@/lib/simulator";
import { removeDir, startTestSimulator, tempDir, TEST_PASSWORD, TEST_USER } from "@/lib/simulator/test-support";
import { reauthenticate } from "./reauthenticate";

const admin = { id: 1, email: "admin@example.com", role: "admin" };
let dir: string;
let sim: RunningSimulator;
let t: TempDb;

// Starting a simulator creates its CA keys: slow on a busy 2-core machine.
beforeAll(async () => {
  dir = await tempDir("reauth-test-");
  sim = await startTestSimulator(path.join(dir, "data"));
}, 120_000);
afterAll(async () => {
  await sim.close();
  await removeDir(dir);
});
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());

const entries = () => t.db.select().from(auditLog).orderBy(auditLog.seq).all();

it("logs in again although the token is valid, and records requested then succeeded", async () => {
  const client = new SectigoClient({ endpoint: sim.url, username: TEST_USER, password: TEST_PASSWORD });
  await client.ensureAuthenticated();
  sim.resetStats();

  const result = await reauthenticate({ db: t.db, actor: admin, ip: "127.0.0.1", endpoint: sim.url, client });
  expect(sim.stats().calls["POST /auth/pwd"]).toBe(1);
  expect(result.credentials.phrase).toBe("valid until");
  const log = entries();
  expect(log.map((e) => [e.action, e.outcome, e.intentSeq])).toEqual([
    ["sectigo.authenticate", "requested", null],
    ["sectigo.authenticate", "succeeded", 1],
  ]);
  expect(result.auditSeq).toBe(2);
  expect(JSON.parse(log[1]!.details)).toMatchObject({ subject: expect.any(String), expiresAt: expect.stringMatching(/Z$/) });
  const text = JSON.stringify([log, result]);
  expect(text).not.toContain(TEST_PASSWORD);
  expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
});

it("a refused login is recorded as failed and explained without the password", async () => {
  const client = new SectigoClient({ endpoint: sim.url, username: TEST_USER, password: "wrong-password-123" });
  await expect(reauthenticate({ db: t.db, actor: admin, ip: null, endpoint: sim.url, client })).rejects.toMatchObject({
    code: "SECTIGO_LOGIN_FAILED",
    userMessage: expect.stringMatching(/^Sectigo refused the portal's username and password \(HTTP 401\).*The attempt is in the audit log\.$/),
  });
  expect(entries().map((e) => [e.outcome, JSON.parse(e.details).errorCode ?? null])).toEqual([
    ["requested", null],
    ["failed", "INVALID_CREDENTIALS"],
  ]);
  expect(JSON.stringify(entries())).not.toContain("wrong-password-123");
});

it("nothing is sent to Sectigo when the intent cannot be recorded", async () => {
  const client = new SectigoClient({ endpoint: sim.url, username: TEST_USER, password: TEST_PASSWORD });
  sim.resetStats();
  await expect(
    reauthenticate({ db: t.reopen({ readonly: true }), actor: admin, ip: null, endpoint: sim.url, client }),
  ).rejects.toMatchObject({ code: "AUDIT_UNAVAILABLE" });
  expect(sim.stats().totalCalls).toBe(0);
});

it("Sectigo unreachable: nothing was sent, so the login is recorded as failed and the host is named", async () => {
  const port = await closedPort();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new SectigoClient({ endpoint, username: TEST_USER, password: TEST_PASSWORD });
  await expect(reauthenticate({ db: t.db, actor: admin, ip: null, endpoint, client })).rejects.toMatchObject({
    code: "SECTIGO_LOGIN_FAILED",
    userMessage: expect.stringMatching(new RegExp(`^Sectigo could not be reached at 127\\.0\\.0\\.1:${port} .*nothing was sent, so no new login was made`)),
  });
  expect(entries().map((e) => [e.outcome, JSON.parse(e.details).errorCode ?? null])).toEqual([
    ["requested", null],
    ["failed", "NETWORK"],
  ]);
});

it("a login that gets no answer is recorded as unknown: Sectigo may have logged the portal in", async () => {
  // Accepts the connection, reads the request, never answers.
  const silent = net.createServer((socket) => socket.on("data", () => undefined));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  try {
    const client = new SectigoClient({ endpoint, username: TEST_USER, password: TEST_PASSWORD, timeoutMs: 500 });
    await expect(reauthenticate({ db: t.db, actor: admin, ip: null, endpoint, client })).rejects.toMatchObject({
      code: "SECTIGO_LOGIN_FAILED",
      userMessage: expect.stringMatching(/^Sectigo did not answer within 0.5 s\. Try again in a moment\./),
    });
    expect(entries().map((e) => e.outcome)).toEqual(["requested", "unknown"]);
  } finally {
    silent.close();
  }
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
