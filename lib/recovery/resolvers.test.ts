// Start-up recovery of dangling intents against the real simulator over HTTP: each kind of
// intent, the outcome recorded, and the local rows the intent left pending.
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db, type Tx } from "@/db/client";
import { getBatch, insertBatch } from "@/db/queries/batches";
import { beginRevocation, listRevocations } from "@/db/queries/revocations";
import { users } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { appendAudit, findDanglingIntents, getAuditEntry, verifyAuditChain, type AuditEntryInput } from "@/lib/audit";
import { SectigoClient } from "@/lib/sectigo";
import type { RunningSimulator } from "@/lib/simulator";
import { removeDir, singleParams, startTestSimulator, tempDir, TEST_PASSWORD, TEST_USER, waitFor } from "@/lib/simulator/test-support";
import { recoverDanglingIntents, runWithRetries, type StartupRecoveryClient } from "@/lib/recovery/run";

const AUTHORITY = 423;
const operator = { id: 7, email: "op@example.com", role: "operator" };
/** Every intent written by a test is older than this "boot time". */
const BOOT = () => new Date(Date.now() + 60_000);

let simDir: string;
let sim: RunningSimulator;
let client: SectigoClient;
let revokedSerial: string;
let validSerial: string;
let validBatchId: number;
let t: TempDb;
let db: Db;

async function issue(cn: string): Promise<{ batchId: number; serial: string }> {
  const batch = await client.createSingleCertBatch({ authorityId: AUTHORITY, batchName: cn, profileParams: singleParams(cn) });
  const found = await waitFor(
    () => client.findCertificate({ commonName: cn }),
    (r) => r.totalCount > 0,
  );
  return { batchId: batch.batchId, serial: found.items[0]!.serialNumber };
}

// Starting a simulator creates its CA keys: slow on a busy 2-core machine.
beforeAll(async () => {
  simDir = await tempDir("recovery-test-");
  sim = await startTestSimulator(path.join(simDir, "data"), { processingDelayMs: 0 });
  client = new SectigoClient({ endpoint: sim.url, username: TEST_USER, password: TEST_PASSWORD, timeoutMs: 2000, getRetries: 0 });
  const a = await issue("revoked.recovery.example.com");
  const b = await issue("valid.recovery.example.com");
  await client.revokeCertificate(AUTHORITY, 1, a.serial);
  revokedSerial = a.serial;
  validSerial = b.serial;
  validBatchId = b.batchId;
}, 120_000);

afterAll(async () => {
  await sim.close();
  await removeDir(simDir);
});

beforeEach(() => {
  sim.faults.clear();
  t = tempDb();
  db = t.db;
  const at = new Date().toISOString();
  db.insert(users)
    .values({ id: operator.id, email: operator.email, name: "Op", role: "operator", passwordHash: "x", createdAt: at, updatedAt: at })
    .run();
});
afterEach(() => t.cleanup());

/** Commits an intent (and the state its action writes with it), as withSectigoCall does before a crash. */
function intent<S>(state: (tx: Tx) => S, entry: (s: S) => Omit<AuditEntryInput, "actor" | "outcome">): { seq: number; state: S } {
  return writeTx(db, (tx) => {
    const s = state(tx);
    return { seq: appendAudit(tx, { ...entry(s), actor: operator, outcome: "requested" }).seq, state: s };
  });
}

/** As lib/revocation writes it: the serial, and the id of the pending revocation row. */
function revokeIntent(serial: string): number {
  return intent(
    (tx) => beginRevocation(tx, { serial, reasonCode: 1, requestedBy: operator.id }),
    (row) => ({ action: "certificate.revoke", target: { type: "certificate", id: serial }, details: { serial, reasonCode: 1, profileId: AUTHORITY, revocationId: row.id } }),
  ).seq;
}

function batchIntent(action: string, details: Record<string, unknown>): { seq: number; localId: number } {
  const { seq, state } = intent(
    (tx) => insertBatch(tx, { kind: "single", batchName: String(details.batchName), createdBy: operator.id }),
    (row) => ({ action, target: { type: "batch", id: row.id }, details }),
  );
  return { seq, localId: state.id };
}

function plainIntent(action: string): number {
  return intent(
    () => null,
    () => ({ action, target: { type: "batch", id: 5 } }),
  ).seq;
}

