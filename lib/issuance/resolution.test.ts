// Failed and unknown creates against the real simulator and a temporary database: the
// batch page's sentences in last_error, Retry of a failed create (new password, new
// intent), the two ways to settle an unknown one (link a matching Sectigo batch, close with
// a reason), who wins when two people act at once, and the ZIP refused for a revoked batch.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeTx } from "@/db/client";
import { batchPkcs12Password, getBatch } from "@/db/queries/batches";
import { markCertificateRevoked } from "@/db/queries/certificates";
import { certificates } from "@/db/schema";
import { verifyAuditChain } from "@/lib/audit/verify";
import { isDomainError, type DomainError } from "@/lib/errors";
import { batchSubmitFailure } from "./batch-failure";
import { createSingleCertificate, retrySingleCertificate } from "./create-single";
import { retryCsrUpload, uploadCsrs } from "./csr-upload";
import { downloadBatchZip } from "./download";
import { closeUnknownBatch, linkUnknownBatch } from "./resolve";
import { ADMIN, advanceUntil, auditRows, AUTHORITY_EE, csrPem, expectNotInAudit, openTestDb, startHarness, type Harness, type TestDb } from "./test-support";

let h: Harness;
let t: TestDb;

beforeAll(async () => {
  h = await startHarness("resolution-test-");
  await h.client.ensureAuthenticated();
}, 60_000);
afterAll(async () => h.close());
afterEach(() => {
  h.sim.faults.clear();
  t?.temp.cleanup();
});

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<DomainError> {
  let err: unknown;
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(isDomainError(err)).toBe(true);
  return err as DomainError;
}

const CREATE = "PUT /api/v1/batches/createSingleCertBatch";
const calls = (endpoint: string) => h.sim.stats().calls[endpoint] ?? 0;
const resolves = (db: TestDb["db"]) => auditRows(db).filter((r) => r.action === "batch.resolve");

/**
 * A create whose answer is lost (the simulator never answers; the client gives up at 3 s),
 * and what a person would then find in Sectigo: the batch the lost request made. The
 * simulator drops a request it does not answer, so the batch is made here with the very
 * name, authority and PKCS#12 password of the lost request.
 */
async function unknownCreate(commonName: string) {
  h.sim.faults.inject({ kind: "timeout", match: "/api/v1/batches/createSingleCertBatch" });
  const err = await rejection(createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName, dnsNames: [] }));
  const failure = batchSubmitFailure(err);
  expect(failure?.outcome).toBe("unknown");
  const row = getBatch(t.db, failure!.localBatchId)!;
  const made = await h.client.createSingleCertBatch({
    authorityId: AUTHORITY_EE,
    batchName: row.batchName,
    profileParams: { commonName, dNSName: commonName, pkcs12Password: batchPkcs12Password(row)! },
  });
  return { localId: row.id, sectigoBatchId: made.batchId, message: err.userMessage };
}

