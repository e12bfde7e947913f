import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { describeDevice } from "@/lib/auth/device";
import { endAllOwnSessions, endOwnSession, ownSessions, sessionRef } from "@/lib/auth/own-sessions";
import { checkSession, createSession, SESSION_IDLE_MS, type SessionUser } from "@/lib/auth/sessions";
import { insertUser, testClock, type TestClock } from "@/lib/auth/testing/support";
import { hasCode } from "@/lib/errors";

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let t: TempDb;
let db: Db;
let clock: TestClock;
let me: SessionUser;
let otherUser: number;

const open = (userId: number, userAgent: string, ip = "198.51.100.4") => writeTx(db, (tx) => createSession(tx, { userId, ip, userAgent }, clock()));

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clock = testClock();
  const id = insertUser(db, { email: "ops@example.org", name: "Olga Ops", role: "operator" });
  me = { id, email: "ops@example.org", name: "Olga Ops", role: "operator", sessionId: open(id, CHROME_LINUX, "10.0.0.7"), stage: "full", factorAt: null };
  otherUser = insertUser(db, { email: "sam@example.org", name: "Sam", role: "support" });
});
afterEach(() => t.cleanup());

describe("your own sessions", () => {
  it("lists only your open sessions, marks this one, and never shows a session id", () => {
    const laptop = open(me.id, FIREFOX);
    open(otherUser, FIREFOX);
    const list = ownSessions(db, me, clock);
    expect(list.map((s) => [s.device, s.ip, s.current])).toEqual(
      expect.arrayContaining([
        ["Chrome on Linux", "10.0.0.7", true],
        ["Firefox on Windows", "198.51.100.4", false],
      ]),
    );
    expect(list).toHaveLength(2);
    expect(JSON.stringify(list)).not.toContain(me.sessionId);
    expect(JSON.stringify(list)).not.toContain(laptop);
    expect(list.find((s) => !s.current)?.ref).toBe(sessionRef(laptop));
  });

  it("leaves out sessions past the idle limit (not yet ended by a request)", () => {
    open(me.id, FIREFOX);
    clock.advance(SESSION_IDLE_MS + 1);
    expect(ownSessions(db, me, clock)).toEqual([]);
  });

  it("signs out another browser of yours at once, audited; not this one, not someone else's", () => {
    const laptop = open(me.id, FIREFOX);
    const sams = open(otherUser, FIREFOX);
    expect(endOwnSession(db, me, sessionRef(laptop), "10.0.0.7", clock)).toBe("Firefox on Windows");
    expect(checkSession(db, { sid: laptop, epoch: 0 }, clock)).toEqual({ ok: false, reason: "ended" });
    const entry = db.select().from(auditLog).all().at(-1)!;
    expect(entry).toMatchObject({ action: "auth.session.end", outcome: "succeeded", actorEmail: "ops@example.org", ip: "10.0.0.7" });
    expect(entry.details).not.toContain(laptop);

    const refuse = (ref: string) => {
      try {
        endOwnSession(db, me, ref, null, clock);
        return "ended";
      } catch (err) {
        return hasCode(err, "NOT_FOUND") ? "not found" : hasCode(err, "INVALID_INPUT") ? "this one" : "other";
      }
    };
    expect(refuse(sessionRef(sams))).toBe("not found");
    expect(checkSession(db, { sid: sams, epoch: 0 }, clock).ok).toBe(true);
    expect(refuse(sessionRef(laptop))).toBe("not found");
    expect(refuse(sessionRef(me.sessionId))).toBe("this one");
  });

  it("signs out everywhere: every session of yours, this one too, and nobody else's", () => {
    const laptop = open(me.id, FIREFOX);
    const sams = open(otherUser, FIREFOX);
    expect(endAllOwnSessions(db, me, "10.0.0.7", clock)).toBe(2);
    expect(checkSession(db, { sid: laptop, epoch: 0 }, clock).ok).toBe(false);
    expect(checkSession(db, { sid: me.sessionId, epoch: 0 }, clock).ok).toBe(false);
    expect(checkSession(db, { sid: sams, epoch: 0 }, clock).ok).toBe(true);
    expect(db.select().from(auditLog).all().at(-1)).toMatchObject({ action: "auth.logout.everywhere", details: JSON.stringify({ sessions: 2 }) });
  });
});

describe("naming a device", () => {
  it("names the browser and the system from the user agent, and admits when it cannot", () => {
    expect(describeDevice(FIREFOX)).toBe("Firefox on Windows");
    expect(describeDevice(CHROME_LINUX)).toBe("Chrome on Linux");
    expect(describeDevice("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")).toBe("Safari on iOS");
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0")).toBe("Edge on Windows");
    expect(describeDevice("curl/8.5.0")).toBe("curl");
    expect(describeDevice(null)).toBe("Unknown browser");
    expect(describeDevice("something")).toBe("Unknown browser");
  });
});
