import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { runStaffCommand } from "@/lib/auth/break-glass";
import { confirmTotp, hasFactor, startTotpEnrolment } from "@/lib/auth/factors";
import { verifyPassword } from "@/lib/auth/password";
import { checkSession, createSession } from "@/lib/auth/sessions";
import { auditOf, insertUser, testClock, useRandomSecretBox, userRow, type TestClock } from "@/lib/auth/testing/support";
import { totpCode } from "@/lib/auth/totp";

let t: TempDb;
let db: Db;
let clock: TestClock;
let adminId: number;
let sid: string;

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runStaffCommand(db, args, { out: (l) => out.push(l), err: (l) => err.push(l) }, clock);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(() => useRandomSecretBox());
beforeEach(async () => {
  t = tempDb();
  db = t.db;
  clock = testClock();
  // The only administrator, with an authenticator app and a session.
  adminId = insertUser(db, { email: "only@example.org", role: "admin" });
  const owner = { id: adminId, email: "only@example.org", role: "admin" as const };
  const started = await startTotpEnrolment(db, owner, clock);
  confirmTotp(db, owner, { factorId: started.factorId, code: totpCode(started.secret, clock()) }, null, clock);
  sid = writeTx(db, (tx) => createSession(tx, { userId: adminId, ip: null, userAgent: null }, clock()));
});
afterEach(() => t.cleanup());

describe("npm run staff (the host's way back in)", () => {
  it("resets the only administrator's factors, ends their sessions, and audits it as the host", async () => {
    const result = await run("reset-factors", " Only@Example.org ");
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(result.out).toContain("only@example.org has no second factor now");
    expect(hasFactor(db, adminId)).toBe(false);
    expect(checkSession(db, { sid, epoch: 0 }, clock).ok).toBe(false);
    expect(auditOf(db, "user.factors_reset")).toMatchObject([
      { actorId: null, actorEmail: "host", actorRole: null, targetId: String(adminId), ip: null, outcome: "succeeded" },
    ]);
  });

  it("sets a new password, prints it once, and keeps it out of the audit log", async () => {
    const result = await run("reset-password", "only@example.org");
    expect(result.code).toBe(0);
    const password = /\n {2}([A-Za-z0-9]{20})\n/.exec(result.out)?.[1] ?? "";
    expect(password).not.toBe("");
    await expect(verifyPassword(password, userRow(db, adminId)?.passwordHash ?? "")).resolves.toBe(true);
    expect(checkSession(db, { sid, epoch: 0 }, clock).ok).toBe(false);
    const entries = auditOf(db, "user.password_reset");
    expect(entries).toMatchObject([{ actorEmail: "host", details: { email: "only@example.org", sessionsEnded: 1 } }]);
    expect(JSON.stringify(entries)).not.toContain(password);
  });

  it("refuses an unknown e-mail address with exit code 1 and changes nothing", async () => {
    const result = await run("reset-factors", "nobody@example.org");
    expect(result).toEqual({ code: 1, out: "", err: "No staff account has the e-mail address nobody@example.org; nothing was changed." });
    expect(hasFactor(db, adminId)).toBe(true);
    expect(auditOf(db, "user.factors_reset")).toHaveLength(0);
  });

  it("answers a command it does not know, or a missing address, with the usage and exit code 2", async () => {
    expect(await run("delete", "only@example.org")).toMatchObject({ code: 2, err: expect.stringMatching(/^Unknown command "delete"\.\n\nusage: npm run staff/) });
    expect(await run("reset-password")).toMatchObject({ code: 2, err: expect.stringMatching(/^usage:/) });
    expect(await run("help")).toMatchObject({ code: 0, out: expect.stringContaining("reset-factors <email>") });
    expect(userRow(db, adminId)?.sessionEpoch).toBe(0);
  });

  it("says so when the account is disabled", async () => {
    const other = insertUser(db, { email: "off@example.org", role: "operator", disabled: true });
    const result = await run("reset-factors", "off@example.org");
    expect(result.code).toBe(0);
    expect(result.out).toContain("off@example.org is disabled");
    expect(auditOf(db, "user.factors_reset")).toMatchObject([{ targetId: String(other) }]);
  });
});
