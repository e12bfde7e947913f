/**
 * The expiry watch: valid certificates expiring within a window (7–90 days), or expired in the
 * last OVERDUE_DAYS, grouped by what is being done about them (db/queries/expiry-watch.ts
 * defines the groups). Every "now" here is the expiry clock (lib/expiry/clock.ts), so a test can
 * move a certificate into the window or past its expiry.
 *
 * Rules:
 * - Each group shows at most GROUP_CAP rows with its full count; the CSV export lists them all.
 * - Overdue looks back OVERDUE_DAYS whatever the window: a certificate expired longer ago is
 *   no longer a VASP about to drop off the network but one that has left it.
 * - The navigation's count (needsAttention) runs on every page: it is kept COUNT_TTL_MS of
 *   expiry-clock time, so a moved test clock recounts at once (docs/operations.md §7).
 */
import "server-only";
import type { Db } from "@/db/client";
import { EXPIRY_GROUPS, expiryGroupCounts, expiryGroupRows, type ExpiryGroup, type ExpiryRange, type ExpiryWatchRow } from "@/db/queries/expiry-watch";
import { toIso, type Clock } from "@/db/time";
import { csvRow } from "@/lib/audit/csv";
import { expiryClock } from "./clock";

export { EXPIRY_GROUPS, type ExpiryGroup } from "@/db/queries/expiry-watch";

const DAY_MS = 86_400_000;
export const OVERDUE_DAYS = 90;
export const GROUP_CAP = 500;
/** The window of the navigation's and the dashboard's counts. */
export const ATTENTION_WINDOW_DAYS = 30;
const COUNT_TTL_MS = 30_000;
const EXPORT_CHUNK = 500;

export interface ExpiryView {
  days: number;
  sort: "notAfter" | "commonName";
  dir: "asc" | "desc";
}

export interface ExpiryRowDto {
  serial: string;
  commonName: string;
  notAfter: string;
  /** whole days from now to the expiry (0: within a day), negative once expired */
  daysLeft: number;
  expired: boolean;
  profileName: string | null;
  batchId: number | null;
  reissueBatchId: number | null;
  replacementSerial: string | null;
}

export interface ExpiryGroupView {
  group: ExpiryGroup;
  count: number;
  rows: ExpiryRowDto[];
}

export interface ExpiryWatchView {
  /** the expiry clock's now */
  asOf: string;
  range: ExpiryRange;
  groups: ExpiryGroupView[];
}

/** The instants of a window of `days` from `now`. */
export function watchRange(days: number, now: Date): ExpiryRange {
  return { overdueFrom: toIso(now.getTime() - OVERDUE_DAYS * DAY_MS), now: toIso(now), until: toIso(now.getTime() + days * DAY_MS) };
}

function rowDto(row: ExpiryWatchRow, now: Date): ExpiryRowDto {
  const left = (Date.parse(row.notAfter) - now.getTime()) / DAY_MS;
  return {
    serial: row.serial,
    commonName: row.commonName,
    notAfter: row.notAfter,
    daysLeft: left >= 0 ? Math.floor(left) : -Math.floor(-left),
    expired: left < 0,
    profileName: row.profileName,
    batchId: row.batchId,
    reissueBatchId: row.reissueBatchId,
    replacementSerial: row.replacementSerial,
  };
}

/** The four groups of the window, each with its count and first GROUP_CAP rows. */
export function expiryWatch(db: Db, view: ExpiryView, clock: Clock = expiryClock()): ExpiryWatchView {
  const now = clock();
  const range = watchRange(view.days, now);
  const counts = expiryGroupCounts(db, range);
  const groups = EXPIRY_GROUPS.map((group) => ({
    group,
    count: counts[group],
    rows: counts[group] === 0 ? [] : expiryGroupRows(db, range, group, { sort: view.sort, dir: view.dir, limit: GROUP_CAP }).map((r) => rowDto(r, now)),
  }));
  return { asOf: range.now, range, groups };
}

/** How many certificates each group holds in the default window (the dashboard's panel). */
export function expiryCounts(db: Db, clock: Clock = expiryClock()): Record<ExpiryGroup, number> {
  return expiryGroupCounts(db, watchRange(ATTENTION_WINDOW_DAYS, clock()));
}

const kept = new WeakMap<Db, { at: number; n: number }>();

/** Certificates nobody is replacing yet: "no replacement" and "overdue" in the default window. Kept briefly. */
export function needsAttention(db: Db, clock: Clock = expiryClock()): number {
  const now = clock().getTime();
  const last = kept.get(db);
  if (last && now >= last.at && now - last.at < COUNT_TTL_MS) return last.n;
  const counts = expiryGroupCounts(db, watchRange(ATTENTION_WINDOW_DAYS, new Date(now)));
  const n = counts.none + counts.overdue;
  kept.set(db, { at: now, n });
  return n;
}

export const EXPIRY_CSV_HEADER = ["group", "serial", "common_name", "not_after", "days_left", "profile_name", "batch_id", "reissue_batch_id", "replacement_serial"];

/** The whole watch (every row of every group, group by group in the view's order) as CSV chunks. */
export function* exportExpiryCsv(db: Db, view: ExpiryView, clock: Clock = expiryClock()): Generator<string> {
  const now = clock();
  const range = watchRange(view.days, now);
  yield csvRow(EXPIRY_CSV_HEADER);
  for (const group of EXPIRY_GROUPS) {
    let after: { value: string; id: number } | undefined;
    for (;;) {
      const rows = expiryGroupRows(db, range, group, { sort: view.sort, dir: view.dir, limit: EXPORT_CHUNK, after });
      yield rows
        .map((r) => {
          const d = rowDto(r, now);
          return csvRow([group, d.serial, d.commonName, d.notAfter, d.daysLeft, d.profileName, d.batchId, d.reissueBatchId, d.replacementSerial]);
        })
        .join("");
      const last = rows.at(-1);
      if (rows.length < EXPORT_CHUNK || !last) break;
      after = { value: view.sort === "commonName" ? last.commonName : last.notAfter, id: last.id };
    }
  }
}
