/**
 * The expiry watch: valid certificates expiring within a window (7–90 days), or expired in the
 * last OVERDUE_DAYS, grouped by what is being done about them (db/queries/expiry-watch.ts
 * defines the groups). Every "now" here is the expiry clock (lib/expiry/clock.ts), so a test can
 * move a certificate into the window or past its expiry.
 *
 * Rules:
 * - Page size (docs/operations.md §7, P10: a page costs its rows): the overview shows each
 *   group's first GROUP_PREVIEW rows and its full count; one group alone is paged GROUP_PAGE
 *   rows at a time by a cursor (the sort value and id of the last row), which costs the same
 *   on every page. The CSV export lists every row, by expiry.
 * - A name sort of a group larger than NAME_WALK_FROM walks the common_name index instead of
 *   sorting the group (see ExpiryListOptions.walkNames), so neither a page nor the export
 *   sorts a hundred thousand rows.
 * - Overdue looks back OVERDUE_DAYS whatever the window: a certificate expired longer ago is
 *   no longer a VASP about to drop off the network but one that has left it.
 * - Counts stop just past EXPIRY_COUNT_CAP ("more than 10,000", lib/expiry/count-words.ts).
 * - The navigation's count (needsAttention) runs on every page: it is kept COUNT_TTL_MS of
 *   expiry-clock time, so a moved test clock recounts at once (docs/operations.md §7).
 */
import "server-only";
import type { Db } from "@/db/client";
import type { SearchCursor } from "@/db/queries/certificates";
import { EXPIRY_GROUPS, expiryGroupCounts, expiryGroupRows, type ExpiryGroup, type ExpiryListOptions, type ExpiryRange, type ExpiryWatchRow } from "@/db/queries/expiry-watch";
import { decodeCursor, encodeCursor } from "@/lib/inventory/cursor";
import { toIso, type Clock } from "@/db/time";
import { csvRow } from "@/lib/audit/csv";
import { expiryClock } from "./clock";
import { EXPIRY_COUNT_CAP } from "./count-words";
import { cappedCountKeeper } from "@/lib/counts/kept-capped";

export { EXPIRY_GROUPS, type ExpiryGroup } from "@/db/queries/expiry-watch";

const DAY_MS = 86_400_000;
export const OVERDUE_DAYS = 90;
export const GROUP_PREVIEW = 20;
export const GROUP_PAGE = 100;
const NAME_WALK_FROM = 5000;
/** The window of the navigation's and the dashboard's counts. */
export const ATTENTION_WINDOW_DAYS = 30;
const COUNT_TTL_MS = 30_000;
const EXPORT_CHUNK = 500;

