import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { setSetting } from "@/db/queries/settings";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { FACTOR_POLICY_KEY } from "@/lib/auth/factor-policy";
import { confirmTotp, factorOverview, regenerateRecoveryCodes, removeFactor, startTotpEnrolment, verifyFactorCode, type FactorOwner } from "@/lib/auth/factors";
import { attemptLogin } from "@/lib/auth/login";
import { auditOf, cheapPasswordHash, insertUser, TEST_PASSWORD, testClock, useRandomSecretBox, type TestClock } from "@/lib/auth/testing/support";
import { totpCode } from "@/lib/auth/totp";
import { checkSession, createSession, type SessionUser } from "@/lib/auth/sessions";
import { listStaff, resetFactors } from "@/lib/auth/staff";
import { hasCode } from "@/lib/errors";

const PASSWORD = TEST_PASSWORD;
let hash: string;
let t: TempDb;
let db: Db;
let clock: TestClock;
let ops: FactorOwner;

beforeAll(async () => {
  useRandomSecretBox();
  hash = await cheapPasswordHash();
});

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clock = testClock();
  ops = { id: insertUser(db, { email: "ops@example.org", role: "operator", passwordHash: hash }), email: "ops@example.org", role: "operator" };
});
afterEach(() => t.cleanup());

/** Enrols an authenticator app and returns its secret and the recovery codes it came with. */
async function enrol(owner = ops) {
  const started = await startTotpEnrolment(db, owner, clock);
  const confirmed = confirmTotp(db, owner, { factorId: started.factorId, code: totpCode(started.secret, clock()) }, "10.0.0.1", clock);
  return { secret: started.secret, recoveryCodes: confirmed.recoveryCodes ?? [], factorId: confirmed.factorId, started };
}

const verify = (code: string, owner = ops) => verifyFactorCode(db, owner, code, "10.0.0.1", { clock, purpose: "sign-in" });
const thrown = (fn: () => unknown) => {
  try {
    fn();
    return "none";
  } catch (err) {
    return hasCode(err, "INVALID_INPUT") ? "INVALID_INPUT" : hasCode(err, "NOT_FOUND") ? "NOT_FOUND" : String(err);
  }
};

describe("an authenticator app (TOTP)", () => {
  it("counts only once a first code confirms it, and shows its secret as text and as a QR code", async () => {
    const started = await startTotpEnrolment(db, ops, clock);
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.uri).toMatch(/^otpauth:\/\/totp\/TRISA%20CA%20Portal:ops%40example\.org\?/);
    expect(started.qrSvg).toMatch(/^<svg[^>]*>/);
    expect(started.qrSvg).not.toMatch(/<script/i);
    expect(factorOverview(db, ops).factors).toEqual([]);
    const staffFactors = () => listStaff(db).find((m) => m.id === ops.id)?.factors;
    expect(staffFactors()).toBe(0);
    expect(thrown(() => confirmTotp(db, ops, { factorId: started.factorId, code: "000000" }, null, clock))).toBe("INVALID_INPUT");
    const confirmed = confirmTotp(db, ops, { factorId: started.factorId, code: totpCode(started.secret, clock()) }, null, clock);
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(staffFactors()).toBe(1);
    expect(factorOverview(db, ops)).toMatchObject({ factors: [{ kind: "totp", name: "Authenticator app" }], recoveryCodesLeft: 10, required: true });
    // the secret is stored sealed, and never audited
    expect(JSON.stringify(db.$client.prepare("SELECT * FROM user_factors").all())).not.toContain(started.secret);
    expect(JSON.stringify(auditOf(db, "auth.factor.add"))).not.toContain(started.secret);
  });

  it("accepts a code once: the same code again, or an older one, is refused", async () => {
    const { secret } = await enrol();
    clock.advance(30_000);
    const code = totpCode(secret, clock());
    expect(verify(code)).toMatchObject({ ok: true, method: "totp" });
    expect(verify(code)).toEqual({ ok: false, reason: "bad-code" });
    expect(verify(totpCode(secret, new Date(clock().getTime() - 30_000)))).toEqual({ ok: false, reason: "bad-code" });
    clock.advance(30_000);
    expect(verify(totpCode(secret, clock()))).toMatchObject({ ok: true });
  });

  it("throttles wrong codes like passwords, and audits every try without the code", async () => {
    const { secret } = await enrol();
    for (let i = 0; i < 5; i++) expect(verify(`00000${i}`)).toEqual({ ok: false, reason: "bad-code" });
    clock.advance(31_000);
    const right = totpCode(secret, clock());
    // 5 failures: the next try waits 5 s after the last one, however right it is; then it passes
    clock.set(new Date(clock().getTime() - 30_000));
    expect(verify(right)).toMatchObject({ ok: false, reason: "throttled" });
    clock.advance(30_000);
    expect(verify(right)).toMatchObject({ ok: true });
    const tries = auditOf(db, "auth.factor.verify");
    expect(tries.map((e) => e.outcome)).toEqual(["failed", "failed", "failed", "failed", "failed", "failed", "succeeded"]);
    expect(JSON.stringify(tries)).not.toContain("000000");
    expect(JSON.stringify(tries)).not.toContain(right);
  });
});

