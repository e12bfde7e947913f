import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { getSetting } from "@/db/queries/settings";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { FACTOR_POLICY_KEY, factorPolicyWithSource } from "@/lib/auth/factor-policy";
import { confirmTotp, startTotpEnrolment } from "@/lib/auth/factors";
import { TRUST_IDP_MFA_KEY, trustsIdpMfa } from "@/lib/auth/idp-trust";
import { stageAfterPassword } from "@/lib/auth/login";
import { createSession, type SessionUser } from "@/lib/auth/sessions";
import { saveFactorPolicy, saveFourEyesPolicy, saveIdpTrust, saveNoticeRecipients, settingsOverview } from "@/lib/auth/settings";
import { parseRecipientList, RECIPIENTS_KEY } from "@/lib/notices/recipients";
import { DEFAULT_FOUR_EYES, FOUR_EYES_KEY, fourEyesPolicy, revocationPath } from "@/lib/revocation/four-eyes-policy";
import { auditOf, insertUser, testClock, useRandomSecretBox, type TestClock } from "@/lib/auth/testing/support";
import { totpCode } from "@/lib/auth/totp";
import { isAppError } from "@/lib/errors";

let t: TempDb;
let db: Db;
let clock: TestClock;
let admin: SessionUser;

/** The env() cache is per process: a test that sets FACTOR_POLICY starts it afresh. */
function withFactorPolicyEnv(value: string | undefined): void {
  delete (globalThis as { __portalEnv?: unknown }).__portalEnv;
  vi.stubEnv("FACTOR_POLICY", value);
}

function sessionUser(id: number, email: string): SessionUser {
  const sessionId = writeTx(db, (tx) => createSession(tx, { userId: id, ip: null, userAgent: null }, clock()));
  return { id, email, name: email, role: "admin", sessionId, stage: "full", factorAt: null };
}

async function enrol(user: SessionUser): Promise<void> {
  const owner = { id: user.id, email: user.email, role: user.role };
  const started = await startTotpEnrolment(db, owner, clock);
  confirmTotp(db, owner, { factorId: started.factorId, code: totpCode(started.secret, clock()) }, null, clock);
}

function refusalCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isAppError(err)) return err.code;
    throw err;
  }
  return "none";
}

beforeAll(() => useRandomSecretBox());
beforeEach(() => {
  withFactorPolicyEnv(undefined);
  vi.stubEnv("OIDC_ISSUER", undefined);
  vi.stubEnv("OIDC_CLIENT_ID", undefined);
  vi.stubEnv("OIDC_CLIENT_SECRET", undefined);
  delete (globalThis as { __portalEnv?: unknown }).__portalEnv;
  t = tempDb();
  db = t.db;
  clock = testClock();
  admin = sessionUser(insertUser(db, { email: "lead@example.org", role: "admin" }), "lead@example.org");
});
afterEach(() => {
  t.cleanup();
  vi.unstubAllEnvs();
  delete (globalThis as { __portalEnv?: unknown }).__portalEnv;
});

