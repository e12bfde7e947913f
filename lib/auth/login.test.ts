import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, sessions } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { verifyAuditChain } from "@/lib/audit";
import { attemptLogin } from "@/lib/auth/login";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkSession } from "@/lib/auth/sessions";
import { auditOf, insertUser, testClock, userRow, type TestClock } from "@/lib/auth/testing/support";

const PASSWORD = "a long enough password";
let hash: string;
let t: TempDb;
let db: Db;
let clock: TestClock;
let aliceId: number;

beforeAll(async () => {
  // Cheaper than today's parameters: wrong-password checks stay fast, and a successful
  // sign-in shows the upgrade to today's parameters.
  hash = await hashPassword(PASSWORD, { ln: 10, r: 8, p: 1 });
});

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clock = testClock();
  aliceId = insertUser(db, { email: "alice@example.org", name: "Alice", role: "auditor", passwordHash: hash });
});
afterEach(() => t.cleanup());

const login = (email: string, password: string, ip = "10.0.0.1") =>
  attemptLogin(db, { email, password, ip, userAgent: "vitest" }, { clock });

describe("signing in", () => {
  it("opens a session for the right password (e-mail case and spaces do not matter) and audits it", async () => {
    const result = await login("  Alice@Example.ORG ", PASSWORD);
    expect(result).toMatchObject({ ok: true, epoch: 0, user: { id: aliceId, email: "alice@example.org", role: "auditor", name: "Alice" } });
    if (!result.ok) return;
    expect(checkSession(db, { sid: result.user.sessionId, epoch: 0 }, clock).ok).toBe(true);
    const row = db.select().from(sessions).where(eq(sessions.id, result.user.sessionId)).get();
    expect(row).toMatchObject({ userId: aliceId, ip: "10.0.0.1", userAgent: "vitest" });
    expect(userRow(db, aliceId)?.lastLoginAt).toBe(clock().toISOString());
    const upgraded = userRow(db, aliceId)?.passwordHash ?? "";
    expect(upgraded.startsWith("scrypt$ln=15,")).toBe(true);
    await expect(verifyPassword(PASSWORD, upgraded)).resolves.toBe(true);
    const [entry] = auditOf(db, "auth.login");
    expect(entry).toMatchObject({ outcome: "succeeded", actorEmail: "alice@example.org", actorId: aliceId, targetType: "user", targetId: String(aliceId), ip: "10.0.0.1" });
  });

  it("refuses a wrong password with the same answer as an unknown e-mail, auditing both without the password", async () => {
    const wrong = await login("alice@example.org", "not the password at all");
    const unknown = await login("nobody@example.org", "not the password at all");
    expect(wrong).toEqual({ ok: false, reason: "bad-credentials" });
    expect(unknown).toEqual({ ok: false, reason: "bad-credentials" });
    const entries = auditOf(db, "auth.login");
    expect(entries.map((e) => [e.outcome, e.actorEmail, e.details.reason])).toEqual([
      ["failed", "alice@example.org", "bad-credentials"],
      ["failed", "nobody@example.org", "bad-credentials"],
    ]);
    const everything = JSON.stringify(db.select().from(auditLog).all());
    expect(everything).not.toContain("not the password");
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it("does not record a password typed into the e-mail field", async () => {
    await login("hunter2-secret-phrase", PASSWORD);
    const [entry] = auditOf(db, "auth.login");
    expect(entry?.actorEmail).toBe("(not an e-mail address)");
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain("hunter2");
  });

  it("tells a disabled account with the right password that it is disabled, and opens no session", async () => {
    insertUser(db, { email: "dora@example.org", passwordHash: hash, disabled: true });
    expect(await login("dora@example.org", PASSWORD)).toEqual({ ok: false, reason: "disabled" });
    // …but the wrong password gets the usual answer: being disabled is not revealed to guessers.
    expect(await login("dora@example.org", "wrong wrong wrong")).toEqual({ ok: false, reason: "bad-credentials" });
    expect(auditOf(db, "auth.login").map((e) => e.details.reason)).toEqual(["disabled", "bad-credentials"]);
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it("throttles after five failures: even the right password waits, and the refusal is audited", async () => {
    for (let i = 0; i < 5; i++) await login("alice@example.org", `wrong password ${i}`);
    const throttled = await login("alice@example.org", PASSWORD);
    expect(throttled).toMatchObject({ ok: false, reason: "throttled", retryAfterSeconds: 5 });
    const last = auditOf(db, "auth.login").at(-1);
    expect(last?.details).toMatchObject({ reason: "throttled", scope: "account", retryAfterSeconds: 5 });
    clock.advance(5000);
    expect((await login("alice@example.org", PASSWORD)).ok).toBe(true);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("does not count refused attempts, so hammering a locked account does not extend the lock", async () => {
    for (let i = 0; i < 5; i++) await login("alice@example.org", `wrong password ${i}`);
    for (let i = 0; i < 3; i++) expect((await login("alice@example.org", "still wrong")).ok).toBe(false);
    clock.advance(5000);
    expect((await login("alice@example.org", PASSWORD)).ok).toBe(true);
  });
});
