// Four-eyes revocation against the real simulator and a real database: a request sends
// nothing, only a second person's approval revokes, and however approvals race there is one
// revocation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { getCertificateBySerial } from "@/db/queries/certificates";
import { appendAudit } from "@/lib/audit/append";
import { writeTx } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify";
import type { AuditActor } from "@/lib/audit/types";
import { ADMIN, auditRows, issueForTest, OPERATOR, openTestDb, startHarness, type Harness, type TestDb } from "@/lib/issuance/test-support";
import { revokeCertificate } from "./revoke";
import { approveRequest, rejectRequest, requestRevocation, waitingCounts, withdrawRequest, emergencyRevocation, acknowledgeEmergency, approvalsOverview } from "./requests";

let h: Harness;
let t: TestDb;
const serials = new Map<string, string>();
const CNS = ["a", "b", "c", "d", "e", "f", "g", "h"].map((n) => `${n}.four-eyes.example.com`);
/** an operator the requester (OPERATOR) created an hour ago */
const NEWCOMER: AuditActor = { id: 9, email: "new@example.com", role: "operator" };

const serialOf = (cn: string) => serials.get(cn)!;
const revokeCalls = () => h.sim.stats().calls["POST /api/v1/certificates/{profileId}/revoke"] ?? 0;
const as = (actor: AuditActor) => ({ ...t.ctx, actor });

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<{ code: string; userMessage: string }> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    return err as { code: string; userMessage: string };
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  h = await startHarness("four-eyes-test-");
  t = openTestDb(h.client);
  const at = new Date().toISOString();
  for (const u of [NEWCOMER]) {
    t.db.insert(users).values({ id: u.id as number, email: u.email, name: u.email, role: u.role as "operator", passwordHash: "x", createdAt: at, updatedAt: at }).run();
  }
  writeTx(t.db, (tx) =>
    appendAudit(tx, { actor: OPERATOR, action: "user.create", outcome: "succeeded", target: { type: "user", id: String(NEWCOMER.id) }, ip: null, details: {} }, { clock: () => new Date(Date.now() - 60 * 60 * 1000) }),
  );
  for (const [cn, serial] of await issueForTest(h, t, CNS, "four-eyes.pem")) serials.set(cn, serial);
}, 60_000);
afterAll(async () => {
  t.temp.cleanup();
  await h.close();
});

