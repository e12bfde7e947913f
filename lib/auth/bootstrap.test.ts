import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { bootstrapFirstAdmin, DEFAULT_ADMIN_EMAIL } from "@/lib/auth/bootstrap";
import { verifyPassword } from "@/lib/auth/password";
import { auditOf, insertUser } from "@/lib/auth/testing/support";

let t: TempDb;
let db: Db;
let printed: string[];
const print = (text: string) => printed.push(text);

beforeEach(() => {
  t = tempDb();
  db = t.db;
  printed = [];
});
afterEach(() => t.cleanup());

describe("the first admin", () => {
  it("comes from ADMIN_EMAIL / ADMIN_PASSWORD, audited as made by the system, password not printed", async () => {
    const result = await bootstrapFirstAdmin(db, { ADMIN_EMAIL: "Lead@Example.org", ADMIN_PASSWORD: "a very good first password" }, { print });
    expect(result).toEqual({ created: true, email: "lead@example.org", generatedPassword: false });
    const [admin] = db.select().from(users).all();
    expect(admin).toMatchObject({ email: "lead@example.org", role: "admin", disabled: false });
    await expect(verifyPassword("a very good first password", admin?.passwordHash ?? "")).resolves.toBe(true);
    const [entry] = auditOf(db, "user.create");
    expect(entry).toMatchObject({ actorEmail: "system", actorId: null, outcome: "succeeded", targetId: String(admin?.id) });
    expect(entry?.details).toMatchObject({ email: "lead@example.org", role: "admin" });
    expect(printed.join("\n")).not.toContain("a very good first password");
  });

  it("is generated when no password is configured, and the password is printed once — only to the console", async () => {
    const result = await bootstrapFirstAdmin(db, {}, { print });
    expect(result).toEqual({ created: true, email: DEFAULT_ADMIN_EMAIL, generatedPassword: true });
    expect(printed).toHaveLength(1);
    const match = /Password: ([A-Za-z0-9]{20}) /.exec(printed[0] ?? "");
    expect(match).not.toBeNull();
    const password = match?.[1] ?? "";
    const [admin] = db.select().from(users).all();
    await expect(verifyPassword(password, admin?.passwordHash ?? "")).resolves.toBe(true);
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain(password);
  });

  it("is made only while there is no account at all (a restart changes nothing)", async () => {
    await bootstrapFirstAdmin(db, {}, { print });
    expect(await bootstrapFirstAdmin(db, { ADMIN_EMAIL: "second@example.org", ADMIN_PASSWORD: "another good password" }, { print })).toEqual({
      created: false,
    });
    expect(db.select().from(users).all()).toHaveLength(1);
    expect(printed).toHaveLength(1);

    const other = tempDb();
    try {
      insertUser(other.db, { email: "existing@example.org", role: "support" });
      expect(await bootstrapFirstAdmin(other.db, {}, { print })).toEqual({ created: false });
      expect(other.db.select().from(users).all()).toHaveLength(1);
    } finally {
      other.cleanup();
    }
  });

  it("two starts racing on one database make exactly one admin and print one password", async () => {
    const second = t.reopen();
    const results = await Promise.all([bootstrapFirstAdmin(db, {}, { print }), bootstrapFirstAdmin(second, {}, { print })]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(db.select().from(users).all()).toHaveLength(1);
    expect(auditOf(db, "user.create")).toHaveLength(1);
    expect(printed).toHaveLength(1);
  });

  it("refuses a weak ADMIN_PASSWORD with a reason and without repeating it", async () => {
    await expect(bootstrapFirstAdmin(db, { ADMIN_PASSWORD: "short1" }, { print })).rejects.toMatchObject({
      code: "ADMIN_PASSWORD_WEAK",
      message: expect.not.stringContaining("short1") as unknown as string,
    });
    expect(db.select().from(users).all()).toHaveLength(0);
  });
});
