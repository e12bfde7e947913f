// Single sign-on (lib/auth/sso.ts): only a verified e-mail of an existing, enabled account gets
// in; the provider's MFA claim counts only when trusted; every attempt is audited with its
// session row in one transaction; nothing about accounts is ever made or changed.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { writeTx, type Db } from "@/db/client";
import { setSetting } from "@/db/queries/settings";
import { sessions, users } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { verifyAuditChain } from "@/lib/audit";
import { FACTOR_POLICY_KEY } from "@/lib/auth/factor-policy";
import { confirmTotp, startTotpEnrolment } from "@/lib/auth/factors";
import { TRUST_IDP_MFA_KEY } from "@/lib/auth/idp-trust";
import { checkSession } from "@/lib/auth/sessions";
import { attemptSsoLogin, decideSso, idpAssertsMfa, ssoIdentityOf, type SsoIdentity } from "@/lib/auth/sso";
import { auditOf, insertUser, testClock, userRow, useRandomSecretBox, type TestClock } from "@/lib/auth/testing/support";
import { totpCode } from "@/lib/auth/totp";

describe("idpAssertsMfa (RFC 8176 amr)", () => {
  it.each([
    [["pwd", "mfa"], true],
    [["mfa"], true],
    [["pwd", "otp"], true],
    [["pin", "hwk"], true],
    [["kba", "fpt"], true],
    [["pwd"], false],
    [["otp"], false],
    [["hwk", "fpt"], false],
    [["pwd", "rba"], false],
    [["pwd", "user"], false],
    ["mfa", false],
    [undefined, false],
    [[1, "pwd"], false],
  ])("%o → %s", (amr, expected) => {
    expect(idpAssertsMfa(amr)).toBe(expected);
  });
});

describe("ssoIdentityOf", () => {
  it("normalises the e-mail and believes only the boolean true for email_verified", () => {
    expect(ssoIdentityOf({ sub: "abc", email: " Alice@Example.ORG ", email_verified: true, amr: ["pwd", "mfa"] })).toEqual({
      email: "alice@example.org",
      emailVerified: true,
      mfa: true,
      subject: "abc",
    });
    expect(ssoIdentityOf({ email: "alice@example.org", email_verified: "true" }).emailVerified).toBe(false);
    expect(ssoIdentityOf({ email: "alice@example.org" }).emailVerified).toBe(false);
  });

  it("ignores an e-mail claim that is not an e-mail address", () => {
    for (const email of [undefined, 42, "", "not an address", "<b>x</b>", `${"a".repeat(250)}@example.org`]) {
      expect(ssoIdentityOf({ email, email_verified: true }).email).toBeNull();
    }
  });
});

describe("decideSso", () => {
  const verified: SsoIdentity = { email: "alice@example.org", emailVerified: true, mfa: false, subject: "s" };
  const account = (stageAfterPassword: "full" | "factor" | "enrol", disabled = false) => ({ disabled, stageAfterPassword });

  it("refuses without an e-mail, with an unverified one, for an unknown or a disabled account", () => {
    expect(decideSso({ identity: { ...verified, email: null }, account: account("full"), trustIdpMfa: true })).toEqual({ ok: false, reason: "no-email" });
    expect(decideSso({ identity: { ...verified, emailVerified: false, mfa: true }, account: account("full"), trustIdpMfa: true })).toEqual({ ok: false, reason: "unverified-email" });
    expect(decideSso({ identity: verified, account: null, trustIdpMfa: true })).toEqual({ ok: false, reason: "unknown-email" });
    expect(decideSso({ identity: { ...verified, mfa: true }, account: account("full", true), trustIdpMfa: true })).toEqual({ ok: false, reason: "disabled" });
  });

  it("leads where a password would, unless the provider's MFA is both asserted and trusted", () => {
    for (const stage of ["full", "factor", "enrol"] as const) {
      expect(decideSso({ identity: verified, account: account(stage), trustIdpMfa: false })).toEqual({ ok: true, stage, factorGiven: stage === "full", byIdpMfa: false });
      expect(decideSso({ identity: verified, account: account(stage), trustIdpMfa: true })).toMatchObject({ stage, byIdpMfa: false });
      expect(decideSso({ identity: { ...verified, mfa: true }, account: account(stage), trustIdpMfa: false })).toMatchObject({ stage, byIdpMfa: false });
      expect(decideSso({ identity: { ...verified, mfa: true }, account: account(stage), trustIdpMfa: true })).toEqual({ ok: true, stage: "full", factorGiven: true, byIdpMfa: true });
    }
  });
});

