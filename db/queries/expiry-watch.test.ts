import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db/client";
import type { BatchState } from "@/db/enums";
import { markCertificateRevoked, upsertCertificate } from "@/db/queries/certificates";
import { EXPIRY_GROUPS, expiryGroupCounts, expiryGroupRows, type ExpiryGroup, type ExpiryRange } from "@/db/queries/expiry-watch";
import { batches, certificates } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { queryPlan } from "@/db/testing/query-plan";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const DAY = 86_400_000;
const at = (days: number, ms = 0) => new Date(NOW.getTime() + days * DAY + ms).toISOString();
/** A 30-day window looking back 90 days for overdue ones, as lib/expiry/watch.ts builds it. */
const RANGE: ExpiryRange = { overdueFrom: at(-90), now: at(0), until: at(30) };

let t: TempDb;
let db: Db;
let serials = 0;

function cert(commonName: string, notAfter: string, extra: { replaces?: string } = {}): string {
  const serial = `7A${(++serials).toString(16).toUpperCase().padStart(6, "0")}`;
  upsertCertificate(db, { serial, commonName, source: "import", notBefore: at(-300), notAfter });
  if (extra.replaces) db.update(certificates).set({ replacesSerial: extra.replaces }).where(eq(certificates.serial, serial)).run();
  return serial;
}

function reissueBatch(of: string, state: BatchState): number {
  return db
    .insert(batches)
    .values({ kind: "single", batchName: `reissue-${of}-${state}`, state, reissueOfSerial: of, createdAt: at(-1), updatedAt: at(-1) })
    .returning()
    .get().id;
}

function rows(group: ExpiryGroup, range = RANGE, options: Partial<Parameters<typeof expiryGroupRows>[3]> = {}) {
  return expiryGroupRows(db, range, group, { sort: "notAfter", dir: "asc", limit: 500, ...options });
}

/** The SQL of the one db.all call `fn` makes. */
function sqlOf(fn: () => unknown): SQL {
  const all = db.all.bind(db);
  let captured: SQL | undefined;
  (db as unknown as { all: (q: SQL) => unknown }).all = (q: SQL) => {
    captured = q;
    return all(q as never);
  };
  try {
    fn();
  } finally {
    (db as unknown as { all: typeof all }).all = all;
  }
  return captured!;
}

/** SQLite's plan for one group's rows. */
function planOf(group: ExpiryGroup, options: Partial<Parameters<typeof expiryGroupRows>[3]> = {}): string {
  const query = new SQLiteSyncDialect().sqlToQuery(sqlOf(() => rows(group, RANGE, options)));
  return queryPlan(db, query.sql, query.params);
}

function names(group: ExpiryGroup, range = RANGE): string[] {
  return rows(group, range).map((r) => r.commonName);
}

beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