const recover = (c: StartupRecoveryClient = client) => recoverDanglingIntents(db, c, { olderThan: BOOT() });

function outcomeOf(intentSeq: number) {
  const detail = getAuditEntry(db, intentSeq);
  expect(detail?.outcomes).toHaveLength(1);
  return detail!.outcomes[0]!;
}

describe("certificate.revoke intents", () => {
  it("a serial Sectigo shows REVOKED is succeeded, and the pending revocation is closed", async () => {
    const seq = revokeIntent(revokedSerial);
    const run = await recover();
    expect(run).toMatchObject({ status: "resolved", resolved: [{ intentSeq: seq, outcome: "succeeded" }] });
    const outcome = outcomeOf(seq);
    expect(outcome).toMatchObject({ outcome: "succeeded", action: "certificate.revoke", intentSeq: seq, actor: { email: "system" } });
    expect(outcome.details).toMatchObject({ resolvedBy: "recovery", sectigoStatus: "REVOKED" });
    expect(listRevocations(db, { serial: revokedSerial })[0]?.outcome).toBe("succeeded");
  });

  it("a serial present but not revoked is failed, and the certificate may be revoked again", async () => {
    const seq = revokeIntent(validSerial);
    await recover();
    expect(outcomeOf(seq)).toMatchObject({ outcome: "failed", details: { sectigoStatus: "READY_FOR_DOWNLOAD" } });
    expect(listRevocations(db, { serial: validSerial })[0]?.outcome).toBe("failed");
    // Only pending/succeeded revocations block a serial: a new attempt is allowed.
    expect(() => writeTx(db, (tx) => beginRevocation(tx, { serial: validSerial, reasonCode: 1, requestedBy: operator.id }))).not.toThrow();
  });

  it("an intent naming only the target serial still closes that serial's pending revocation", async () => {
    const { seq } = intent(
      (tx) => beginRevocation(tx, { serial: revokedSerial, reasonCode: 4, requestedBy: operator.id }),
      () => ({ action: "certificate.revoke", target: { type: "certificate", id: revokedSerial } }),
    );
    await recover();
    expect(outcomeOf(seq).outcome).toBe("succeeded");
    expect(listRevocations(db, { serial: revokedSerial })[0]).toMatchObject({ outcome: "succeeded", reasonCode: 4 });
  });

  it("a serial Sectigo does not know is failed", async () => {
    const seq = revokeIntent("0A0B0C0D0E0F");
    await recover();
    const outcome = outcomeOf(seq);
    expect(outcome.outcome).toBe("failed");
    expect(String(outcome.details.note)).toMatch(/does not know serial/);
  });

  it("an error from Sectigo while asking is unknown, never succeeded", async () => {
    const seq = revokeIntent(revokedSerial);
    await client.ensureAuthenticated();
    sim.faults.inject({ kind: "status", status: 503, match: "/api/v1/certificates/find" });
    await recover();
    expect(outcomeOf(seq)).toMatchObject({ outcome: "unknown", details: { errorCode: "UPSTREAM", resolvedBy: "recovery" } });
    expect(listRevocations(db, { serial: revokedSerial })[0]?.outcome).toBe("unknown");
  });
});

describe("batch-creating intents", () => {
  it("batch.create without a Sectigo id is unknown with a note for an operator; the batch row says unknown", async () => {
    const { seq, localId } = batchIntent("batch.create", { batchName: "lost-in-crash" });
    await recover();
    const outcome = outcomeOf(seq);
    expect(outcome.outcome).toBe("unknown");
    expect(String(outcome.details.note)).toMatch(/"lost-in-crash"/);
    expect(getBatch(db, localId)).toMatchObject({ state: "unknown", sectigoBatchId: null });
  });

  it("a Sectigo id that exists with the same name is succeeded, and the batch goes to the poller", async () => {
    const { seq, localId } = batchIntent("csr.upload", { batchName: "valid.recovery.example.com", sectigoBatchId: validBatchId });
    await recover();
    expect(outcomeOf(seq)).toMatchObject({ outcome: "succeeded", details: { sectigoBatchId: validBatchId } });
    expect(getBatch(db, localId)).toMatchObject({ sectigoBatchId: validBatchId, state: "processing", nextCheckAt: null });
  });

  it("a Sectigo id whose batch has another name is unknown, not succeeded", async () => {
    const { seq, localId } = batchIntent("batch.create", { batchName: "some-other-name", batchId: validBatchId });
    await recover();
    expect(outcomeOf(seq).outcome).toBe("unknown");
    expect(getBatch(db, localId)?.sectigoBatchId).toBeNull();
  });

  it("a Sectigo id that does not exist is failed; the batch row is marked errored", async () => {
    const { seq, localId } = batchIntent("batch.create", { batchName: "ghost", batchId: 987654 });
    await recover();
    expect(outcomeOf(seq).outcome).toBe("failed");
    expect(getBatch(db, localId)).toMatchObject({ state: "errored" });
  });
});

