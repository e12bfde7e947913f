// Revocation against the real simulator and a real database: the safeguards, one revocation
// per serial however many requests race, every failure in a known audited state, the CRL
// showing the result, and bulk revoke going on past a failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getCertificateBySerial, upsertCertificate } from "@/db/queries/certificates";
import { listRevocations } from "@/db/queries/revocations";
import { certificates } from "@/db/schema";
import { verifyAuditChain } from "@/lib/audit/verify";
import { AppError } from "@/lib/errors";
import { checkCrl } from "@/lib/inventory/crl-check";
import { auditRows, issueForTest, OPERATOR, openTestDb, startHarness, type Harness, type TestDb } from "@/lib/issuance/test-support";
import { bulkRevoke, type BulkRevokeProgress } from "./bulk";
import { previewRevocation } from "./preview";
import { checkRevocationWithSectigo } from "./check";
import { revokeCertificate } from "./revoke";

let h: Harness;
let t: TestDb;
/** common name → serial of the certificates issued for this file */
const serials = new Map<string, string>();
const CNS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen"].map((n) => `${n}.revoke.example.com`);

function serialOf(cn: string): string {
  const s = serials.get(cn);
  if (!s) throw new Error(`no certificate for ${cn}`);
  return s;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const revokeCalls = () => h.sim.stats().calls["POST /api/v1/certificates/{profileId}/revoke"] ?? 0;
const entriesFor = (serial: string) => auditRows(t.db).filter((r) => r.targetId === serial).map((r) => `${r.action}:${r.outcome}`);

beforeAll(async () => {
  h = await startHarness("revocation-test-");
  t = openTestDb(h.client);
  // Each CSR with its own key: one text never carries a key twice (the upload skips repeats).
  for (const [cn, serial] of await issueForTest(h, t, CNS, "revoke.pem")) serials.set(cn, serial);
}, 60_000);
afterAll(async () => {
  t.temp.cleanup();
  await h.close();
});

describe("revokeCertificate", () => {
  it("revokes at Sectigo, marks the inventory, audits intent and outcome, and the CRL then lists it", async () => {
    const serial = serialOf("one.revoke.example.com");
    const result = await revokeCertificate(t.ctx, { serial: serial.toLowerCase(), reasonCode: 1, confirmation: "  ONE.revoke.example.com " });
    expect(result).toMatchObject({ serial, outcome: "revoked" });
    expect(result.message).toMatch(/is revoked \(Key compromise, code 1\)/);
    expect(result.warning).toBeUndefined();
    expect(getCertificateBySerial(t.db, serial)).toMatchObject({ status: "revoked", revocationReason: 1, revokedBy: OPERATOR.id });
    expect(listRevocations(t.db, { serial }).map((r) => r.outcome)).toEqual(["succeeded"]);
    expect(entriesFor(serial)).toEqual(["certificate.revoke:requested", "certificate.revoke:succeeded"]);
    const intent = auditRows(t.db).find((r) => r.targetId === serial && r.outcome === "requested");
    expect(intent?.details).toMatchObject({ serial, reasonCode: 1, profileId: 17, commonName: "one.revoke.example.com" });

    const crl = await checkCrl(serial, t.db);
    expect(crl).toMatchObject({ onCrl: true, reasonCode: 1, reasonLabel: "Key compromise", signatureValid: true });
    expect(crl.revokedAt).toBeTruthy();
  });

  it("refuses an already revoked certificate without calling Sectigo", async () => {
    const serial = serialOf("one.revoke.example.com");
    const before = revokeCalls();
    const result = await revokeCertificate(t.ctx, { serial, reasonCode: 4, confirmation: "one.revoke.example.com" });
    expect(result.outcome).toBe("already-revoked");
    expect(result.message).toMatch(/already revoked/);
    expect(revokeCalls()).toBe(before);
    expect(entriesFor(serial)).toHaveLength(2);
  });

  it("refuses a wrong confirmation, a reason outside RFC 5280 and an unknown serial, before anything is recorded", async () => {
    const serial = serialOf("two.revoke.example.com");
    const count = auditRows(t.db).length;
    const wrong = await rejection(revokeCertificate(t.ctx, { serial, reasonCode: 1, confirmation: "one.revoke.example.com" }));
    expect(wrong).toMatchObject({ code: "CONFIRMATION_MISMATCH", fieldErrors: { confirmation: [expect.stringMatching(/two\.revoke\.example\.com/)] } });
    expect((await rejection(revokeCertificate(t.ctx, { serial, reasonCode: 7, confirmation: "two.revoke.example.com" }))).code).toBe("INVALID_INPUT");
    expect((await rejection(revokeCertificate(t.ctx, { serial: "ABCDEF0123", reasonCode: 1, confirmation: "x" }))).code).toBe("NOT_FOUND");
    expect(auditRows(t.db)).toHaveLength(count);
    expect(getCertificateBySerial(t.db, serial)?.status).toBe("valid");
  });

  it("revokes an expired certificate with a warning", async () => {
    const serial = serialOf("two.revoke.example.com");
    t.db.update(certificates).set({ notAfter: new Date(Date.now() - 86_400_000).toISOString() }).where(eq(certificates.serial, serial)).run();
    const result = await revokeCertificate(t.ctx, { serial, reasonCode: 5, confirmation: "two.revoke.example.com" });
    expect(result.outcome).toBe("revoked");
    expect(result.warning).toMatch(/expired on/);
  });

  it("five concurrent revokes of one serial make one revocation and one succeeded entry", async () => {
    const serial = serialOf("three.revoke.example.com");
    const before = revokeCalls();
    const input = { serial, reasonCode: 4, confirmation: "three.revoke.example.com" };
    const results = await Promise.all(Array.from({ length: 5 }, () => revokeCertificate(t.ctx, input)));
    expect(results.map((r) => r.outcome).sort()).toEqual(["already-revoked", "already-revoked", "already-revoked", "already-revoked", "revoked"]);
    expect(listRevocations(t.db, { serial })).toHaveLength(1);
    expect(entriesFor(serial).filter((e) => e === "certificate.revoke:succeeded")).toHaveLength(1);
    expect(revokeCalls() - before).toBe(1);
  });

  it("two connections racing (as two server processes would) still make one revocation", async () => {
    const serial = serialOf("four.revoke.example.com");
    const other = t.temp.reopen();
    const input = { serial, reasonCode: 4, confirmation: "four.revoke.example.com" };
    const results = await Promise.all([revokeCertificate(t.ctx, input), revokeCertificate({ ...t.ctx, db: other }, input)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["failed", "revoked"]);
    expect(results.find((r) => r.outcome === "failed")?.message).toMatch(/already in progress/);
    expect(listRevocations(t.db, { serial })).toHaveLength(1);
    expect(entriesFor(serial).filter((e) => e === "certificate.revoke:succeeded")).toHaveLength(1);
  });

  it("a 503 from Sectigo is an answer: failed, with the status, and nothing changed", async () => {
    const serial = serialOf("ten.revoke.example.com");
    h.sim.faults.inject({ kind: "status", status: 503, match: "/api/v1/certificates/17/revoke" });
    const result = await revokeCertificate(t.ctx, { serial, reasonCode: 9, confirmation: "ten.revoke.example.com" });
    expect(result.outcome).toBe("failed");
    expect(result.message).toMatch(/^Sectigo answered with a server error \(HTTP 503\).*nothing was revoked\. Try again later\.$/);
    expect(getCertificateBySerial(t.db, serial)?.status).toBe("valid");
    expect(entriesFor(serial)).toEqual(["certificate.revoke:requested", "certificate.revoke:failed"]);
  });

  it("a dropped connection is unknown and leaves a consistent state; the retry asks Sectigo and then revokes", async () => {
    const serial = serialOf("five.revoke.example.com");
    const input = { serial, reasonCode: 9, confirmation: "five.revoke.example.com" };
    h.sim.faults.inject({ kind: "reset", match: "/api/v1/certificates/17/revoke" });
    const first = await revokeCertificate(t.ctx, input);
    expect(first.outcome).toBe("unknown");
    expect(first.message).toMatch(/broke before it answered .* so whether the certificate was revoked is unknown\. Use "Check with Sectigo"/);
    expect(getCertificateBySerial(t.db, serial)?.status).toBe("valid");
    expect(listRevocations(t.db, { serial }).map((r) => r.outcome)).toEqual(["unknown"]);
    expect(entriesFor(serial)).toEqual(["certificate.revoke:requested", "certificate.revoke:unknown"]);

    const second = await revokeCertificate(t.ctx, input);
    expect(second.outcome).toBe("revoked");
    // The retry asked Sectigo first: the lost attempt is settled as failed, the new one succeeded.
    expect(listRevocations(t.db, { serial }).map((r) => r.outcome).sort()).toEqual(["failed", "succeeded"]);
    expect(entriesFor(serial).filter((e) => e === "certificate.revoke:succeeded")).toHaveLength(1);
  });

  it("after an unknown outcome that did take effect, the retry records it instead of revoking again", async () => {
    const serial = serialOf("six.revoke.example.com");
    const input = { serial, reasonCode: 3, confirmation: "six.revoke.example.com" };
    h.sim.faults.inject({ kind: "reset", match: "/api/v1/certificates/17/revoke" });
    expect((await revokeCertificate(t.ctx, input)).outcome).toBe("unknown");
    await h.client.revokeCertificate(17, 3, serial); // what Sectigo did behind the lost answer
    const before = revokeCalls();
    const retry = await revokeCertificate(t.ctx, input);
    expect(retry.outcome).toBe("already-revoked");
    expect(retry.message).toMatch(/earlier request/);
    expect(revokeCalls()).toBe(before);
    expect(getCertificateBySerial(t.db, serial)).toMatchObject({ status: "revoked", revocationReason: 3, revokedBy: OPERATOR.id });
    expect(listRevocations(t.db, { serial }).map((r) => r.outcome)).toEqual(["succeeded"]);
    expect(entriesFor(serial).at(-1)).toBe("certificate.revoke:info");
  });

  it("a serial Sectigo does not know fails with a sentence saying so", async () => {
    upsertCertificate(t.db, { serial: "0BADC0DE", commonName: "ghost.example.com", source: "import", profileId: 17 });
    const result = await revokeCertificate(t.ctx, { serial: "0BADC0DE", reasonCode: 0, confirmation: "ghost.example.com" });
    expect(result.outcome).toBe("failed");
    expect(result.message).toMatch(/^Sectigo does not know serial 0BADC0DE \(HTTP 404\).*; nothing was revoked\.$/);
    expect(listRevocations(t.db, { serial: "0BADC0DE" }).map((r) => r.outcome)).toEqual(["failed"]);
    expect(entriesFor("0BADC0DE")).toEqual(["certificate.revoke:requested", "certificate.revoke:failed"]);
  });

  it("a certificate known only from find, without a profile, is refused with what to do", async () => {
    upsertCertificate(t.db, { serial: "0F1D", commonName: "found.example.com", source: "find" });
    const err = await rejection(revokeCertificate(t.ctx, { serial: "0F1D", reasonCode: 0, confirmation: "found.example.com" }));
    expect(err.code).toBe("PROFILE_UNKNOWN");
    expect(err.userMessage).toMatch(/does not know which profile/);
  });
});

describe("checkRevocationWithSectigo", () => {
  const findCalls = () => h.sim.stats().calls["POST /api/v1/certificates/find"] ?? 0;
  async function lostRevoke(cn: string, reasonCode: number): Promise<string> {
    const serial = serialOf(cn);
    h.sim.faults.inject({ kind: "reset", match: "/api/v1/certificates/17/revoke" });
    expect((await revokeCertificate(t.ctx, { serial, reasonCode, confirmation: cn })).outcome).toBe("unknown");
    return serial;
  }
  const settleEntry = (serial: string) => auditRows(t.db).filter((r) => r.targetId === serial && r.action === "certificate.revoke" && r.outcome === "info").at(-1);

  it("Sectigo shows it revoked: the inventory marks it with the lost request's reason and requester, the row succeeds, audited", async () => {
    const serial = await lostRevoke("eleven.revoke.example.com", 4);
    await h.client.revokeCertificate(17, 4, serial); // Sectigo acted behind the lost answer
    const before = revokeCalls();
    const result = await checkRevocationWithSectigo(t.ctx, serial.toLowerCase());
    expect(result).toMatchObject({ serial, outcome: "revoked" });
    expect(result.message).toMatch(/is revoked\. Sectigo shows the certificate revoked/);
    expect(revokeCalls()).toBe(before);
    expect(getCertificateBySerial(t.db, serial)).toMatchObject({ status: "revoked", revocationReason: 4, revokedBy: OPERATOR.id });
    expect(listRevocations(t.db, { serial }).map((r) => r.outcome)).toEqual(["succeeded"]);
    expect(settleEntry(serial)).toMatchObject({ actorId: OPERATOR.id, details: { settled: "succeeded", sectigoStatus: "REVOKED", check: "find" } });
    // Nothing is left to settle; a second check does not ask Sectigo.
    const calls = findCalls();
    expect((await checkRevocationWithSectigo(t.ctx, serial)).outcome).toBe("nothing-to-check");
    expect(findCalls()).toBe(calls);
  });

  it("Sectigo shows it not revoked: the lost revocation fails, the certificate stays valid and can be revoked again", async () => {
    const serial = await lostRevoke("twelve.revoke.example.com", 1);
    const result = await checkRevocationWithSectigo(t.ctx, serial);
    expect(result).toMatchObject({ outcome: "not-revoked" });
    expect(result.message).toMatch(/not revoked\. Sectigo did not revoke it; you can revoke it again\.$/);
    expect(getCertificateBySerial(t.db, serial)?.status).toBe("valid");
    expect(listRevocations(t.db, { serial })[0]).toMatchObject({ outcome: "failed", error: expect.stringMatching(/you can revoke it again/) });
    expect(settleEntry(serial)?.details).toMatchObject({ settled: "failed" });
    expect((await revokeCertificate(t.ctx, { serial, reasonCode: 1, confirmation: "twelve.revoke.example.com" })).outcome).toBe("revoked");
  });

  it("Sectigo cannot be asked: nothing changes, the words are a find's, and the check is audited", async () => {
    const serial = await lostRevoke("thirteen.revoke.example.com", 0);
    h.sim.faults.inject({ kind: "status", status: 503, match: "/api/v1/certificates/find", count: 3 });
    const err = await rejection(checkRevocationWithSectigo(t.ctx, serial));
    h.sim.faults.clear();
    expect(err.code).toBe("SECTIGO_FAILED");
    expect(err.userMessage).toMatch(/^Sectigo answered with a server error \(HTTP 503\).*Sectigo was not asked\. Try again later\.$/);
    expect(listRevocations(t.db, { serial }).map((r) => r.outcome)).toEqual(["unknown"]);
    expect(getCertificateBySerial(t.db, serial)?.status).toBe("valid");
    expect(settleEntry(serial)?.details).toMatchObject({ settled: null, errorCode: "UPSTREAM", reached: "answered" });
  });
});

describe("previewRevocation", () => {
  it("describes each serial and lists the unknown ones", () => {
    const preview = previewRevocation(t.db, [serialOf("one.revoke.example.com"), serialOf("seven.revoke.example.com"), "nope", "0BADC0DF"]);
    expect(preview.unknown).toEqual(["nope", "0BADC0DF"]);
    expect(preview.items).toEqual([
      expect.objectContaining({ commonName: "one.revoke.example.com", alreadyRevoked: true, expired: false, profileId: 17, profileName: "CipherTrace EE" }),
      expect.objectContaining({ commonName: "seven.revoke.example.com", alreadyRevoked: false }),
    ]);
  });
});

describe("bulkRevoke", () => {
  it("goes on past a failure in the middle and reports each certificate and a summary", async () => {
    const three = [serialOf("seven.revoke.example.com"), serialOf("eight.revoke.example.com"), serialOf("nine.revoke.example.com")];
    const progress: BulkRevokeProgress[] = [];
    const { results, summary } = await bulkRevoke(t.ctx, { serials: three, reasonCode: 5, confirmation: "3" }, (p) => {
      progress.push(p);
      // The second certificate's answer is lost.
      if (p.done === 1) h.sim.faults.inject({ kind: "reset", match: "/api/v1/certificates/17/revoke" });
    });
    expect(results.map((r) => [r.serial, r.outcome])).toEqual([
      [three[0], "revoked"],
      [three[1], "unknown"],
      [three[2], "revoked"],
    ]);
    expect(summary).toEqual({ revoked: 2, alreadyRevoked: 0, failed: 0, unknown: 1 });
    expect(progress.map((p) => `${p.done}/${p.total}`)).toEqual(["1/3", "2/3", "3/3"]);
    expect(getCertificateBySerial(t.db, three[1]!)?.status).toBe("valid");
    expect(entriesFor(three[1]!)).toEqual(["certificate.revoke:requested", "certificate.revoke:unknown"]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("checks the typed count, and reports unknown and already revoked serials per item", async () => {
    const two = [serialOf("ten.revoke.example.com"), serialOf("one.revoke.example.com")];
    expect((await rejection(bulkRevoke(t.ctx, { serials: two, reasonCode: 1, confirmation: "3" }))).code).toBe("CONFIRMATION_MISMATCH");
    const { results, summary } = await bulkRevoke(t.ctx, { serials: [...two, "00DEAD"], reasonCode: 1, confirmation: "3" });
    expect(results.map((r) => r.outcome)).toEqual(["revoked", "already-revoked", "failed"]);
    expect(results[2]?.message).toMatch(/not in the inventory/);
    expect(summary).toEqual({ revoked: 1, alreadyRevoked: 1, failed: 1, unknown: 0 });
  });
});
