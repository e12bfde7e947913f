// withSectigoCall around the real client talking to the real simulator over HTTP, with the
// simulator's fault injection: what users meet when Sectigo fails or times out.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { SectigoClient } from "@/lib/sectigo";
import { MemoryTokenStore } from "@/lib/sectigo/credentials";
import { closedPort } from "@/lib/sectigo/test-support/fake-sectigo";
import type { RunningSimulator } from "@/lib/simulator";
import { removeDir, startTestSimulator, tempDir, TEST_PASSWORD, TEST_USER } from "@/lib/simulator/test-support";
import { withSectigoCall } from "@/lib/audit/sectigo-call";
import { verifyAuditChain } from "@/lib/audit/verify";

let simDir: string;
let sim: RunningSimulator;
let client: SectigoClient;
let t: TempDb;
let db: Db;

beforeAll(async () => {
  simDir = await tempDir();
  sim = await startTestSimulator(simDir);
  client = new SectigoClient({ endpoint: sim.url, username: TEST_USER, password: TEST_PASSWORD, timeoutMs: 500 });
  await client.ensureAuthenticated();
});
afterAll(async () => {
  await sim.close();
  await removeDir(simDir);
});
beforeEach(() => {
  sim.faults.clear();
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

const actor = { id: 1, email: "op@example.com", role: "operator" };
const outcomes = () =>
  db
    .select()
    .from(auditLog)
    .orderBy(auditLog.seq)
    .all()
    .map((e) => [e.outcome, e.intentSeq, JSON.parse(e.details) as Record<string, unknown>] as const);

function find(commonName: string) {
  return withSectigoCall(
    {
      db,
      actor,
      action: "certificate.find",
      target: { type: "common-name", id: commonName },
      resultDetails: (r) => ({ totalCount: r.totalCount }),
    },
    () => client.findCertificate({ commonName }),
  );
}

describe("withSectigoCall against the simulator", () => {
  it("a normal answer: requested, then succeeded", async () => {
    await find("nobody.example.com");
    expect(outcomes()).toEqual([
      ["requested", null, {}],
      ["succeeded", 1, { totalCount: 0 }],
    ]);
  });

  it("Sectigo never answers: unknown", async () => {
    sim.faults.inject({ kind: "timeout", match: "/api/v1/certificates/find" });
    await expect(find("slow.example.com")).rejects.toMatchObject({ code: "TIMEOUT" });
    expect(outcomes()[1]).toEqual(["unknown", 1, expect.objectContaining({ errorCode: "TIMEOUT" })]);
  });

  it("Sectigo answers 503: failed, with the status (an answer is not an unknown)", async () => {
    sim.faults.inject({ kind: "status", status: 503, match: "/api/v1/certificates/find", count: 3 });
    await expect(find("down.example.com")).rejects.toMatchObject({ code: "UPSTREAM", reached: "answered" });
    expect(outcomes()[1]).toEqual(["failed", 1, expect.objectContaining({ errorCode: "UPSTREAM", httpStatus: 503, reached: "answered" })]);
  });

  it("the connection drops after the request: unknown (Sectigo may have acted)", async () => {
    sim.faults.inject({ kind: "reset", match: "/api/v1/certificates/find" });
    await expect(find("reset.example.com")).rejects.toMatchObject({ code: "NETWORK", reached: "no-answer" });
    expect(outcomes()[1]).toEqual(["unknown", 1, expect.objectContaining({ errorCode: "NETWORK", reached: "no-answer" })]);
  });

  it("a success reply that cannot be read: unknown", async () => {
    sim.faults.inject({ kind: "malformed", match: "/api/v1/certificates/find" });
    await expect(find("garbled.example.com")).rejects.toMatchObject({ code: "BAD_RESPONSE", reached: "no-answer" });
    expect(outcomes()[1]).toEqual(["unknown", 1, expect.objectContaining({ errorCode: "BAD_RESPONSE" })]);
  });

  // A real TCP refusal: the port was just listened on and closed again, so nothing answers there.
  it.each([
    ["before any login (the login is refused)", false],
    ["with a valid token held (the call itself is refused)", true],
  ])("connection refused %s: failed, nothing was sent", async (_label, loggedIn) => {
    const tokenStore = new MemoryTokenStore();
    if (loggedIn) await new SectigoClient({ endpoint: sim.url, username: TEST_USER, password: TEST_PASSWORD, tokenStore }).ensureAuthenticated();
    const closed = await closedPort();
    const offline = new SectigoClient({ endpoint: `http://127.0.0.1:${closed}`, username: TEST_USER, password: TEST_PASSWORD, tokenStore, timeoutMs: 500, getRetries: 0 });
    await expect(
      withSectigoCall({ db, actor, action: "certificate.find" }, () => offline.findCertificate({ commonName: "x.example.com" })),
    ).rejects.toMatchObject({ code: "NETWORK", reached: "not-sent" });
    expect(outcomes()).toEqual([
      ["requested", null, {}],
      ["failed", 1, expect.objectContaining({ errorCode: "NETWORK", reached: "not-sent" })],
    ]);
  });

  it("Sectigo refuses (unknown serial): failed", async () => {
    await expect(
      withSectigoCall({ db, actor, action: "certificate.revoke", target: { type: "certificate", id: "DEADBEEF" } }, () =>
        client.revokeCertificate(17, 1, "DEADBEEF"),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(outcomes()[1]).toEqual(["failed", 1, expect.objectContaining({ errorCode: "NOT_FOUND" })]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 2 });
  });
});