describe("intents without a side effect to check", () => {
  it.each(["batch.download", "sectigo.authenticate", "something.else"])("%s is unknown with a note", async (action) => {
    const seq = plainIntent(action);
    await recover();
    const outcome = outcomeOf(seq);
    expect(outcome.outcome).toBe("unknown");
    expect(typeof outcome.details.note).toBe("string");
  });
});

describe("a recovery run", () => {
  it("asks Sectigo nothing when no intent is open", async () => {
    const fake = { ensureAuthenticated: () => Promise.reject(new Error("must not be called")) } as unknown as StartupRecoveryClient;
    expect(await recover(fake)).toEqual({ status: "nothing-to-do" });
  });

  it("leaves intents written after the start alone (their calls may still be running)", async () => {
    const seq = revokeIntent(revokedSerial);
    const run = await recoverDanglingIntents(db, client, { olderThan: new Date(Date.now() - 60_000) });
    expect(run).toEqual({ status: "nothing-to-do" });
    expect(findDanglingIntents(db).map((e) => e.seq)).toEqual([seq]);
  });

  it("defers everything, recording nothing, while Sectigo cannot be reached", async () => {
    const seq = revokeIntent(revokedSerial);
    const down = new SectigoClient({ endpoint: "http://127.0.0.1:9", username: TEST_USER, password: TEST_PASSWORD, timeoutMs: 500, getRetries: 0 });
    const run = await recover(down);
    expect(run).toMatchObject({ status: "deferred", open: 1 });
    expect(findDanglingIntents(db).map((e) => e.seq)).toEqual([seq]);
    expect(listRevocations(db, { serial: revokedSerial })[0]?.outcome).toBe("pending");
  });

  it("retries after a deferral and then resolves; the chain still verifies", async () => {
    const seq = revokeIntent(revokedSerial);
    let calls = 0;
    const flaky: StartupRecoveryClient = {
      ensureAuthenticated: () => (++calls === 1 ? Promise.reject(Object.assign(new Error("down"), { code: "NETWORK" })) : client.ensureAuthenticated()),
      findCertificate: (q) => client.findCertificate(q),
      batchDetail: (id) => client.batchDetail(id),
    };
    const lines: string[] = [];
    const waits: number[] = [];
    const run = await runWithRetries({
      db: () => db,
      client: async () => flaky,
      olderThan: BOOT(),
      retryDelaysMs: [5, 10],
      log: (line) => lines.push(line),
      wait: async (ms) => void waits.push(ms),
    });
    expect(run).toMatchObject({ status: "resolved", resolved: [{ intentSeq: seq, outcome: "succeeded" }] });
    expect(waits).toEqual([5]);
    expect(lines[0]).toMatch(/could not be reached \(NETWORK\); 1 dangling audit intent\(s\) stay open, retrying/);
    expect(lines[1]).toMatch(new RegExp(`#${seq} certificate.revoke → succeeded`));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 2 });
  });

  it("gives up after the last retry and says the intents wait for the next start", async () => {
    revokeIntent(revokedSerial);
    const down = { ensureAuthenticated: () => Promise.reject(Object.assign(new Error("x"), { code: "TIMEOUT" })) } as unknown as StartupRecoveryClient;
    const lines: string[] = [];
    const run = await runWithRetries({
      db: () => db,
      client: async () => down,
      olderThan: BOOT(),
      retryDelaysMs: [1],
      log: (line) => lines.push(line),
      wait: async () => undefined,
    });
    expect(run).toMatchObject({ status: "deferred" });
    expect(lines.at(-1)).toMatch(/until the next start$/);
    expect(lines).toHaveLength(2);
  });
});
