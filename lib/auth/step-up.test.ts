import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { confirmTotp, startTotpEnrolment } from "@/lib/auth/factors";
import { checkSession, createSession, type SessionUser } from "@/lib/auth/sessions";
import { hasFreshProof, stepUp, stepUpMethods } from "@/lib/auth/step-up";
import { auditOf, cheapPasswordHash, insertUser, TEST_PASSWORD, testClock, useRandomSecretBox, type TestClock } from "@/lib/auth/testing/support";
import { totpCode } from "@/lib/auth/totp";

const PASSWORD = TEST_PASSWORD;
let hash: string;
let t: TempDb;
let db: Db;
let clock: TestClock;
let me: SessionUser;

beforeAll(async () => {
  useRandomSecretBox();
  hash = await cheapPasswordHash();
});

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clock = testClock();
  const id = insertUser(db, { email: "ops@example.org", role: "operator", passwordHash: hash });
  const sessionId = writeTx(db, (tx) => createSession(tx, { userId: id, ip: null, userAgent: null }, clock()));
  me = { id, email: "ops@example.org", name: "ops", role: "operator", sessionId, stage: "full", factorAt: null };
});
afterEach(() => t.cleanup());

const proofAt = () => {
  const check = checkSession(db, { sid: me.sessionId, epoch: 0 }, clock);
  return check.ok ? check.user.factorAt : null;
};
const refusal = async (secret: string) => {
  try {
    await stepUp(db, me, secret, "10.0.0.1", clock);
    return "accepted";
  } catch (err) {
    return (err as { userMessage?: string }).userMessage ?? String(err);
  }
};

describe("step-up", () => {
  it("asks an account without a factor for its password, and renews the proof for 10 minutes", async () => {
    expect(stepUpMethods(db, me.id)).toEqual({ secret: "password", passkey: false });
    expect(await refusal("not the password")).toBe("That password is not right.");
    expect(proofAt()).toBeNull();
    expect(await refusal(PASSWORD)).toBe("accepted");
    const at = proofAt();
    expect(at).toBe(clock().toISOString());
    expect(hasFreshProof({ factorAt: at }, new Date(clock().getTime() + 9 * 60_000))).toBe(true);
    expect(hasFreshProof({ factorAt: at }, new Date(clock().getTime() + 11 * 60_000))).toBe(false);
    expect(auditOf(db, "auth.step-up").map((e) => e.outcome)).toEqual(["failed", "succeeded"]);
    expect(JSON.stringify(auditOf(db, "auth.step-up"))).not.toContain(PASSWORD);
  });

  it("asks an account with an authenticator app for a code, each accepted once", async () => {
    const started = await startTotpEnrolment(db, me, clock);
    confirmTotp(db, me, { factorId: started.factorId, code: totpCode(started.secret, clock()) }, null, clock);
    expect(stepUpMethods(db, me.id)).toEqual({ secret: "code", passkey: false });
    expect(await refusal(PASSWORD)).toMatch(/That code is not right/);
    clock.advance(30_000);
    const code = totpCode(started.secret, clock());
    expect(await refusal(code)).toBe("accepted");
    expect(proofAt()).toBe(clock().toISOString());
    expect(await refusal(code)).toMatch(/used already/);
  });
});