describe("recovery codes", () => {
  it("each works once, in any case and spacing, and new ones void the old", async () => {
    const { recoveryCodes } = await enrol();
    const [first, second] = recoveryCodes as [string, string];
    expect(first).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(verify(first.toLowerCase().replace("-", " "))).toEqual({ ok: true, method: "recovery-code", recoveryCodesLeft: 9 });
    expect(verify(first)).toEqual({ ok: false, reason: "bad-code" });
    const fresh = regenerateRecoveryCodes(db, ops, null, clock);
    expect(fresh).toHaveLength(10);
    expect(verify(second)).toEqual({ ok: false, reason: "bad-code" });
    expect(verify(fresh[0]!)).toMatchObject({ ok: true, recoveryCodesLeft: 9 });
    expect(db.$client.prepare("SELECT code_hash FROM recovery_codes").pluck().all()).not.toContain(fresh[1]);
  });
});

describe("the factor policy", () => {
  it("refuses to remove your last factor while your role must have one", async () => {
    const { factorId } = await enrol();
    expect(thrown(() => removeFactor(db, ops, factorId, null, clock))).toBe("INVALID_INPUT");
    writeTx(db, (tx) => setSetting(tx, FACTOR_POLICY_KEY, { required: ["admin"] }, null));
    removeFactor(db, ops, factorId, null, clock);
    expect(factorOverview(db, ops)).toMatchObject({ factors: [], recoveryCodesLeft: 0, required: false });
    expect(auditOf(db, "auth.factor.remove")).toHaveLength(1);
  });

  it("decides after the password: the factor for an account with one, enrolment for a role that must, else in", async () => {
    const login = async (email: string) => {
      const r = await attemptLogin(db, { email, password: PASSWORD, ip: "10.0.0.1", userAgent: "vitest" }, { clock });
      return r.ok ? r.user.stage : r.reason;
    };
    insertUser(db, { email: "aud@example.org", role: "auditor", passwordHash: hash });
    expect(await login("ops@example.org")).toBe("enrol");
    expect(await login("aud@example.org")).toBe("full");
    await enrol();
    expect(await login("ops@example.org")).toBe("factor");
  });
});

describe("an administrator resetting someone's factors", () => {
  it("clears their app and recovery codes and ends their sessions, audited; never their own", async () => {
    const { recoveryCodes } = await enrol();
    const sid = writeTx(db, (tx) => createSession(tx, { userId: ops.id, ip: null, userAgent: null }, clock()));
    const adminId = insertUser(db, { email: "lead@example.org", role: "admin" });
    const admin: SessionUser = { id: adminId, email: "lead@example.org", name: "Lead", role: "admin", sessionId: "x".repeat(43), stage: "full", factorAt: null };
    resetFactors(db, admin, ops.id, { ip: "10.0.0.9", clock });
    expect(factorOverview(db, ops)).toMatchObject({ factors: [], recoveryCodesLeft: 0 });
    expect(checkSession(db, { sid, epoch: 0 }, clock).ok).toBe(false);
    expect(verify(recoveryCodes[0]!)).toEqual({ ok: false, reason: "bad-code" });
    expect(auditOf(db, "user.factors_reset")).toMatchObject([{ actorEmail: "lead@example.org", outcome: "succeeded" }]);
    expect(thrown(() => resetFactors(db, admin, adminId, { clock }))).toBe("INVALID_INPUT");
  });
});
