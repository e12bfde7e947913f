/**
 * The expiry watch's queries: valid (not revoked) certificates whose not-after falls in a
 * range, in four groups. The replacement state comes from ./expiry.ts (replacementState), the
 * one definition the notices and certificate pages also read; the groups add only time:
 * - none: not yet expired, no replacement;
 * - in-progress: a reissue batch is in flight (expired or not: the reissue is what matters);
 * - replaced: not yet expired, a new certificate replaces it (the old one awaits revocation);
 * - overdue: expired (from `overdueFrom` on), no replacement.
 * An expired certificate that was replaced is in no group: nothing is left to do for it.
 *
 * Cost (docs/operations.md §7): the inventory may hold a million certificates, a tenth of them
 * in a 90-day range, and few are ever reissued. So the large groups (none, overdue) are read
 * along the (status, not_after) index and counted as "all in the range minus the reissued
 * ones", and the reissued ones are found from the two partial indexes that hold only reissue
 * links (candidates()), never by probing every certificate in the range.
 */
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { IN_FLIGHT_STATES } from "@/db/queries/batches";
import { replacementState } from "@/db/queries/expiry";

export const EXPIRY_GROUPS = ["none", "in-progress", "replaced", "overdue"] as const;
export type ExpiryGroup = (typeof EXPIRY_GROUPS)[number];

export const EXPIRY_SORTS = ["notAfter", "commonName"] as const;
export type ExpirySort = (typeof EXPIRY_SORTS)[number];

/** ISO instants: overdueFrom <= now <= until. */
export interface ExpiryRange {
  /** expired certificates older than this are no longer watched */
  overdueFrom: string;
  now: string;
  /** the end of the window (exclusive) */
  until: string;
}

export interface ExpiryWatchRow {
  id: number;
  serial: string;
  commonName: string;
  notAfter: string;
  profileName: string | null;
  batchId: number | null;
  group: ExpiryGroup;
  /** the newest reissue batch in flight (group in-progress) */
  reissueBatchId: number | null;
  /** the newest certificate that replaces this one (group replaced) */
  replacementSerial: string | null;
}

export interface ExpiryListOptions {
  sort: ExpirySort;
  dir: "asc" | "desc";
  limit: number;
  /** the rows after this one in the sort order (keyset paging) */
  after?: { value: string; id: number };
  /**
   * For a name sort of a large none/overdue group: walk the common_name index and keep the
   * rows in the range, instead of sorting the whole range. Cheaper when the group is a fair
   * share of the inventory (a page is found within limit / share rows), far dearer when it is
   * a small one; the caller decides on the group's count.
   */
  walkNames?: boolean;
}

const inFlight = sql.raw(IN_FLIGHT_STATES.map((s) => `'${s}'`).join(", "));
const serialOf = sql`c.serial`;

/**
 * The ids of every certificate a reissue link names (a replacement's replaces_serial, a
 * reissue batch's reissue_of_serial), read from the partial indexes: a small set even in a
 * large inventory. replacementState decides what each one is.
 */
const candidates = sql`SELECT old.id FROM certificates AS link CROSS JOIN certificates AS old
  WHERE link.replaces_serial IS NOT NULL AND old.serial = link.replaces_serial
  UNION SELECT old.id FROM batches AS link CROSS JOIN certificates AS old
  WHERE link.reissue_of_serial IS NOT NULL AND old.serial = link.reissue_of_serial`;

const links = sql`(SELECT max(b.id) FROM batches AS b WHERE b.reissue_of_serial = c.serial AND b.state IN (${inFlight})) AS reissueBatchId,
  (SELECT r.serial FROM certificates AS r WHERE r.replaces_serial = c.serial ORDER BY r.id DESC LIMIT 1) AS replacementSerial`;

/**
 * Where a group's certificates are and which state they have. For none and overdue the range is
 * read along the index, less the candidates whose state is not none (every other certificate's
 * state is none: no link names it); SQLite builds that small list once per query.
 */
function groupCondition(group: ExpiryGroup, range: ExpiryRange, walkNames = false): SQL {
  const reissued = sql`SELECT x.id FROM certificates AS x WHERE x.id IN (${candidates}) AND ${replacementState(sql`x.serial`)} <> 'none'`;
  // In the candidates' conditions the unary + keeps SQLite from reading the whole range through
  // the not_after index instead of the few candidates.
  const candidate = (state: string, from: string, to: string) =>
    sql`c.id IN (${candidates}) AND +c.status = 'valid' AND +c.not_after >= ${from} AND +c.not_after < ${to} AND ${replacementState(serialOf)} = ${state}`;
  // With walkNames the unary + on the range leaves SQLite only the common_name index, read in
  // the sort order; without, the range is read along the (status, not_after) index.
  const unreissued = (from: string, to: string) =>
    walkNames
      ? sql`+c.status = 'valid' AND +c.not_after >= ${from} AND +c.not_after < ${to} AND c.id NOT IN (${reissued})`
      : sql`c.status = 'valid' AND c.not_after >= ${from} AND c.not_after < ${to} AND c.id NOT IN (${reissued})`;
  switch (group) {
    case "none":
      return unreissued(range.now, range.until);
    case "overdue":
      return unreissued(range.overdueFrom, range.now);
    case "in-progress":
      return candidate("in-progress", range.overdueFrom, range.until);
    case "replaced":
      return candidate("replaced", range.now, range.until);
  }
}

