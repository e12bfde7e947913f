import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import {
  bumpSessionEpoch,
  countOtherActiveAdmins,
  countUsers,
  getLoginUser,
  getStaffRow,
  getUserEmail,
  insertUser,
  listStaffRows,
  updateUser,
} from "@/db/queries/users";
import type { UserRole } from "@/db/types";

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

const AT = "2026-11-25T12:00:00.000Z";
const add = (email: string, role: UserRole = "operator") =>
  writeTx(db, (tx) => insertUser(tx, { email, name: email.split("@")[0]!, role, passwordHash: `hash-of-${email}`, createdAt: AT, updatedAt: AT }));

describe("users", () => {
  it("inserts accounts and lists them by e-mail, never with the password hash", () => {
    expect(countUsers(db)).toBe(0);
    const zed = add("zed@example.com");
    add("amy@example.com", "admin");
    expect(countUsers(db)).toBe(2);
    expect(zed).toEqual({ id: zed.id, email: "zed@example.com", name: "zed", role: "operator", disabled: false, lastLoginAt: null, createdAt: AT, factors: 0 });
    expect(listStaffRows(db).map((r) => r.email)).toEqual(["amy@example.com", "zed@example.com"]);
    expect(JSON.stringify([listStaffRows(db), getStaffRow(db, zed.id), getUserEmail(db, zed.id)])).not.toContain("hash-of");
    expect(getUserEmail(db, zed.id)).toEqual({ id: zed.id, email: "zed@example.com" });
    expect(getStaffRow(db, 999)).toBeUndefined();
  });

  it("gives the sign-in lookup the hash and the session epoch, which a bump moves", () => {
    const amy = add("amy@example.com");
    expect(getLoginUser(db, "amy@example.com")).toMatchObject({ id: amy.id, passwordHash: "hash-of-amy@example.com", sessionEpoch: 0 });
    writeTx(db, (tx) => bumpSessionEpoch(tx, amy.id));
    writeTx(db, (tx) => updateUser(tx, amy.id, { lastLoginAt: AT, passwordHash: "new" }));
    expect(getLoginUser(db, "amy@example.com")).toMatchObject({ sessionEpoch: 1, passwordHash: "new" });
    expect(getStaffRow(db, amy.id)?.lastLoginAt).toBe(AT);
    expect(getLoginUser(db, "nobody@example.com")).toBeUndefined();
  });

  it("counts the active admins other than one account", () => {
    const a = add("a@example.com", "admin");
    const b = add("b@example.com", "admin");
    add("c@example.com", "operator");
    expect(countOtherActiveAdmins(db, a.id)).toBe(1);
    writeTx(db, (tx) => updateUser(tx, b.id, { disabled: true }));
    expect(countOtherActiveAdmins(db, a.id)).toBe(0);
  });
});
