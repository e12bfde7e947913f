import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { insertBatch } from "@/db/queries/batches";
import { upsertCertificate } from "@/db/queries/certificates";
import { batches, calendarFeeds, certificates, users } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { auditOf, insertUser, testClock } from "@/lib/auth/testing/support";
import type { Role } from "@/lib/auth/rbac";
import { createFeed, feedCalendar, listFeeds, openFeed, revokeFeed, tokenOfSegment, upcomingExpiries, type FeedOwner } from "./feeds";
import { queryPlan } from "@/db/testing/query-plan";

let t: TempDb;
let db: Db;
const clock = testClock("2026-12-03T10:00:00.000Z");
const DAY = 86_400_000;
const now = () => clock().getTime();

function owner(role: Role = "operator"): FeedOwner {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  return { id: insertUser(db, { email, role }), email, role };
}

function cert(serial: string, commonName: string, daysLeft: number, extra: Partial<Parameters<typeof upsertCertificate>[1]> = {}) {
  return upsertCertificate(db, { serial, commonName, source: "import", notBefore: new Date(now() - 300 * DAY), notAfter: new Date(now() + daysLeft * DAY), ...extra });
}

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clock.set("2026-12-03T10:00:00.000Z");
});
afterEach(() => t.cleanup());

describe("calendar feeds", () => {
  it("stores only the token's SHA-256, shows the token once, and audits creation without it", () => {
    const me = owner();
    const feed = createFeed(db, me, "10.0.0.9", clock);
    expect(feed.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(feed.path).toBe(`/api/calendar/${feed.token}.ics`);
    expect(tokenOfSegment(`${feed.token}.ics`)).toBe(feed.token);
    expect(tokenOfSegment(feed.token)).toBeNull();
    expect(tokenOfSegment("short.ics")).toBeNull();
    const stored = JSON.stringify(db.select().from(calendarFeeds).all());
    expect(stored).not.toContain(feed.token);
    expect(stored).toMatch(/"tokenHash":"[0-9a-f]{64}"/);
    const [entry] = auditOf(db, "calendar.create");
    expect(entry).toMatchObject({ actorEmail: me.email, targetType: "calendar-feed", targetId: String(feed.id), ip: "10.0.0.9", details: {} });
    expect(JSON.stringify(auditOf(db, "calendar.create"))).not.toContain(feed.token);
    expect(listFeeds(db, me)).toEqual([{ id: feed.id, createdAt: "2026-12-03T10:00:00.000Z", lastUsedAt: null, revokedAt: null }]);
  });

  it("opens for its token only while not revoked, the owner enabled, and the role reading certificates", () => {
    const me = owner("support");
    const feed = createFeed(db, me, null, clock);
    expect(openFeed(db, feed.token, clock)).toEqual({ id: feed.id });
    expect(openFeed(db, `${feed.token.slice(0, -1)}${feed.token.endsWith("A") ? "B" : "A"}`, clock)).toBeNull();
    expect(openFeed(db, "not a token", clock)).toBeNull();

    db.update(users).set({ disabled: true }).where(eq(users.id, me.id)).run();
    expect(openFeed(db, feed.token, clock)).toBeNull();
    db.update(users).set({ disabled: false }).where(eq(users.id, me.id)).run();
    // Every role reads certificates today; a role that does not (here a damaged row, which
    // holds no permission) must close the feed as well.
    db.$client.pragma("ignore_check_constraints = ON");
    db.$client.prepare("UPDATE users SET role = 'nobody' WHERE id = ?").run(me.id);
    db.$client.pragma("ignore_check_constraints = OFF");
    expect(openFeed(db, feed.token, clock)).toBeNull();
    db.update(users).set({ role: "support" }).where(eq(users.id, me.id)).run();
    expect(openFeed(db, feed.token, clock)).toEqual({ id: feed.id });

    revokeFeed(db, me, feed.id, null, clock);
    expect(openFeed(db, feed.token, clock)).toBeNull();
    expect(auditOf(db, "calendar.revoke")).toMatchObject([{ actorEmail: me.email, targetId: String(feed.id) }]);
    expect(listFeeds(db, me)[0]!.revokedAt).toBe("2026-12-03T10:00:00.000Z");
  });

  it("lets nobody revoke another person's feed, nor one twice", () => {
    const me = owner();
    const other = owner("admin");
    const feed = createFeed(db, me, null, clock);
    expect(() => revokeFeed(db, other, feed.id, null, clock)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    revokeFeed(db, me, feed.id, null, clock);
    expect(() => revokeFeed(db, me, feed.id, null, clock)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(auditOf(db, "calendar.revoke")).toHaveLength(1);
  });

  it("writes last_used_at at most once a minute", () => {
    const feed = createFeed(db, owner(), null, clock);
    const lastUsed = () => listFeeds(db, { id: db.select().from(calendarFeeds).get()!.userId })[0]!.lastUsedAt;
    openFeed(db, feed.token, clock);
    expect(lastUsed()).toBe("2026-12-03T10:00:00.000Z");
    clock.advance(30_000);
    openFeed(db, feed.token, clock);
    expect(lastUsed()).toBe("2026-12-03T10:00:00.000Z");
    clock.advance(31_000);
    openFeed(db, feed.token, clock);
    expect(lastUsed()).toBe("2026-12-03T10:01:01.000Z");
  });
});

describe("the feed's events", () => {
  it("lists valid certificates expiring within 90 days, soonest first, with their replacement state and a link", () => {
    cert("0A", "soon.example.org", 5);
    cert("0B", "later.example.org", 89);
    cert("0C", "too-late.example.org", 91);
    cert("0D", "expired.example.org", -1);
    cert("0E", "revoked.example.org", 10, { status: "revoked", revokedAt: clock() });
    cert("0F", "replaced.example.org", 20);
    cert("10", "replacement.example.org", 400);
    db.update(certificates).set({ replacesSerial: "0F" }).where(eq(certificates.serial, "10")).run();
    cert("11", "reissuing.example.org", 30);
    const batch = writeTx(db, (tx) => insertBatch(tx, { kind: "single", batchName: "re", createdBy: null }));
    db.update(batches).set({ reissueOfSerial: "11", state: "processing" }).where(eq(batches.id, batch.id)).run();

    expect(upcomingExpiries(db, clock()).map((c) => [c.serial, c.replacement])).toEqual([
      ["0A", "none"],
      ["0F", "replaced"],
      ["11", "in-progress"],
      ["0B", "none"],
    ]);
    const text = feedCalendar(db, { now: clock(), stamp: clock(), portalUrl: "https://portal.example.org/" }).replace(/\r\n[ \t]/g, "");
    expect(text).toContain("UID:0A@trisa-ca-portal\r\n");
    expect(text).toContain("SUMMARY:Certificate expires: soon.example.org\r\n");
    expect(text).toContain(`DTSTART;VALUE=DATE:${new Date(now() + 5 * DAY).toISOString().slice(0, 10).replace(/-/g, "")}\r\n`);
    expect(text).toContain("DESCRIPTION:Serial: 0A\\nExpires: 2026-12-08 10:00 UTC\\nNo replacement yet.\\nhttps://portal.example.org/certificates/0A\r\n");
    expect(text).toContain("URL:https://portal.example.org/certificates/0A\r\n");
    expect(text).not.toContain("too-late");
    expect(feedCalendar(db, { now: clock() })).not.toContain("URL:");
  });

  it("reads the range through an index, not a scan of the inventory", () => {
    const detail = queryPlan(
      db,
      "SELECT serial FROM certificates WHERE status = 'valid' AND not_after >= '2026-12-03T10:00:00.000Z' AND not_after < '2027-03-03T10:00:00.000Z' ORDER BY not_after, id LIMIT 2000",
    );
    expect(detail).toMatch(/SEARCH certificates USING INDEX certificates_(status|not_after)_idx/);
    expect(detail).not.toMatch(/SCAN certificates\b(?! USING)/);
  });
});
