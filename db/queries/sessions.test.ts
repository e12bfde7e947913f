import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { endOpenSession, endOpenUserSessions, getSessionWithUser, insertSession, touchOpenSession } from "@/db/queries/sessions";
import { insertUser } from "@/db/queries/users";

let t: TempDb;
let db: Db;
let userId: number;
const AT = "2026-11-25T12:00:00.000Z";
const LATER = "2026-11-25T12:05:00.000Z";
beforeEach(() => {
  t = tempDb();
  db = t.db;
  userId = writeTx(db, (tx) => insertUser(tx, { email: "amy@example.com", name: "Amy", role: "admin", passwordHash: "h", createdAt: AT, updatedAt: AT })).id;
});
afterEach(() => t.cleanup());

const open = (id: string) => writeTx(db, (tx) => insertSession(tx, { id, userId, createdAt: AT, lastSeenAt: AT, ip: null, userAgent: null }));

describe("sessions", () => {
  it("reads a session with its user's state", () => {
    open("s1");
    expect(getSessionWithUser(db, "s1")).toEqual({
      createdAt: AT,
      lastSeenAt: AT,
      endedAt: null,
      stage: "full",
      factorAt: null,
      userId,
      email: "amy@example.com",
      name: "Amy",
      role: "admin",
      disabled: false,
      sessionEpoch: 0,
    });
    expect(getSessionWithUser(db, "nope")).toBeUndefined();
  });

  it("touches and ends only open sessions", () => {
    open("s1");
    writeTx(db, (tx) => touchOpenSession(tx, "s1", LATER));
    expect(getSessionWithUser(db, "s1")?.lastSeenAt).toBe(LATER);
    expect(endOpenSession(db, "s1", LATER, "logout")).toBe(true);
    expect(endOpenSession(db, "s1", LATER, "logout")).toBe(false);
    writeTx(db, (tx) => touchOpenSession(tx, "s1", "2026-11-25T13:00:00.000Z"));
    expect(getSessionWithUser(db, "s1")).toMatchObject({ lastSeenAt: LATER, endedAt: LATER });
  });

  it("ends a user's open sessions but the one kept", () => {
    open("a");
    open("b");
    open("c");
    expect(writeTx(db, (tx) => endOpenUserSessions(tx, userId, LATER, "password-reset", "b"))).toBe(2);
    expect(getSessionWithUser(db, "b")?.endedAt).toBeNull();
    expect(writeTx(db, (tx) => endOpenUserSessions(tx, userId, LATER, "disabled"))).toBe(1);
  });
});
