import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { checkThrottle, decide, DEFAULT_THROTTLE, describeWait, recordAttempt } from "@/lib/auth/throttle";
import { testClock, type TestClock } from "@/lib/auth/testing/support";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

let t: TempDb;
let db: Db;
let clock: TestClock;

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clock = testClock("2026-03-01T09:00:00.000Z");
});
afterEach(() => t.cleanup());

function fail(email: string, address: string, times = 1): void {
  writeTx(db, (tx) => {
    for (let i = 0; i < times; i++) recordAttempt(tx, email, address, false, clock());
  });
}

function succeed(email: string, address: string): void {
  writeTx(db, (tx) => recordAttempt(tx, email, address, true, clock()));
}

const check = (email: string, address: string) => checkThrottle(db, email, address, clock());

describe("per account from one address (a person mistyping)", () => {
  it("allows four failures freely, then makes the fifth wait 5 seconds", () => {
    fail("alice@example.org", "10.0.0.1", 4);
    expect(check("alice@example.org", "10.0.0.1")).toEqual({ allowed: true });
    fail("alice@example.org", "10.0.0.1");
    const d = check("alice@example.org", "10.0.0.1");
    expect(d).toMatchObject({ allowed: false, scope: "account", retryAfterSeconds: 5 });
    clock.advance(4999);
    expect(check("alice@example.org", "10.0.0.1").allowed).toBe(false);
    clock.advance(1);
    expect(check("alice@example.org", "10.0.0.1")).toEqual({ allowed: true });
  });

  it("doubles the wait with each further failure, up to 15 minutes", () => {
    fail("alice@example.org", "10.0.0.1", 5);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const d = check("alice@example.org", "10.0.0.1");
      if (d.allowed) throw new Error("expected a wait");
      waits.push(d.retryAfterSeconds);
      clock.set(d.retryAt);
      fail("alice@example.org", "10.0.0.1");
    }
    expect(waits).toEqual([5, 10, 20, 40]);
    // Many failures at once: the wait is capped at 15 minutes, and the window forgets them after it.
    fail("alice@example.org", "10.0.0.1", 20);
    const capped = check("alice@example.org", "10.0.0.1");
    expect(capped).toMatchObject({ allowed: false, retryAfterSeconds: 15 * 60 });
    clock.advance(15 * MINUTE);
    expect(check("alice@example.org", "10.0.0.1")).toEqual({ allowed: true });
  });

  it("a success from that address starts the count again", () => {
    fail("alice@example.org", "10.0.0.1", 4);
    succeed("alice@example.org", "10.0.0.1");
    clock.advance(SECOND);
    fail("alice@example.org", "10.0.0.1", 4);
    expect(check("alice@example.org", "10.0.0.1")).toEqual({ allowed: true });
  });

  it("someone else's failures from another address never slow the owner down (below the hourly cap)", () => {
    fail("alice@example.org", "203.0.113.9", 60);
    expect(check("alice@example.org", "203.0.113.9").allowed).toBe(false);
    expect(check("alice@example.org", "10.0.0.1")).toEqual({ allowed: true });
  });

  it("failures older than 15 minutes are forgotten", () => {
    fail("alice@example.org", "10.0.0.1", 8);
    clock.advance(15 * MINUTE + SECOND);
    expect(check("alice@example.org", "10.0.0.1")).toEqual({ allowed: true });
  });
});

describe("per account, all addresses: at most 100 failures an hour", () => {
  it("refuses everyone at the cap, and the lock lifts when the oldest failure is an hour old", () => {
    const first = clock();
    // 25 addresses × 4 failures: each under its own limits, 100 in all.
    for (let i = 0; i < 25; i++) {
      fail("bob@example.org", `198.51.100.${i}`, 4);
      clock.advance(MINUTE);
    }
    const d = check("bob@example.org", "10.9.9.9");
    expect(d).toMatchObject({ allowed: false, scope: "account" });
    if (d.allowed) return;
    expect(d.retryAt.getTime()).toBe(first.getTime() + 60 * MINUTE);
    clock.set(d.retryAt);
    expect(check("bob@example.org", "10.9.9.9")).toEqual({ allowed: true });
    // Other accounts were never affected.
    clock.set(first);
    clock.advance(30 * MINUTE);
    expect(check("carol@example.org", "10.9.9.9")).toEqual({ allowed: true });
  });
});

describe("per address (password spraying)", () => {
  it("slows an address after 20 failures across accounts, leaving other addresses alone", () => {
    for (let i = 0; i < 20; i++) fail(`user${i}@example.org`, "192.0.2.50");
    expect(check("new-target@example.org", "192.0.2.50")).toMatchObject({ allowed: false, scope: "address", retryAfterSeconds: 5 });
    expect(check("new-target@example.org", "192.0.2.51")).toEqual({ allowed: true });
  });

  it("caps an address at 500 failures an hour however slowly they come", () => {
    const at = clock();
    writeTx(db, (tx) => {
      for (let i = 0; i < 500; i++) {
        // one failure every 7 s: under the 15-minute rule's threshold rate
        recordAttempt(tx, `spray${i}@example.org`, "192.0.2.77", false, new Date(at.getTime() + i * 7 * SECOND));
      }
    });
    clock.set(new Date(at.getTime() + 500 * 7 * SECOND));
    const d = checkThrottle(db, "another@example.org", "192.0.2.77", clock(), { ...DEFAULT_THROTTLE, addressThreshold: 1000 });
    expect(d).toMatchObject({ allowed: false, scope: "address" });
  });
});

describe("decide (the pure rule)", () => {
  const now = new Date("2026-03-01T12:00:00.000Z");
  const none = { count: 0, lastAt: null };
  const noCap = { count: 0, capLiftsAt: null };

  it("reports the longest of several waits", () => {
    const d = decide(
      {
        pair: { count: 6, lastAt: now },
        address: { count: 25, lastAt: now },
        accountHour: noCap,
        addressHour: noCap,
      },
      now,
    );
    // pair: 10 s; address: 5 s × 2^5 = 160 s
    expect(d).toMatchObject({ allowed: false, scope: "address", retryAfterSeconds: 160 });
  });

  it("allows when nothing is over a threshold", () => {
    expect(decide({ pair: none, address: none, accountHour: noCap, addressHour: noCap }, now)).toEqual({ allowed: true });
  });

  it("describes waits in words", () => {
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(40)).toBe("40 seconds");
    expect(describeWait(61)).toBe("about 2 minutes");
    expect(describeWait(900)).toBe("about 15 minutes");
  });
});