describe("a create whose outcome is unknown", () => {
  it("is unknown with the page's sentence, keeps its password, and is linked only to a matching Sectigo batch", async () => {
    t = openTestDb(h.client);
    const { localId, sectigoBatchId, message } = await unknownCreate("unknown-one.example.com");
    expect(message).toMatch(/^Sectigo did not answer within 3 s, so whether Sectigo created the batch is unknown\. The batch is marked "unknown"/);
    const row = getBatch(t.db, localId)!;
    expect(row).toMatchObject({ state: "unknown", sectigoBatchId: null, lastError: message });
    expect(batchPkcs12Password(row)).toBeTruthy();

    // Another Sectigo batch (other name) and a number Sectigo does not know are refused; nothing changes.
    const other = await h.client.createSingleCertBatch({
      authorityId: AUTHORITY_EE,
      batchName: "someone else's batch",
      profileParams: { commonName: "other.example.com", dNSName: "other.example.com", pkcs12Password: "Other-Pass-12345" },
    });
    const mismatch = await rejection(linkUnknownBatch(t.ctx, localId, other.batchId));
    expect(mismatch.code).toBe("BATCH_MISMATCH");
    expect(mismatch.userMessage).toMatch(new RegExp(`^Sectigo batch ${other.batchId} is “someone else's batch” under profile CipherTrace EE, but this batch is “new certs for unknown-one.example.com”`));
    const missing = await rejection(linkUnknownBatch(t.ctx, localId, 999_999));
    expect(missing.userMessage).toBe("Sectigo has no batch 999999. Nothing was changed; check the number in Sectigo.");
    expect(getBatch(t.db, localId)).toMatchObject({ state: "unknown", sectigoBatchId: null, resolvedAt: null });
    expect(resolves(t.db).map((r) => r.outcome)).toEqual(["failed", "failed"]);

    const linked = await linkUnknownBatch(t.ctx, localId, sectigoBatchId);
    expect(linked.batch).toMatchObject({ state: "processing", sectigoBatchId, resolvedByEmail: "op@example.com" });
    // Shown once to the person who linked it: the failed create never showed it.
    expect(linked.pkcs12Password).toBe(batchPkcs12Password(row));
    expectNotInAudit(t.db, linked.pkcs12Password!);
    const entry = resolves(t.db).at(-1)!;
    expect(entry).toMatchObject({ outcome: "succeeded", actorEmail: "op@example.com", targetId: String(localId) });
    expect(entry.details).toMatchObject({ resolution: "created", sectigoBatchId });
    // The stored password opens the PKCS#12 the simulator made from the lost request.
    const done = await advanceUntil(h, t.db, localId, (b) => b.state === "indexed" || b.state === "errored");
    expect(done.state).toBe("indexed");

    // The same Sectigo batch cannot be linked to a second row.
    const again = await unknownCreate("unknown-two.example.com");
    const taken = await rejection(linkUnknownBatch(t.ctx, again.localId, sectigoBatchId));
    expect(taken.userMessage).toMatch(new RegExp(`^Sectigo batch ${sectigoBatchId} already belongs to batch ${localId}`));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  }, 60_000);

  it("is closed with a required reason, for good; whoever comes second is told, and nothing is retried", async () => {
    t = openTestDb(h.client);
    const { localId, sectigoBatchId } = await unknownCreate("unknown-three.example.com");
    const short = await rejection(() => closeUnknownBatch(t.ctx, localId, "  no  "));
    expect(short.code).toBe("INVALID_INPUT");

    const admin = { ...t.ctx, actor: ADMIN };
    // Two people at once: one link and one close; exactly one wins.
    const results = await Promise.allSettled([
      linkUnknownBatch(admin, localId, sectigoBatchId),
      Promise.resolve().then(() => closeUnknownBatch(t.ctx, localId, "Not in Sectigo's batch list at 10:00")),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0]!.reason as DomainError).code).toBe("NOT_RESOLVABLE");
    expect((lost[0]!.reason as DomainError).userMessage).toMatch(/^This batch is no longer waiting to be settled: it was settled by (op|admin)@example\.com meanwhile/);
    expect(resolves(t.db).filter((r) => r.outcome === "succeeded")).toHaveLength(1);
  }, 30_000);

  it("closing records who and why, wipes the password, and refuses retry", async () => {
    t = openTestDb(h.client);
    h.sim.faults.inject({ kind: "timeout", match: "/api/v1/batches/createSingleCertBatch" });
    const err = await rejection(createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "unknown-four.example.com", dnsNames: [] }));
    const localId = batchSubmitFailure(err)!.localBatchId;
    expect((await rejection(retrySingleCertificate(t.ctx, localId))).code).toBe("NOT_RETRYABLE");
    const closed = closeUnknownBatch(t.ctx, localId, "Checked Sectigo: no such batch");
    expect(closed).toMatchObject({ state: "errored", closed: true, resolvedByEmail: "op@example.com", resolutionNote: "Checked Sectigo: no such batch" });
    expect(getBatch(t.db, localId)?.pkcs12PasswordEnc).toBeNull();
    expect(resolves(t.db).at(-1)?.details).toMatchObject({ resolution: "not-created", reason: "Checked Sectigo: no such batch" });
    expect((await rejection(retrySingleCertificate(t.ctx, localId))).code).toBe("NOT_RETRYABLE");
    expect((await rejection(() => closeUnknownBatch(t.ctx, localId, "Checked Sectigo: no such batch"))).code).toBe("NOT_RESOLVABLE");
  }, 30_000);
});