describe("a revocation request", () => {
  it("sends nothing to Sectigo until a second person approves; the approval revokes, linked to the request in the audit log", async () => {
    const serial = serialOf("a.four-eyes.example.com");
    const before = revokeCalls();
    const request = requestRevocation(t.ctx, { kind: "single", serials: [serial], reasonCode: 4, comment: "superseded by a new key", confirmation: "A.four-eyes.example.com" });
    expect(request.state).toBe("pending");
    expect(revokeCalls()).toBe(before);
    expect(getCertificateBySerial(t.db, serial)?.status).not.toBe("revoked");
    expect(waitingCounts(t.db).pending).toBe(1);
    // once its time has passed it no longer waits (the count is asked at the time given)
    expect(waitingCounts(t.db, () => new Date(Date.now() + 25 * 60 * 60 * 1000)).pending).toBe(0);
    expect(waitingCounts(t.db).pending).toBe(1);
    // the requester cannot approve their own request
    expect(await refusal(approveRequest(t.ctx, request.id, "a.four-eyes.example.com"))).toMatchObject({ code: "FORBIDDEN" });
    // nor can an account the requester made in the last 24 hours
    expect(await refusal(approveRequest(as(NEWCOMER), request.id, "a.four-eyes.example.com"))).toMatchObject({ code: "FORBIDDEN" });
    expect(revokeCalls()).toBe(before);

    const approved = await approveRequest(as(ADMIN), request.id, "a.four-eyes.example.com");
    expect(approved.request).toMatchObject({ state: "approved", decidedBy: ADMIN.id });
    expect(approved.results.summary).toEqual({ revoked: 1, alreadyRevoked: 0, failed: 0, unknown: 0 });
    expect(revokeCalls()).toBe(before + 1);
    expect(getCertificateBySerial(t.db, serial)).toMatchObject({ status: "revoked", revocationReason: 4, revokedBy: ADMIN.id });
    const rows = auditRows(t.db);
    const trail = rows.filter((r) => (r.details as { requestId?: number }).requestId === request.id).map((r) => `${r.action}:${r.outcome}:${r.actorEmail}`);
    expect(trail).toEqual([
      "revocation.request:succeeded:op@example.com",
      "revocation.approve:failed:op@example.com",
      "revocation.approve:failed:new@example.com",
      "revocation.approve:succeeded:admin@example.com",
      "certificate.revoke:requested:admin@example.com",
    ]);
    // the revocation's outcome closes the intent that names the request
    const intent = rows.find((r) => r.action === "certificate.revoke" && (r.details as { requestId?: number }).requestId === request.id)!;
    expect(rows.filter((r) => r.intentSeq === intent.seq).map((r) => r.outcome)).toEqual(["succeeded"]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("of two approvals at once, one wins: one revocation, the other is told it was already approved", async () => {
    const serial = serialOf("b.four-eyes.example.com");
    const request = requestRevocation(t.ctx, { kind: "single", serials: [serial], reasonCode: 4, comment: "", confirmation: "b.four-eyes.example.com" });
    const before = revokeCalls();
    const outcomes = await Promise.allSettled([approveRequest(as(ADMIN), request.id, "b.four-eyes.example.com"), approveRequest(as(ADMIN), request.id, "b.four-eyes.example.com")]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: "FORBIDDEN" });
    expect(revokeCalls()).toBe(before + 1);
  });

  it("approved after the certificate was revoked elsewhere, it settles as already revoked without a second Sectigo call", async () => {
    const serial = serialOf("c.four-eyes.example.com");
    const request = requestRevocation(t.ctx, { kind: "single", serials: [serial], reasonCode: 4, comment: "", confirmation: "c.four-eyes.example.com" });
    await revokeCertificate(as(ADMIN), { serial, reasonCode: 1, confirmation: "c.four-eyes.example.com" });
    const before = revokeCalls();
    const approved = await approveRequest(as(ADMIN), request.id, "c.four-eyes.example.com");
    expect(approved.results.summary).toEqual({ revoked: 0, alreadyRevoked: 1, failed: 0, unknown: 0 });
    expect(revokeCalls()).toBe(before);
  });

  it("cannot be approved once expired: refused, audited, and marked expired", async () => {
    const serial = serialOf("d.four-eyes.example.com");
    const request = requestRevocation(t.ctx, { kind: "single", serials: [serial], reasonCode: 4, comment: "", confirmation: "d.four-eyes.example.com" });
    const later = () => new Date(Date.now() + 25 * 60 * 60 * 1000);
    const before = revokeCalls();
    const err = await refusal(approveRequest(as(ADMIN), request.id, "d.four-eyes.example.com", later));
    expect(err).toMatchObject({ code: "FORBIDDEN" });
    expect(err.userMessage).toMatch(/expired/);
    expect(revokeCalls()).toBe(before);
    expect(approvalsOverview(t.db, later).recent.find((r) => r.id === request.id)?.state).toBe("expired");
    expect(auditRows(t.db).filter((r) => r.action === "revocation.expire" && (r.details as { requestId?: number }).requestId === request.id)).toHaveLength(1);
  });

  it("is rejected by a second person or withdrawn by its requester; each names a serial only once while it waits", async () => {
    const e = serialOf("e.four-eyes.example.com");
    const request = requestRevocation(t.ctx, { kind: "single", serials: [e], reasonCode: 4, comment: "", confirmation: "e.four-eyes.example.com" });
    expect(await refusal(() => requestRevocation(as(ADMIN), { kind: "single", serials: [e], reasonCode: 4, comment: "", confirmation: "e.four-eyes.example.com" }))).toMatchObject({ code: "INVALID_INPUT" });
    expect(await refusal(() => withdrawRequest(as(ADMIN), request.id))).toMatchObject({ code: "FORBIDDEN" });
    expect(rejectRequest(as(ADMIN), request.id, "wrong certificate")).toMatchObject({ state: "rejected", decisionNote: "wrong certificate" });
    expect(await refusal(approveRequest(as(ADMIN), request.id, "e.four-eyes.example.com"))).toMatchObject({ code: "FORBIDDEN" });

    const again = requestRevocation(t.ctx, { kind: "single", serials: [e], reasonCode: 4, comment: "", confirmation: "e.four-eyes.example.com" });
    expect(withdrawRequest(t.ctx, again.id).state).toBe("withdrawn");
    expect(getCertificateBySerial(t.db, e)?.status).not.toBe("revoked");
  });

  it("in bulk, confirmed by the count, revokes every certificate on approval", async () => {
    const list = ["f", "g", "h"].map((n) => serialOf(`${n}.four-eyes.example.com`));
    expect(await refusal(() => requestRevocation(t.ctx, { kind: "bulk", serials: list, reasonCode: 5, comment: "", confirmation: "2" }))).toMatchObject({ code: "CONFIRMATION_MISMATCH" });
    const request = requestRevocation(t.ctx, { kind: "bulk", serials: list, reasonCode: 5, comment: "VASP closed", confirmation: "3" });
    const approved = await approveRequest(as(ADMIN), request.id, "3");
    expect(approved.results.summary.revoked).toBe(3);
    for (const s of list) expect(getCertificateBySerial(t.db, s)?.status).toBe("revoked");
  });
});

describe("an emergency revocation (key compromise)", () => {
  it("revokes at once, stays flagged until someone else acknowledges it", async () => {
    // a fresh certificate: every other one above is used
    const serial = (await issueForTest(h, t, ["k.four-eyes.example.com"], "k.pem")).get("k.four-eyes.example.com")!;
    expect(await refusal(emergencyRevocation(t.ctx, { kind: "single", serials: [serial], reasonCode: 4, comment: "", confirmation: "k.four-eyes.example.com" }))).toMatchObject({ code: "INVALID_INPUT" });
    const done = await emergencyRevocation(t.ctx, { kind: "single", serials: [serial], reasonCode: 1, comment: "key leaked", confirmation: "k.four-eyes.example.com" });
    expect(done.request.state).toBe("emergency");
    expect(getCertificateBySerial(t.db, serial)?.status).toBe("revoked");
    expect(waitingCounts(t.db).emergencies).toBe(1);
    expect(await refusal(() => acknowledgeEmergency(t.ctx, done.request.id, ""))).toMatchObject({ code: "FORBIDDEN" });
    expect(acknowledgeEmergency(as(ADMIN), done.request.id, "checked with the VASP").state).toBe("acknowledged");
    expect(waitingCounts(t.db).emergencies).toBe(0);
  }, 30_000);
});