export interface ExpiryView {
  days: number;
  sort: "notAfter" | "commonName";
  dir: "asc" | "desc";
  /** one group alone, paged */
  group?: ExpiryGroup | null;
  /** that group's page: the cursor of the row before it (as the page's links carry it) */
  after?: string;
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
  /** the preview, or the page of the group shown alone; none for the others when one is */
  rows: ExpiryRowDto[];
  /** the cursor of the next page, when more rows follow */
  next: string | null;
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

function listOptions(view: ExpiryView, count: number, limit: number, after?: SearchCursor): ExpiryListOptions {
  return { sort: view.sort, dir: view.dir, limit, walkNames: count > NAME_WALK_FROM, ...(after?.value ? { after: { value: after.value, id: after.id } } : {}) };
}

/** "More than 10,000" of a large group is kept 30 s of expiry-clock time (lib/counts/kept-capped.ts: why). */
const keptCounts = cappedCountKeeper();
const LARGE_GROUPS = ["none", "overdue"] as const;

/**
 * The groups' counts for a window; "more than EXPIRY_COUNT_CAP" of the large groups is kept a
 * while: two such counts read 20,002 index entries (1.2 ms) on every view at a million rows.
 */
function groupCounts(db: Db, range: ExpiryRange, days: number, now: Date): Record<ExpiryGroup, number> {
  const key = (group: string) => `${days}:${group}`;
  const overCap = new Set(LARGE_GROUPS.filter((g) => keptCounts.isKept(db, key(g), now)));
  const counts = expiryGroupCounts(db, range, EXPIRY_COUNT_CAP, overCap);
  for (const g of LARGE_GROUPS) if (!overCap.has(g)) keptCounts.record(db, key(g), now, counts[g] > EXPIRY_COUNT_CAP);
  return counts;
}

/** The four groups of the window, each with its count and its preview, or one group's page. */
export function expiryWatch(db: Db, view: ExpiryView, clock: Clock = expiryClock()): ExpiryWatchView {
  const now = clock();
  const range = watchRange(view.days, now);
  const counts = groupCounts(db, range, view.days, now);
  const groups = EXPIRY_GROUPS.map((group): ExpiryGroupView => {
    const count = counts[group];
    const shown = view.group ? view.group === group : true;
    if (count === 0 || !shown) return { group, count, rows: [], next: null };
    const limit = view.group ? GROUP_PAGE : GROUP_PREVIEW;
    const rows = expiryGroupRows(db, range, group, listOptions(view, count, limit + 1, view.group ? decodeCursor(view.after) : undefined));
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next = rows.length > limit && last ? encodeCursor({ value: view.sort === "commonName" ? last.commonName : last.notAfter, id: last.id }) : null;
    return { group, count, rows: page.map((r) => rowDto(r, now)), next };
  });
  return { asOf: range.now, range, groups };
}

const kept = new WeakMap<Db, { at: number; counts: Record<ExpiryGroup, number> }>();

/**
 * How many certificates each group holds in the default window: the dashboard's panel and the
 * navigation's count. Kept for 30 seconds (or until the expiry clock moves back), because the
 * navigation asks on every page and counting a group of 10,000 costs milliseconds.
 */
export function expiryCounts(db: Db, clock: Clock = expiryClock()): Record<ExpiryGroup, number> {
  const now = clock().getTime();
  const last = kept.get(db);
  if (last && now >= last.at && now - last.at < COUNT_TTL_MS) return last.counts;
  const counts = expiryGroupCounts(db, watchRange(ATTENTION_WINDOW_DAYS, new Date(now)), EXPIRY_COUNT_CAP);
  kept.set(db, { at: now, counts });
  return counts;
}

/** Certificates nobody is replacing yet: "no replacement" and "overdue" in the default window. */
export function needsAttention(db: Db, clock: Clock = expiryClock()): number {
  const counts = expiryCounts(db, clock);
  return counts.none + counts.overdue;
}

export const EXPIRY_CSV_HEADER = ["group", "serial", "common_name", "not_after", "days_left", "profile_name", "batch_id", "reissue_batch_id", "replacement_serial"];

/**
 * The whole window (every row of every group) as CSV chunks, group by group, each by expiry:
 * pages along the (status, not_after) index cost the same at any depth, while a name order of a
 * large group would walk the whole name index once per group. A spreadsheet sorts by name.
 */
export function* exportExpiryCsv(db: Db, days: number, clock: Clock = expiryClock()): Generator<string> {
  const view: ExpiryView = { days, sort: "notAfter", dir: "asc" };
  const now = clock();
  const range = watchRange(view.days, now);
  const counts = expiryGroupCounts(db, range, EXPIRY_COUNT_CAP);
  yield csvRow(EXPIRY_CSV_HEADER);
  for (const group of EXPIRY_GROUPS) {
    let after: SearchCursor | undefined;
    while (counts[group] > 0) {
      const rows = expiryGroupRows(db, range, group, listOptions(view, counts[group], EXPORT_CHUNK, after));
      yield rows
        .map((r) => {
          const d = rowDto(r, now);
          return csvRow([group, d.serial, d.commonName, d.notAfter, d.daysLeft, d.profileName, d.batchId, d.reissueBatchId, d.replacementSerial]);
        })
        .join("");
      const last = rows.at(-1);
      if (rows.length < EXPORT_CHUNK || !last) break;
      after = { value: last.notAfter, id: last.id };
    }
  }
}
