import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { upsertCertificate } from "@/db/queries/certificates";
import { certificates } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { EXPIRY_CSV_HEADER, expiryWatch, exportExpiryCsv, GROUP_PAGE, GROUP_PREVIEW, needsAttention } from "./watch";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

let t: TempDb;
let db: Db;

function cert(serial: string, commonName: string, days: number) {
  upsertCertificate(db, { serial, commonName, source: "import", notBefore: at(-300), notAfter: at(days) });
}

beforeEach(() => {
  t = tempDb();
  db = t.db;
  cert("7A01", "soon.example", 10.5);
  cert("7A02", "=cmd|' /C calc'!A0", 20);
  cert("7A03", "gone.example", -2.5);
  cert("7A04", "later.example", 45);
  cert("7A05", "soon.example", 400);
  db.update(certificates).set({ replacesSerial: "7A01" }).where(eq(certificates.serial, "7A05")).run();
});
afterEach(() => t.cleanup());

describe("expiryWatch", () => {
  it("groups the window on the given clock, in whole days", () => {
    const view = expiryWatch(db, { days: 30, sort: "notAfter", dir: "asc" }, () => NOW);
    expect(view.asOf).toBe(NOW.toISOString());
    const byGroup = Object.fromEntries(view.groups.map((g) => [g.group, g.rows.map((r) => [r.commonName, r.daysLeft, r.expired])]));
    expect(byGroup).toEqual({
      none: [["=cmd|' /C calc'!A0", 20, false]],
      "in-progress": [],
      replaced: [["soon.example", 10, false]],
      overdue: [["gone.example", -2, true]],
    });
    const wider = expiryWatch(db, { days: 60, sort: "notAfter", dir: "asc" }, () => NOW);
    expect(wider.groups.find((g) => g.group === "none")?.count).toBe(2);
  });
});

describe("expiryWatch pages", () => {
  it("previews each group, and pages one group alone by a cursor", () => {
    db.$client.transaction(() => {
      for (let i = 0; i < GROUP_PAGE + 5; i++) cert(`7B${String(i).padStart(4, "0")}`, `bulk-${String(i).padStart(3, "0")}.example`, 1 + i / 10);
    })();
    const overview = expiryWatch(db, { days: 30, sort: "commonName", dir: "asc" }, () => NOW);
    const none = overview.groups.find((g) => g.group === "none")!;
    expect(none.rows).toHaveLength(GROUP_PREVIEW);
    expect(none.count).toBe(GROUP_PAGE + 6);

    const first = expiryWatch(db, { days: 30, sort: "commonName", dir: "asc", group: "none" }, () => NOW);
    expect(first.groups.filter((g) => g.rows.length > 0).map((g) => g.group)).toEqual(["none"]);
    const page1 = first.groups[0]!;
    expect(page1.rows).toHaveLength(GROUP_PAGE);
    expect(page1.next).not.toBeNull();
    const page2 = expiryWatch(db, { days: 30, sort: "commonName", dir: "asc", group: "none", after: page1.next! }, () => NOW).groups[0]!;
    // "=cmd…" sorts first, so the second page starts at bulk-099
    expect(page2.rows.map((r) => r.commonName)).toEqual(["bulk-099.example", "bulk-100.example", "bulk-101.example", "bulk-102.example", "bulk-103.example", "bulk-104.example"]);
    expect(page2.next).toBeNull();
    // a cursor that does not decode is the first page
    expect(expiryWatch(db, { days: 30, sort: "commonName", dir: "asc", group: "none", after: "%%" }, () => NOW).groups[0]!.rows[0]?.commonName).toBe("=cmd|' /C calc'!A0");
  });
});

describe("needsAttention", () => {
  it("counts no-replacement and overdue in 30 days, kept briefly, recounted when the clock moves", () => {
    expect(needsAttention(db, () => NOW)).toBe(2);
    cert("7A06", "new.example", 5);
    expect(needsAttention(db, () => new Date(NOW.getTime() + 10_000))).toBe(2);
    expect(needsAttention(db, () => new Date(NOW.getTime() + 31_000))).toBe(3);
    // the test clock moved 20 days: later.example (45) comes into the window
    expect(needsAttention(db, () => at(20))).toBe(4);
    // moved back: counted again, not taken from the future
    expect(needsAttention(db, () => NOW)).toBe(3);
  });
});

describe("exportExpiryCsv", () => {
  it("lists every group's rows under one header, cells safe for spreadsheets", () => {
    const csv = [...exportExpiryCsv(db, 30, () => NOW)].join("");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(EXPIRY_CSV_HEADER.join(","));
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["none,7A02", "replaced,7A01", "overdue,7A03"]);
    expect(csv).toContain("'=cmd|' /C calc'!A0");
    expect(lines[2]).toContain(",7A05");
  });
});

describe("expiryWatch counts past the cap", () => {
  it("keeps 'more than 10,000' of a large group for 30 seconds of the expiry clock; a count under the cap is always counted", () => {
    db.$client.transaction(() => {
      for (let i = 0; i < 10_001; i++) cert(`7C${String(i).padStart(6, "0")}`, `many-${i}.example`, 5 + (i % 20));
    })();
    const countsAt = (ms: number, days = 30) => {
      const view = expiryWatch(db, { days, sort: "notAfter", dir: "asc" }, () => new Date(NOW.getTime() + ms));
      return Object.fromEntries(view.groups.map((g) => [g.group, g.count]));
    };
    // 10,002 in the group: given as 10,001, "more than 10,000"
    expect(countsAt(0)).toMatchObject({ none: 10_001, overdue: 1 });
    // two leave the window: 10,000 remain, which the page only learns after the 30 seconds …
    db.update(certificates).set({ notAfter: at(400).toISOString() }).where(eq(certificates.serial, "7C000000")).run();
    db.update(certificates).set({ notAfter: at(400).toISOString() }).where(eq(certificates.serial, "7C000001")).run();
    // … while the small group's count, under the cap, is exact at once
    cert("7A06", "gone-too.example", -1.5);
    expect(countsAt(29_000)).toMatchObject({ none: 10_001, overdue: 2 });
    expect(countsAt(31_000)).toMatchObject({ none: 10_000, overdue: 2 });
    // another window is another count
    expect(countsAt(31_000, 7).none).toBeLessThan(10_000);
  });
});