function sortColumn(sort: ExpirySort, table: string): SQL {
  return sql.raw(`${table}.${sort === "commonName" ? "common_name" : "not_after"}`);
}

/**
 * One group's rows in the sort order (ties by id), at most `limit`. The rows are picked by id
 * first, so sorting a large group by name sorts ids, and the links are looked up for the
 * picked rows only.
 */
export function expiryGroupRows(db: Db, range: ExpiryRange, group: ExpiryGroup, options: ExpiryListOptions): ExpiryWatchRow[] {
  const column = sortColumn(options.sort, "c");
  const dir = sql.raw(options.dir === "desc" ? "DESC" : "ASC");
  const cmp = sql.raw(options.dir === "desc" ? "<" : ">");
  // The first term bounds the index range, so each page starts where the last one ended
  // instead of reading past every row before it.
  const after = options.after
    ? sql` AND ${column} ${cmp}= ${options.after.value} AND (${column} ${cmp} ${options.after.value} OR c.id ${cmp} ${options.after.id})`
    : sql``;
  const picked = sql`SELECT c.id FROM certificates AS c WHERE ${groupCondition(group, range, options.walkNames && options.sort === "commonName")}${after} ORDER BY ${column} ${dir}, c.id ${dir} LIMIT ${options.limit}`;
  return db.all<ExpiryWatchRow>(sql`SELECT c.id AS id, c.serial AS serial, c.common_name AS commonName, c.not_after AS notAfter,
    c.profile_name AS profileName, c.batch_id AS batchId, ${group} AS "group", ${links}
    FROM certificates AS c WHERE c.id IN (${picked}) ORDER BY ${column} ${dir}, c.id ${dir}`);
}

/** Valid certificates with a not-after in [from, to), counted on the (status, not_after) index up to `limit`. */
function countInRange(db: Db, from: string, to: string, limit: number): number {
  return (
    db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM certificates WHERE status = 'valid' AND not_after >= ${from} AND not_after < ${to} LIMIT ${limit})`)?.n ?? 0
  );
}

/**
 * How many certificates each group holds. A count above `cap` is given as cap + 1 ("more than
 * cap"): counting stops there, so a window holding a tenth of a million-row inventory costs what
 * a small one does. Below it every count is exact. `overCap` names the large groups (none,
 * overdue) already known to be past the cap: they are given as cap + 1 without counting.
 */
export function expiryGroupCounts(
  db: Db,
  range: ExpiryRange,
  cap: number = Number.MAX_SAFE_INTEGER - 1,
  overCap: ReadonlySet<"none" | "overdue"> = new Set(),
): Record<ExpiryGroup, number> {
  const reissued = db.all<{ state: string; expired: number; n: number }>(sql`SELECT ${replacementState(serialOf)} AS state, c.not_after < ${range.now} AS expired, count(*) AS n
    FROM certificates AS c WHERE c.id IN (${candidates}) AND +c.status = 'valid' AND +c.not_after >= ${range.overdueFrom} AND +c.not_after < ${range.until}
    GROUP BY 1, 2`);
  const linked = (state: string, expired: boolean) => reissued.find((r) => r.state === state && !!r.expired === expired)?.n ?? 0;
  // The range holds the group and its reissued ones: count just past cap of the group.
  const unreissued = (from: string, to: string, expired: boolean) => {
    const others = linked("in-progress", expired) + linked("replaced", expired);
    return Math.min(cap + 1, countInRange(db, from, to, Math.min(Number.MAX_SAFE_INTEGER, cap + 1 + others)) - others);
  };
  // A candidate whose reissue batch failed has state 'none' again: it stays in none/overdue.
  return {
    none: overCap.has("none") ? cap + 1 : unreissued(range.now, range.until, false),
    "in-progress": linked("in-progress", false) + linked("in-progress", true),
    replaced: linked("replaced", false),
    overdue: overCap.has("overdue") ? cap + 1 : unreissued(range.overdueFrom, range.now, true),
  };
}