describe("expiry watch groups", () => {
  it("puts each certificate in exactly one group, counted as listed", () => {
    cert("none.example", at(10));
    const inProgress = cert("in-progress.example", at(12));
    const batch = reissueBatch(inProgress, "processing");
    const replaced = cert("replaced.example", at(14));
    const renewal = cert("replaced.example", at(370), { replaces: replaced });
    cert("overdue.example", at(-5));
    const lateReissue = cert("late-reissue.example", at(-3));
    const lateBatch = reissueBatch(lateReissue, "submitted");
    // expired and replaced: nothing left to do, so in no group
    const oldReplaced = cert("old-replaced.example", at(-4));
    cert("old-replaced.example", at(360), { replaces: oldReplaced });

    expect(names("none")).toEqual(["none.example"]);
    expect(names("in-progress")).toEqual(["late-reissue.example", "in-progress.example"]);
    expect(names("replaced")).toEqual(["replaced.example"]);
    expect(names("overdue")).toEqual(["overdue.example"]);
    expect(expiryGroupCounts(db, RANGE)).toEqual({ none: 1, "in-progress": 2, replaced: 1, overdue: 1 });

    const progress = rows("in-progress");
    expect(progress.map((r) => r.reissueBatchId)).toEqual([lateBatch, batch]);
    expect(progress.every((r) => r.group === "in-progress" && r.replacementSerial === null)).toBe(true);
    expect(rows("replaced")[0]).toMatchObject({ serial: replaced, replacementSerial: renewal, reissueBatchId: null, group: "replaced" });
  });

  it("keeps the window's edges: from now (inclusive) to the end (exclusive), overdue back to overdueFrom (inclusive)", () => {
    cert("at-now", at(0));
    cert("just-before-end", at(30, -1));
    cert("at-end", at(30));
    cert("just-expired", at(0, -1));
    cert("at-overdue-limit", at(-90));
    cert("past-overdue-limit", at(-90, -1));

    expect(names("none")).toEqual(["at-now", "just-before-end"]);
    expect(names("overdue")).toEqual(["at-overdue-limit", "just-expired"]);
    expect(expiryGroupCounts(db, RANGE)).toEqual({ none: 2, "in-progress": 0, replaced: 0, overdue: 2 });
    // a wider window takes in the one at the old end
    expect(names("none", { ...RANGE, until: at(60) })).toEqual(["at-now", "just-before-end", "at-end"]);
  });

  it("leaves out revoked certificates, certificates without a not-after and those outside the range", () => {
    const revoked = cert("revoked.example", at(5));
    markCertificateRevoked(db, revoked, { at: NOW, reasonCode: 4, by: null });
    upsertCertificate(db, { serial: "7B000001", commonName: "found-only.example", source: "find" });
    cert("later.example", at(200));

    for (const group of EXPIRY_GROUPS) expect(rows(group)).toEqual([]);
    expect(expiryGroupCounts(db, RANGE)).toEqual({ none: 0, "in-progress": 0, replaced: 0, overdue: 0 });
  });

  it("counts a reissue as in progress only while its batch is in flight; a replacement wins over a batch", () => {
    const rejected = cert("rejected-reissue.example", at(8));
    reissueBatch(rejected, "rejected");
    const errored = cert("errored-reissue.example", at(-8));
    reissueBatch(errored, "errored");
    const both = cert("both.example", at(9));
    reissueBatch(both, "processing");
    cert("both.example", at(400), { replaces: both });

    expect(names("none")).toEqual(["rejected-reissue.example"]);
    expect(names("overdue")).toEqual(["errored-reissue.example"]);
    expect(names("in-progress")).toEqual([]);
    expect(names("replaced")).toEqual(["both.example"]);
    expect(expiryGroupCounts(db, RANGE)).toEqual({ none: 1, "in-progress": 0, replaced: 1, overdue: 1 });
  });

  it("counts exactly up to a cap, then says more than the cap, leaving the reissued ones out first", () => {
    for (let i = 0; i < 4; i++) cert(`n${i}`, at(3 + i));
    for (let i = 0; i < 2; i++) reissueBatch(cert(`p${i}`, at(2 + i)), "processing");
    cert("o", at(-3));
    expect(expiryGroupCounts(db, RANGE, 4)).toEqual({ none: 4, "in-progress": 2, replaced: 0, overdue: 1 });
    expect(expiryGroupCounts(db, RANGE, 3)).toEqual({ none: 4, "in-progress": 2, replaced: 0, overdue: 1 });
    expect(expiryGroupCounts(db, RANGE, 2)).toEqual({ none: 3, "in-progress": 2, replaced: 0, overdue: 1 });
    expect(expiryGroupCounts(db, RANGE)).toEqual({ none: 4, "in-progress": 2, replaced: 0, overdue: 1 });
  });

  it("moves a certificate between groups as the clock moves", () => {
    cert("moving.example", at(40));
    expect(names("none")).toEqual([]);
    const later = (days: number): ExpiryRange => ({ overdueFrom: at(days - 90), now: at(days), until: at(days + 30) });
    expect(names("none", later(15))).toEqual(["moving.example"]);
    expect(names("overdue", later(41))).toEqual(["moving.example"]);
    expect(expiryGroupCounts(db, later(41))).toEqual({ none: 0, "in-progress": 0, replaced: 0, overdue: 1 });
    expect(expiryGroupCounts(db, later(131))).toEqual({ none: 0, "in-progress": 0, replaced: 0, overdue: 0 });
  });

  it("sorts by expiry or name either way, ties by id, and pages after a row", () => {
    cert("charlie", at(3));
    cert("alpha", at(7));
    cert("bravo", at(7));
    cert("delta", at(1));
    expect(rows("none").map((r) => r.commonName)).toEqual(["delta", "charlie", "alpha", "bravo"]);
    expect(rows("none", RANGE, { dir: "desc" }).map((r) => r.commonName)).toEqual(["bravo", "alpha", "charlie", "delta"]);
    expect(rows("none", RANGE, { sort: "commonName" }).map((r) => r.commonName)).toEqual(["alpha", "bravo", "charlie", "delta"]);
    expect(rows("none", RANGE, { sort: "commonName", dir: "desc", limit: 2 }).map((r) => r.commonName)).toEqual(["delta", "charlie"]);

    const first = rows("none", RANGE, { limit: 2 });
    const last = first.at(-1)!;
    expect(rows("none", RANGE, { limit: 2, after: { value: last.notAfter, id: last.id } }).map((r) => r.commonName)).toEqual(["alpha", "bravo"]);
    const byName = rows("none", RANGE, { sort: "commonName", limit: 3 }).at(-1)!;
    expect(rows("none", RANGE, { sort: "commonName", after: { value: byName.commonName, id: byName.id } }).map((r) => r.commonName)).toEqual(["delta"]);
  });

  it("walks the name index to the same rows, pages included, as sorting the range", () => {
    for (const [i, name] of ["kilo", "alpha", "echo", "bravo", "delta", "golf", "charlie", "foxtrot"].entries()) cert(name, at(i % 2 ? 5 + i : -5 - i));
    cert("outside", at(50));
    for (const group of ["none", "overdue"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const sorted = rows(group, RANGE, { sort: "commonName", dir });
        expect(rows(group, RANGE, { sort: "commonName", dir, walkNames: true })).toEqual(sorted);
        const after = { value: sorted[1]!.commonName, id: sorted[1]!.id };
        expect(rows(group, RANGE, { sort: "commonName", dir, walkNames: true, after })).toEqual(sorted.slice(2));
      }
    }
    expect(planOf("none", { sort: "commonName", walkNames: true })).toMatch(/certificates_common_name_idx/);
  });

  it("reads the range along the not_after index and the reissued ones from the partial indexes", () => {
    for (const group of EXPIRY_GROUPS) expect(planOf(group)).not.toMatch(/SCAN c\b|SCAN certificates\b/);
    expect(planOf("none")).toMatch(/certificates_status_idx/);
    expect(planOf("in-progress")).toMatch(/certificates_replaces_idx/);
    expect(planOf("replaced")).toMatch(/batches_reissue_of_idx/);
  });
});