describe("the factor policy on the Settings page", () => {
  it("says where the policy in force comes from: the saved setting, FACTOR_POLICY, else admin and operator", () => {
    expect(factorPolicyWithSource(db)).toEqual({ required: ["admin", "operator"], source: "default" });
    withFactorPolicyEnv("none");
    expect(factorPolicyWithSource(db)).toEqual({ required: [], source: "environment" });
    saveFactorPolicy(db, admin, ["support"], { clock });
    expect(factorPolicyWithSource(db)).toEqual({ required: ["support"], source: "setting" });
  });

  it("saves and audits a change in one entry (key, before, after); the same roles again change and record nothing", async () => {
    await enrol(admin);
    const saved = saveFactorPolicy(db, admin, ["auditor", "admin", "operator"], { clock, ip: "10.0.0.7" });
    expect(saved).toEqual({ changed: true, required: ["admin", "operator", "auditor"], source: "setting" });
    expect(getSetting(db, FACTOR_POLICY_KEY)).toEqual({ required: ["admin", "operator", "auditor"] });
    const [entry] = auditOf(db, "settings.changed");
    expect(entry).toMatchObject({ actorEmail: "lead@example.org", actorRole: "admin", targetType: "setting", targetId: FACTOR_POLICY_KEY, ip: "10.0.0.7" });
    expect(entry?.details).toEqual({
      key: FACTOR_POLICY_KEY,
      before: { required: ["admin", "operator"] },
      after: { required: ["admin", "operator", "auditor"] },
      beforeSource: "default",
    });

    expect(saveFactorPolicy(db, admin, ["operator", "auditor", "admin"], { clock })).toMatchObject({ changed: false, source: "setting" });
    expect(auditOf(db, "settings.changed")).toHaveLength(1);
  });

  it("takes the roles FACTOR_POLICY already asks for as no change, so the environment keeps deciding", () => {
    withFactorPolicyEnv("operator");
    expect(saveFactorPolicy(db, admin, ["operator"], { clock })).toEqual({ changed: false, required: ["operator"], source: "environment" });
    expect(getSetting(db, FACTOR_POLICY_KEY)).toBeUndefined();
    expect(auditOf(db, "settings.changed")).toHaveLength(0);
  });

  it("refuses to newly ask administrators for a factor while the administrator saving has none", async () => {
    withFactorPolicyEnv("none");
    const other = sessionUser(insertUser(db, { email: "other@example.org", role: "admin" }), "other@example.org");
    await enrol(other);
    // another administrator's factor is not enough: the one who makes the rule meets it first
    expect(refusalCode(() => saveFactorPolicy(db, admin, ["admin"], { clock }))).toBe("OWN_FACTOR_FIRST");
    expect(getSetting(db, FACTOR_POLICY_KEY)).toBeUndefined();
    expect(auditOf(db, "settings.changed")).toHaveLength(0);
    // roles other than admin need no factor of the one saving
    expect(saveFactorPolicy(db, admin, ["operator"], { clock }).changed).toBe(true);

    await enrol(admin);
    expect(saveFactorPolicy(db, admin, ["admin", "operator"], { clock }).changed).toBe(true);
    // an administrator without a factor is then held at enrolment, which they pass themselves
    const third = insertUser(db, { email: "third@example.org", role: "admin" });
    expect(stageAfterPassword(db, { id: third, role: "admin" })).toBe("enrol");
  });

  it("lets an administrator without a factor keep or lift a policy that already asks administrators for one", () => {
    expect(saveFactorPolicy(db, admin, ["admin", "operator", "support"], { clock }).changed).toBe(true);
    expect(saveFactorPolicy(db, admin, [], { clock })).toEqual({ changed: true, required: [], source: "setting" });
    expect(auditOf(db, "settings.changed").map((e) => e.details.after)).toEqual([{ required: ["admin", "operator", "support"] }, { required: [] }]);
  });

  it("counts the active accounts of each role that a policy would send to enrolment", async () => {
    insertUser(db, { email: "ops@example.org", role: "operator" });
    insertUser(db, { email: "gone@example.org", role: "operator", disabled: true });
    await enrol(admin);
    expect(settingsOverview(db, admin.id)).toMatchObject({
      factorPolicy: { required: ["admin", "operator"], source: "default" },
      withoutFactor: { admin: 0, operator: 1, support: 0, auditor: 0 },
      yourFactor: true,
      trustIdpMfa: false,
      singleSignOn: false,
    });
  });
});