describe("attemptSsoLogin", () => {
  let t: TempDb;
  let db: Db;
  let clock: TestClock;
  let aliceId: number;

  beforeAll(() => useRandomSecretBox());
  beforeEach(() => {
    t = tempDb();
    db = t.db;
    clock = testClock();
    aliceId = insertUser(db, { email: "alice@example.org", name: "Alice", role: "operator" });
    writeTx(db, (tx) => setSetting(tx, FACTOR_POLICY_KEY, { required: [] }, null));
  });
  afterEach(() => t.cleanup());

  const claims = (more: Record<string, unknown> = {}) => ({ sub: "idp-123", email: "Alice@Example.org", email_verified: true, ...more });
  const sso = (c: Record<string, unknown>) => attemptSsoLogin(db, { claims: c, ip: "10.0.0.9", userAgent: "vitest" }, { clock });
  const setting = (key: string, value: unknown) => writeTx(db, (tx) => setSetting(tx, key, value, null));

  it("opens a full session for a verified e-mail of an account, audited with method oidc", async () => {
    const result = sso(claims());
    expect(result).toMatchObject({ ok: true, userId: aliceId, epoch: 0, stage: "full" });
    if (!result.ok) return;
    const check = checkSession(db, { sid: result.sessionId, epoch: 0 }, clock);
    expect(check).toMatchObject({ ok: true, user: { id: aliceId, stage: "full", factorAt: clock().toISOString() } });
    expect(db.select().from(sessions).where(eq(sessions.id, result.sessionId)).get()).toMatchObject({ ip: "10.0.0.9", userAgent: "vitest" });
    expect(userRow(db, aliceId)?.lastLoginAt).toBe(clock().toISOString());
    expect(auditOf(db, "auth.login")).toMatchObject([
      { outcome: "succeeded", actorId: aliceId, actorEmail: "alice@example.org", targetId: String(aliceId), ip: "10.0.0.9", details: { method: "oidc", subject: "idp-123" } },
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it.each([
    [{ email: "nobody@example.org" }, "unknown-email", "nobody@example.org", null],
    [{ email_verified: false }, "unverified-email", "alice@example.org", null],
    [{ email_verified: "true" }, "unverified-email", "alice@example.org", null],
    [{ email: undefined }, "no-email", "(no e-mail from the identity provider)", null],
  ])("refuses %o as %s, audits it, and opens no session", (more, reason, actorEmail, actorId) => {
    const result = sso(claims(more));
    expect(result).toMatchObject({ ok: false, reason });
    expect(db.select().from(sessions).all()).toHaveLength(0);
    expect(auditOf(db, "auth.login")).toMatchObject([{ outcome: "failed", actorEmail, actorId, details: { method: "oidc", reason } }]);
  });

  it("refuses a disabled account, and never makes an account or changes one", () => {
    db.update(users).set({ disabled: true }).where(eq(users.id, aliceId)).run();
    const before = db.select().from(users).all();
    expect(sso(claims())).toEqual({ ok: false, reason: "disabled", email: "alice@example.org" });
    expect(sso(claims({ email: "new@example.org", name: "New", role: "admin" }))).toMatchObject({ ok: false, reason: "unknown-email" });
    expect(db.select().from(users).all()).toEqual(before);
    expect(auditOf(db, "auth.login").map((e) => [e.actorId, e.details.reason])).toEqual([
      [aliceId, "disabled"],
      [null, "unknown-email"],
    ]);
  });

  it("sends an account whose role needs a factor to enrolment, unless the provider's MFA is trusted and asserted", () => {
    setting(FACTOR_POLICY_KEY, { required: ["operator"] });
    expect(sso(claims({ amr: ["pwd", "mfa"] }))).toMatchObject({ ok: true, stage: "enrol" });
    setting(TRUST_IDP_MFA_KEY, true);
    expect(sso(claims({ amr: ["pwd"] }))).toMatchObject({ ok: true, stage: "enrol" });
    const trusted = sso(claims({ amr: ["pwd", "mfa"] }));
    expect(trusted).toMatchObject({ ok: true, stage: "full" });
    expect(auditOf(db, "auth.login").map((e) => e.details)).toEqual([
      { method: "oidc", subject: "idp-123", next: "enrol" },
      { method: "oidc", subject: "idp-123", next: "enrol" },
      { method: "oidc", subject: "idp-123", factor: "identity-provider-mfa" },
    ]);
  });

  it("asks an account with a factor for it, unless the provider's MFA is trusted and asserted", async () => {
    const owner = { id: aliceId, email: "alice@example.org", role: "operator" as const };
    const started = await startTotpEnrolment(db, owner, clock);
    confirmTotp(db, owner, { factorId: started.factorId, code: totpCode(started.secret, clock()) }, null, clock);
    const asked = sso(claims({ amr: ["pwd", "otp"] }));
    expect(asked).toMatchObject({ ok: true, stage: "factor" });
    if (asked.ok) expect(checkSession(db, { sid: asked.sessionId, epoch: 0 }, clock)).toMatchObject({ ok: true, user: { stage: "factor", factorAt: null } });
    setting(TRUST_IDP_MFA_KEY, true);
    expect(sso(claims({ amr: ["pwd", "otp"] }))).toMatchObject({ ok: true, stage: "full" });
  });
});