describe("a failed create", () => {
  it("says why in the page's words, and Retry sends the same request once with a new password", async () => {
    t = openTestDb(h.client);
    h.sim.faults.inject({ kind: "status", status: 500, match: "/api/v1/batches/createSingleCertBatch" });
    const before = calls(CREATE);
    const err = await rejection(createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "retry-one.example.com", dnsNames: ["api.retry-one.example.com"] }));
    expect(calls(CREATE)).toBe(before + 1);
    const failure = batchSubmitFailure(err)!;
    expect(failure.outcome).toBe("failed");
    const row = getBatch(t.db, failure.localBatchId)!;
    expect(row.lastError).toMatch(/^Sectigo answered with a server error \(HTTP 500\).*You can retry it from the batch's page/);
    expect(row.pkcs12PasswordEnc).toBeNull();

    const [first, second] = await Promise.allSettled([retrySingleCertificate(t.ctx, row.id), retrySingleCertificate(t.ctx, row.id)]);
    const ok = [first, second].filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    const { batch, pkcs12Password } = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof retrySingleCertificate>>>).value;
    expect(batch).toMatchObject({ id: row.id, state: "processing", batchName: "new certs for retry-one.example.com", lastError: null });
    expect(batch.dnsNames).toEqual(["retry-one.example.com", "api.retry-one.example.com"]);
    expect(calls(CREATE)).toBe(before + 2);
    const creates = auditRows(t.db).filter((r) => r.action === "batch.create");
    expect(creates.map((r) => r.outcome)).toEqual(["requested", "failed", "requested", "succeeded"]);
    expect(creates[2]?.details).toMatchObject({ retryOf: row.id });
    expectNotInAudit(t.db, pkcs12Password);
    expect((await advanceUntil(h, t.db, row.id, (b) => b.state === "indexed")).state).toBe("indexed");
  }, 30_000);

  it("a failed CSR upload keeps its text and is sent again as it was", async () => {
    t = openTestDb(h.client);
    h.sim.faults.inject({ kind: "status", status: 400, match: "/api/v1/batches/upload" });
    const text = await csrPem("csr-retry.example.com");
    const err = await rejection(uploadCsrs(t.ctx, { profileId: 17, fileName: "retry.pem", csrText: text }));
    const failure = batchSubmitFailure(err)!;
    expect(failure.message).toMatch(/^Sectigo refused it \(HTTP 400\): “.+”; no batch was created\.$/);
    const retried = await retryCsrUpload(t.ctx, failure.localBatchId);
    expect(retried.batch).toMatchObject({ state: "processing", batchName: "retry.pem", csrKept: true });
    expect((await advanceUntil(h, t.db, failure.localBatchId, (b) => b.state === "indexed")).state).toBe("indexed");
  }, 30_000);
});

describe("a batch with a revoked certificate", () => {
  it("refuses the ZIP without asking Sectigo", async () => {
    t = openTestDb(h.client);
    const { batch } = await createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "revoked-zip.example.com", dnsNames: [] });
    await advanceUntil(h, t.db, batch.id, (b) => b.state === "indexed");
    const [cert] = t.db.select().from(certificates).all();
    writeTx(t.db, (tx) => markCertificateRevoked(tx, cert!.serial, { at: new Date(), reasonCode: 1, by: null }));
    const before = calls("GET /api/v1/batches/{batchId}/download");
    const err = await rejection(downloadBatchZip(t.ctx, batch.id));
    expect(err.code).toBe("NOT_DOWNLOADABLE");
    expect(err.userMessage).toBe(
      "One certificate of this batch is revoked, and Sectigo refuses the ZIP of such a batch (“cannot get certs in status REVOKED”), so the portal does not ask for it. Download each certificate's PEM from its page instead.",
    );
    expect(calls("GET /api/v1/batches/{batchId}/download")).toBe(before);
  }, 30_000);
});