describe("trusting the identity provider's multi-factor claim", () => {
  it("is off until saved on; each change is audited, the same value again is not", () => {
    expect(saveIdpTrust(db, admin, false, { clock })).toEqual({ changed: false, trusted: false });
    expect(saveIdpTrust(db, admin, true, { clock })).toEqual({ changed: true, trusted: true });
    expect(trustsIdpMfa(db)).toBe(true);
    expect(saveIdpTrust(db, admin, true, { clock }).changed).toBe(false);
    saveIdpTrust(db, admin, false, { clock });
    expect(getSetting(db, TRUST_IDP_MFA_KEY)).toBe(false);
    expect(auditOf(db, "settings.changed").map((e) => e.details)).toEqual([
      { key: TRUST_IDP_MFA_KEY, before: false, after: true },
      { key: TRUST_IDP_MFA_KEY, before: true, after: false },
    ]);
  });

  it("is reported as waiting for single sign-on until OIDC_* is set", () => {
    expect(settingsOverview(db, admin.id).singleSignOn).toBe(false);
    vi.stubEnv("OIDC_ISSUER", "https://id.example.org");
    vi.stubEnv("OIDC_CLIENT_ID", "ca-portal");
    vi.stubEnv("OIDC_CLIENT_SECRET", "a-client-secret-for-tests");
    delete (globalThis as { __portalEnv?: unknown }).__portalEnv;
    expect(settingsOverview(db, admin.id).singleSignOn).toBe(true);
  });
});

describe("when a revocation needs a second person", () => {
  it("defaults to bulk only; a change is saved and audited once, the same values again record nothing", () => {
    expect(settingsOverview(db, admin.id).fourEyes).toEqual(DEFAULT_FOUR_EYES);
    expect(revocationPath(fourEyesPolicy(db), "bulk", 4)).toBe("request");
    expect(revocationPath(fourEyesPolicy(db), "single", 4)).toBe("direct");
    const wanted = { single: true, bulk: true, emergencyKeyCompromise: true, requestHours: 12 };
    expect(saveFourEyesPolicy(db, admin, wanted, { clock })).toEqual({ changed: true, policy: wanted });
    expect(saveFourEyesPolicy(db, admin, wanted, { clock }).changed).toBe(false);
    expect(getSetting(db, FOUR_EYES_KEY)).toEqual(wanted);
    expect(revocationPath(fourEyesPolicy(db), "single", 4)).toBe("request");
    expect(revocationPath(fourEyesPolicy(db), "single", 1)).toBe("emergency");
    expect(auditOf(db, "settings.changed").map((e) => e.details)).toEqual([{ key: FOUR_EYES_KEY, before: DEFAULT_FOUR_EYES, after: wanted }]);
  });
});

describe("expiry notice recipients", () => {
  it("saves a cleaned list, audited with before and after; the same list again changes nothing", () => {
    const list = parseRecipientList("Security@VASP.example.org, ops@example.org\nops@example.org");
    expect(list).toEqual({ recipients: ["security@vasp.example.org", "ops@example.org"], problems: [] });
    expect(saveNoticeRecipients(db, admin, list.recipients, { clock })).toEqual({ changed: true, recipients: list.recipients });
    expect(saveNoticeRecipients(db, admin, list.recipients, { clock }).changed).toBe(false);
    expect(settingsOverview(db, admin.id).noticeRecipients).toEqual(list.recipients);
    expect(auditOf(db, "settings.changed").map((e) => e.details)).toEqual([{ key: RECIPIENTS_KEY, before: [], after: list.recipients }]);
    expect(saveNoticeRecipients(db, admin, [], { clock })).toEqual({ changed: true, recipients: [] });
  });

  it("names each entry that is not an e-mail address", () => {
    expect(parseRecipientList("ok@example.org; bob@ ; alice@localhost, <x@example.org>, a b@example.org").problems).toEqual([
      "“bob@” is not an e-mail address such as security@example.org.",
      "“alice@localhost” is not an e-mail address such as security@example.org.",
      "“<x@example.org>” is not an e-mail address such as security@example.org.",
      "“a” is not an e-mail address such as security@example.org.",
    ]);
    const many = Array.from({ length: 51 }, (_, i) => `r${i}@example.org`).join("\n");
    expect(parseRecipientList(many).problems).toEqual(["At most 50 addresses; use a mailing list for more."]);
  });
});
