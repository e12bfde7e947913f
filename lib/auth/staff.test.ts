import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { verifyPassword } from "@/lib/auth/password";
import { checkSession, createSession, type SessionUser } from "@/lib/auth/sessions";
import { changeRole, createStaff, listStaff, resetPassword, setDisabled } from "@/lib/auth/staff";
import { auditOf, insertUser, testClock, userRow, type TestClock } from "@/lib/auth/testing/support";
import { isAppError, type AppError } from "@/lib/errors";

let t: TempDb;
let db: Db;
let clock: TestClock;
let admin: SessionUser;

function signIn(userId: number): string {
  return writeTx(db, (tx) => createSession(tx, { userId, ip: null, userAgent: null }, clock()));
}

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clock = testClock();
  const id = insertUser(db, { email: "lead@example.org", name: "Lead", role: "admin" });
  admin = { id, email: "lead@example.org", name: "Lead", role: "admin", sessionId: signIn(id) , stage: "full", factorAt: null};
});
afterEach(() => t.cleanup());

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("staff accounts", () => {
  it("creates an account with a typed password, audited in the same transaction, and lists no hashes", async () => {
    const created = await createStaff(db, admin, { email: " Sam@Example.org", name: "Sam Support", role: "support", password: "a typed initial pw" }, { clock, ip: "10.1.1.1" });
    expect(created.generatedPassword).toBeNull();
    expect(created.member).toMatchObject({ email: "sam@example.org", name: "Sam Support", role: "support", disabled: false, lastLoginAt: null });
    await expect(verifyPassword("a typed initial pw", userRow(db, created.member.id)?.passwordHash ?? "")).resolves.toBe(true);
    const [entry] = auditOf(db, "user.create");
    expect(entry).toMatchObject({ actorEmail: "lead@example.org", actorRole: "admin", targetId: String(created.member.id), ip: "10.1.1.1" });
    expect(entry?.details).toMatchObject({ email: "sam@example.org", role: "support" });
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain("a typed initial pw");
    for (const member of listStaff(db)) expect(Object.keys(member).sort()).toEqual(["createdAt", "disabled", "email", "factors", "id", "lastLoginAt", "name", "role"]);
  });

  it("generates the password when none is given, and returns it once", async () => {
    const created = await createStaff(db, admin, { email: "gen@example.org", name: "Gen", role: "operator" }, { clock });
    expect(created.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    await expect(verifyPassword(created.generatedPassword ?? "", userRow(db, created.member.id)?.passwordHash ?? "")).resolves.toBe(true);
  });

  it("refuses a duplicate e-mail and a weak password with messages a person can act on", async () => {
    await createStaff(db, admin, { email: "dup@example.org", name: "One", role: "auditor", password: "first good password" }, { clock });
    const dup = await refusal(createStaff(db, admin, { email: "DUP@example.org", name: "Two", role: "auditor", password: "second good password" }, { clock }));
    expect(dup).toMatchObject({ code: "EMAIL_TAKEN", userMessage: "An account for dup@example.org already exists." });
    const weak = await refusal(createStaff(db, admin, { email: "weak@example.org", name: "W", role: "auditor", password: "short" }, { clock }));
    expect(weak.code).toBe("PASSWORD_POLICY");
    expect(weak.userMessage).toContain("at least 12 characters");
    expect(auditOf(db, "user.create")).toHaveLength(1);
  });

  it("changing a role ends that user's sessions at once and records from/to", async () => {
    const opsId = insertUser(db, { email: "ops@example.org", role: "operator" });
    const sid = signIn(opsId);
    changeRole(db, admin, opsId, "auditor", { clock });
    expect(userRow(db, opsId)).toMatchObject({ role: "auditor", sessionEpoch: 1 });
    expect(checkSession(db, { sid, epoch: 0 }, clock)).toEqual({ ok: false, reason: "ended" });
    const [entry] = auditOf(db, "user.role_change");
    expect(entry?.details).toMatchObject({ email: "ops@example.org", from: "operator", to: "auditor", sessionsEnded: 1 });
    // the same role again changes nothing and records nothing
    changeRole(db, admin, opsId, "auditor", { clock });
    expect(auditOf(db, "user.role_change")).toHaveLength(1);
  });

  it("disabling ends the user's sessions at once; enabling lets them sign in again later", () => {
    const opsId = insertUser(db, { email: "ops@example.org", role: "operator" });
    const sid = signIn(opsId);
    setDisabled(db, admin, opsId, true, { clock });
    expect(checkSession(db, { sid, epoch: 0 }, clock).ok).toBe(false);
    setDisabled(db, admin, opsId, false, { clock });
    expect(userRow(db, opsId)?.disabled).toBe(false);
    expect(auditOf(db, "user.disable")[0]?.details).toMatchObject({ email: "ops@example.org", sessionsEnded: 1 });
    expect(auditOf(db, "user.enable")).toHaveLength(1);
  });

  it("never leaves the portal without an active admin, and nobody disables themself", async () => {
    const demote = await refusal(() => changeRole(db, admin, admin.id, "operator", { clock }));
    expect(demote.code).toBe("LAST_ADMIN");
    const self = await refusal(() => setDisabled(db, admin, admin.id, true, { clock }));
    expect(self.code).toBe("SELF_DISABLE");
    expect(userRow(db, admin.id)).toMatchObject({ role: "admin", disabled: false });

    // With a second active admin, demoting yourself is allowed (and ends your own sessions).
    const secondId = insertUser(db, { email: "second@example.org", role: "admin" });
    changeRole(db, admin, admin.id, "operator", { clock });
    expect(checkSession(db, { sid: admin.sessionId, epoch: 0 }, clock).ok).toBe(false);
    // …and that second admin, now the last one, cannot be disabled by anyone.
    const second: SessionUser = { id: secondId, email: "second@example.org", name: "S", role: "admin", sessionId: signIn(secondId) , stage: "full", factorAt: null};
    const otherAdminId = insertUser(db, { email: "third@example.org", role: "admin", disabled: true });
    const last = await refusal(() => changeRole(db, second, secondId, "support", { clock }));
    expect(last.code).toBe("LAST_ADMIN");
    expect(userRow(db, otherAdminId)?.disabled).toBe(true); // a disabled admin does not count
    expect(auditOf(db, "user.role_change")).toHaveLength(1);
  });

  it("resetting a password ends the user's sessions; resetting your own keeps only your current one", async () => {
    const opsId = insertUser(db, { email: "ops@example.org", role: "operator" });
    const sid = signIn(opsId);
    const reset = await resetPassword(db, admin, opsId, { clock });
    expect(reset.password).toMatch(/^[A-Za-z0-9]{20}$/);
    await expect(verifyPassword(reset.password, userRow(db, opsId)?.passwordHash ?? "")).resolves.toBe(true);
    expect(checkSession(db, { sid, epoch: 0 }, clock).ok).toBe(false);
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain(reset.password);

    const otherTab = signIn(admin.id);
    await resetPassword(db, admin, admin.id, { clock });
    expect(checkSession(db, { sid: admin.sessionId, epoch: 0 }, clock).ok).toBe(true);
    expect(checkSession(db, { sid: otherTab, epoch: 0 }, clock).ok).toBe(false);
    expect(auditOf(db, "user.password_reset").map((e) => e.details.sessionsEnded)).toEqual([1, 1]);
  });

  it("refuses to change an account that no longer exists", async () => {
    expect((await refusal(() => setDisabled(db, admin, 9999, true, { clock }))).code).toBe("USER_NOT_FOUND");
  });
});
