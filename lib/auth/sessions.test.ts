import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { writeTx, type Db } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import {
  checkSession,
  createSession,
  endSession,
  endUserSessions,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
} from "@/lib/auth/sessions";
import { insertUser, testClock, type TestClock } from "@/lib/auth/testing/support";

const MINUTE = 60_000;

let t: TempDb;
let db: Db;
let clock: TestClock;
let userId: number;

function open(): string {
  return writeTx(db, (tx) => createSession(tx, { userId, ip: "10.0.0.7", userAgent: "test" }, clock()));
}

function row(sid: string) {
  const r = db.select().from(sessions).where(eq(sessions.id, sid)).get();
  if (!r) throw new Error("no session row");
  return r;
}

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clock = testClock();
  userId = insertUser(db, { email: "ops@example.org", name: "Olga Ops", role: "operator" });
});
afterEach(() => t.cleanup());

describe("a session", () => {
  it("is valid right after sign-in and names the user from the database", () => {
    const sid = open();
    expect(sid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const check = checkSession(db, { sid, epoch: 0 }, clock);
    expect(check).toEqual({
      ok: true,
      user: { id: userId, email: "ops@example.org", name: "Olga Ops", role: "operator", sessionId: sid, stage: "full", factorAt: null },
    });
  });

  it("ends after 30 minutes without activity, and says so on the row", () => {
    const sid = open();
    clock.advance(SESSION_IDLE_MS - 1);
    expect(checkSession(db, { sid, epoch: 0 }, clock).ok).toBe(true);
    clock.advance(SESSION_IDLE_MS);
    expect(checkSession(db, { sid, epoch: 0 }, clock)).toEqual({ ok: false, reason: "idle" });
    expect(row(sid).endReason).toBe("idle");
    // and stays ended, even if the clock were to go back
    clock.advance(-SESSION_IDLE_MS);
    expect(checkSession(db, { sid, epoch: 0 }, clock)).toEqual({ ok: false, reason: "ended" });
  });

  it("stays alive while used, touching last_seen_at at most once a minute", () => {
    const sid = open();
    const created = row(sid).lastSeenAt;
    clock.advance(30_000);
    checkSession(db, { sid, epoch: 0 }, clock);
    expect(row(sid).lastSeenAt).toBe(created); // not yet a minute: no write
    clock.advance(31_000);
    checkSession(db, { sid, epoch: 0 }, clock);
    expect(row(sid).lastSeenAt).toBe(clock().toISOString());
    // used every 20 minutes for 11 hours: never idle
    for (let i = 0; i < 33; i++) {
      clock.advance(20 * MINUTE);
      expect(checkSession(db, { sid, epoch: 0 }, clock).ok).toBe(true);
    }
  });

  it("ends 12 hours after sign-in however active", () => {
    const sid = open();
    for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_MS - 25 * MINUTE; elapsed += 25 * MINUTE) {
      clock.advance(25 * MINUTE);
      expect(checkSession(db, { sid, epoch: 0 }, clock).ok).toBe(true);
    }
    clock.set(new Date(Date.parse(row(sid).createdAt) + SESSION_ABSOLUTE_MS));
    expect(checkSession(db, { sid, epoch: 0 }, clock)).toEqual({ ok: false, reason: "expired" });
    expect(row(sid).endReason).toBe("expired");
  });

  it("ends when the user's session epoch moves on (role change, disable)", () => {
    const sid = open();
    db.update(users).set({ sessionEpoch: 1 }).where(eq(users.id, userId)).run();
    expect(checkSession(db, { sid, epoch: 0 }, clock)).toEqual({ ok: false, reason: "epoch" });
    expect(row(sid).endReason).toBe("epoch");
  });

  it("ends when the user is disabled", () => {
    const sid = open();
    db.update(users).set({ disabled: true }).where(eq(users.id, userId)).run();
    expect(checkSession(db, { sid, epoch: 0 }, clock)).toEqual({ ok: false, reason: "disabled" });
  });

  it("counts for nothing once ended (logout), and an unknown id counts for nothing", () => {
    const sid = open();
    expect(endSession(db, sid, "logout", clock())).toBe(true);
    expect(endSession(db, sid, "logout", clock())).toBe(false);
    expect(checkSession(db, { sid, epoch: 0 }, clock)).toEqual({ ok: false, reason: "ended" });
    expect(row(sid).endReason).toBe("logout");
    expect(checkSession(db, { sid: "x".repeat(43), epoch: 0 }, clock)).toEqual({ ok: false, reason: "unknown" });
  });

  it("endUserSessions ends all of one user's open sessions, or all but the current one", () => {
    const a = open();
    const b = open();
    const c = open();
    const otherUser = insertUser(db, { email: "other@example.org" });
    const other = writeTx(db, (tx) => createSession(tx, { userId: otherUser, ip: null, userAgent: null }, clock()));
    expect(writeTx(db, (tx) => endUserSessions(tx, userId, "password-reset", clock(), { except: b }))).toBe(2);
    expect([a, b, c].map((s) => row(s).endReason)).toEqual(["password-reset", null, "password-reset"]);
    expect(writeTx(db, (tx) => endUserSessions(tx, userId, "disabled", clock()))).toBe(1);
    expect(row(other).endedAt).toBeNull();
  });
});
