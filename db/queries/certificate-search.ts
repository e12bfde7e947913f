/**
 * Searching the certificate inventory (docs/operations.md §7: P2, P3).
 *
 * Rules:
 * - One box: a query of 3+ characters is a substring search through the FTS5 trigram index
 *   over common name, SANs and serial (MATCH with the query as one FTS5 string, so user input
 *   is never FTS syntax); 1–2 characters match common names exactly or by prefix, through the
 *   common_name index. Never `LIKE '%…%'` over the whole table.
 * - A query that reads as a serial in any usual form (colons, lower case, decimal) also
 *   matches those serials exactly; one of only digits also matches a batch (Sectigo or local id).
 * - Status filters partition the inventory like the badges do: revoked; expired; expiring
 *   (valid, not after within 30 days); unknown (not revoked, and no not-after is known: a
 *   certificate learnt only from Sectigo's find, which the portal must not call valid);
 *   valid (the rest).
 * - Pages follow the sort order with ties broken by id. A page is reached by offset, or — as
 *   the page's own links do — by a cursor (the sort value and id of the row before it), which
 *   costs the same on page 200 as on page 1.
 * - The plan is chosen here (see TextPlan, filterColumn), not left to SQLite's guesses, and
 *   each choice is made on a measured count, never on the text's shape alone.
 */
import "server-only";
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { valuesOf } from "@/db/prepared";
import { certificates, type Certificate } from "@/db/schema";
import { type CertificateStatus } from "@/db/enums";
import { toIso } from "@/db/time";
import { serialCandidates } from "@/lib/pki/serial";
import { rarestTrigrams, trigramSample } from "./trigram-sample";

export const EXPIRING_WITHIN_DAYS = 30;
const DAY_MS = 86_400_000;

export const CERTIFICATE_STATUS_FILTERS = ["valid", "expiring", "expired", "revoked", "unknown"] as const;
export type CertificateStatusFilter = (typeof CERTIFICATE_STATUS_FILTERS)[number];
/** What a status badge shows. */
export type CertificateDisplayStatus = CertificateStatusFilter;

export const CERTIFICATE_SORTS = ["notAfter", "commonName", "serial", "createdAt"] as const;
export type CertificateSort = (typeof CERTIFICATE_SORTS)[number];

export interface CertificateSearch {
  q?: string;
  status?: CertificateStatusFilter;
  /** not_after strictly before */
  expiresBefore?: Date | string;
  /** not_after at or after */
  expiresAfter?: Date | string;
  profileId?: number;
  /** local batch id */
  batchId?: number;
  sort?: CertificateSort;
  dir?: "asc" | "desc";
  /** default 50, at most 500 */
  limit?: number;
  offset?: number;
  /** the rows after this one in the sort order (offset is then ignored) */
  after?: SearchCursor;
  /** the rows before this one in the sort order, still returned in the sort order */
  before?: SearchCursor;
  /** the time "expired" and "expiring" are measured from */
  now?: Date;
}

/** A place in the sort order: the sort column's value of a row (null for no not-after) and its id. */
export interface SearchCursor {
  value: string | null;
  id: number;
}

export const listColumns = {
  id: certificates.id,
  serial: certificates.serial,
  commonName: certificates.commonName,
  sans: certificates.sans,
  notBefore: certificates.notBefore,
  notAfter: certificates.notAfter,
  profileId: certificates.profileId,
  profileName: certificates.profileName,
  batchId: certificates.batchId,
  status: certificates.status,
  source: certificates.source,
  sectigoStatus: certificates.sectigoStatus,
  sectigoCreatedAt: certificates.sectigoCreatedAt,
  sectigoDeviceId: certificates.sectigoDeviceId,
  revokedAt: certificates.revokedAt,
  revocationReason: certificates.revocationReason,
  replacesSerial: certificates.replacesSerial,
};

type ListRow = Pick<Certificate, keyof typeof listColumns>;

const LIST_KEYS = Object.keys(listColumns) as (keyof typeof listColumns)[];
/** listColumns as a select list, in their order (what listRowOf reads), written once. */
const LIST_SELECT = sql.raw(Object.values(listColumns).map((c) => `"${c.name}"`).join(", "));

/**
 * A row read with `.values()` (columns in listColumns' order) as the object `.all()` gives.
 * Drizzle's own mapping asks each field of each row what kind of entity it is, walking
 * prototype chains: for a page of 51 rows of 17 columns that was a third of the query's time.
 * Every list column is plain text or integer, which SQLite returns as they are stored;
 * listRowOf's test checks that of every list column and compares the result with Drizzle's
 * mapping, so a column that needs decoding (a timestamp, boolean or JSON mode) fails it.
 */
export function listRowOf(values: unknown[]): ListRow {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < LIST_KEYS.length; i++) row[LIST_KEYS[i]!] = values[i];
  return row as unknown as ListRow;
}

export interface CertificateListItem extends Omit<ListRow, "sans"> {
  sans: string[];
  displayStatus: CertificateDisplayStatus;
}

export interface CertificateSearchResult {
  items: CertificateListItem[];
  /** true when another page follows (for `before`: when another page precedes) */
  hasMore: boolean;
}

export function certificateDisplayStatus(
  row: { status: CertificateStatus; notAfter: string | null },
  now: Date = new Date(),
): CertificateDisplayStatus {
  return displayStatusAt(now)(row);
}

/** certificateDisplayStatus for many rows at one time: the instants are written out once, not per row. */
function displayStatusAt(now: Date): (row: { status: CertificateStatus; notAfter: string | null }) => CertificateDisplayStatus {
  const nowIso = toIso(now);
  const soonIso = toIso(now.getTime() + EXPIRING_WITHIN_DAYS * DAY_MS);
  return (row) => {
    if (row.status === "revoked") return "revoked";
    // Without a not-after the portal cannot tell whether it is still valid, so it does not say so.
    if (row.notAfter === null) return "unknown";
    if (row.notAfter < nowIso) return "expired";
    return row.notAfter < soonIso ? "expiring" : "valid";
  };
}

/** The user's text as one FTS5 string: inside double quotes nothing is syntax; quotes double. */
export function ftsString(q: string): string {
  return `"${q.replace(/"/g, '""')}"`;
}

/** Just above every string that starts with `prefix` (for index range scans). */
const PREFIX_END = "\u{10FFFF}";

/**
 * How the text part of a search is matched, chosen by planText on a count:
 * - `ids`: narrow — the matching rows, found once up front, drive the query;
 * - `set`: broad — the FTS matches are collected once as a set and rows are looked up in it
 *   along the sort order (probing FTS5 per row re-runs the trigram match every time);
 * - `scan`: very broad — so many rows match that collecting them costs more than checking
 *   rows along the sort order by substring, which reaches a page after a few hundred rows;
 * - `subquery`: the match as an indexed subquery, for counting.
 * `ftsCount` is how many rows the index matched, counted up to PlanLimits.scanFrom + 1.
 */
export type TextPlan = { ids: number[] } | { set: true; ftsCount: number } | { scan: true; ftsCount: number } | { subquery: true };

/** Where the plans change over; tests pass small ones to reach every plan with little data. */
export interface PlanLimits {
  /** more text matches than this are broad */
  broadFrom: number;
  /** more than this are very broad (checked per row, not collected) */
  scanFrom: number;
}
export const PLAN_LIMITS: PlanLimits = { broadFrom: 1000, scanFrom: 20_000 };

/** A plan made once by the caller for both the page and its count, or other limits (tests). */
export interface PlanOptions {
  textPlan?: TextPlan;
  limits?: PlanLimits;
}

const isAscii = (q: string) => /^[\x20-\x7e]*$/.test(q);

function textCondition(q: string, plan: TextPlan): SQL | undefined {
  const alternatives: SQL[] = [];
  const perRow = "set" in plan || "scan" in plan;
  if ("ids" in plan) {
    // One JSON array, not one placeholder per id: the statement is then the same for any
    // number of matches, and kept once (db/prepared.ts, valuesOf).
    if (plan.ids.length > 0) alternatives.push(sql`${certificates.id} IN (SELECT value FROM json_each(${JSON.stringify(plan.ids)}))`);
  } else if ("subquery" in plan) {
    if ([...q].length >= 3) {
      alternatives.push(sql`${certificates.id} IN (SELECT rowid FROM certificates_fts WHERE certificates_fts MATCH ${ftsString(q)})`);
    } else {
      for (const form of prefixForms(q)) alternatives.push(sql`(${certificates.commonName} >= ${form} AND ${certificates.commonName} < ${form + PREFIX_END})`);
    }
  } else if ([...q].length < 3) {
    const cn = sql`+${certificates.commonName}`;
    for (const form of prefixForms(q)) alternatives.push(sql`(${cn} >= ${form} AND ${cn} < ${form + PREFIX_END})`);
  } else if ("scan" in plan) {
    // The trigram index folds case; for ASCII text (the only kind planned as a scan) LIKE,
    // which folds ASCII letters, matches exactly the rows MATCH would. It compares in place:
    // instr(lower(…)) made a lowered copy of three columns of every row it passed (a quarter
    // more time for page 200 of a broad search, docs/operations.md §7.1).
    const pattern = likeContaining(q);
    alternatives.push(
      sql`(${certificates.commonName} LIKE ${pattern} ESCAPE '\\' OR ${certificates.sans} LIKE ${pattern} ESCAPE '\\' OR ${certificates.serial} LIKE ${pattern} ESCAPE '\\')`,
    );
  } else {
    alternatives.push(sql`+${certificates.id} IN (SELECT rowid FROM certificates_fts WHERE certificates_fts MATCH ${ftsString(q)})`);
  }
  const serials = serialCandidates(q);
  if (serials.length > 0) {
    alternatives.push(perRow ? sql`+${certificates.serial} IN (${sql.join(serials.map((x) => sql`${x}`), sql`, `)})` : inArray(certificates.serial, serials));
  }
  if (/^\d{1,15}$/.test(q)) {
    const n = Number(q);
    const batch = perRow ? sql`+${certificates.batchId}` : sql`${certificates.batchId}`;
    alternatives.push(sql`${batch} IN (SELECT id FROM batches WHERE sectigo_batch_id = ${n} OR id = ${n})`);
  }
  return alternatives.length > 0 ? or(...alternatives) : sql`0`;
}

/** A LIKE pattern (with ESCAPE '\\') for text holding `q`: its own % and _ are literal. */
function likeContaining(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function prefixForms(q: string): string[] {
  return [...new Set([q, q.toLowerCase()])];
}

/** Queries longer than this are found through their rarest trigrams first. */
const LONG_QUERY = 8;
/** How many of a long query's trigrams are asked of the index. */
const RARE_TERMS = 3;
/** More candidates than this are too many to check one by one: the whole phrase is asked instead. */
const RARE_CANDIDATES = 200;

function ftsIds(db: Db, match: string, limit: number): number[] {
  return db.all<{ id: number }>(sql`SELECT rowid AS id FROM certificates_fts WHERE certificates_fts MATCH ${match} LIMIT ${limit}`).map((r) => r.id);
}

/** Of these rows, the ones whose name, SANs or serial hold `q`, folding case as the trigram index does. */
function holding(db: Db, ids: number[], q: string): number[] {
  if (ids.length === 0) return [];
  const needle = q.toLowerCase();
  const rows = db.all<{ id: number; cn: string; sans: string; serial: string }>(
    sql`SELECT id, common_name AS cn, sans, serial FROM certificates WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
  );
  return rows.filter((r) => [r.cn, r.sans, r.serial].some((v) => v.toLowerCase().includes(needle))).map((r) => r.id);
}

/**
 * The rows matching a long query, found through its rarest trigrams, or undefined when even
 * those leave too many candidates. FTS5 reads the whole list of rows of every trigram it is
 * asked for, and a long name or serial shares most of its trigrams with a large part of the
 * inventory ("api", "de."); the trigram sample says which few are rare. Every row holding
 * the query holds each of its trigrams, so the rows holding the rare ones include every
 * match; each is then checked for the whole query.
 */
function idsByRareTrigrams(db: Db, q: string): number[] | undefined {
  if (!isAscii(q)) return undefined;
  const terms = rarestTrigrams(trigramSample(db), q, RARE_TERMS);
  const candidates = ftsIds(db, terms.map(ftsString).join(" AND "), RARE_CANDIDATES + 1);
  return candidates.length > RARE_CANDIDATES ? undefined : holding(db, candidates, q);
}

/**
 * Chooses how the text is matched (see TextPlan), on counts taken with a limit: the matching
 * ids when there are at most `broadFrom` (a VASP's name, a serial), otherwise how many the
 * index holds, up to `scanFrom` + 1, decides between collecting them and checking rows.
 */
export function planText(db: Db, q: string, limits: PlanLimits = PLAN_LIMITS): TextPlan {
  if (limits !== PLAN_LIMITS) return makePlan(db, q, limits);
  const version = textIndexVersion(db);
  if (version === undefined) return makePlan(db, q, limits);
  let kept = keptPlans.get(db);
  if (!kept || kept.version !== version) {
    kept = { version, plans: new Map() };
    keptPlans.set(db, kept);
  }
  const hit = kept.plans.get(q);
  if (hit) {
    // most recently used last, so the oldest is the one dropped
    kept.plans.delete(q);
    kept.plans.set(q, hit);
    return hit;
  }
  const plan = makePlan(db, q, limits);
  if (kept.plans.size >= KEPT_PLANS) kept.plans.delete(kept.plans.keys().next().value!);
  kept.plans.set(q, plan);
  return plan;
}

/**
 * Plans are kept per query text until the trigram index changes. Paging through a result,
 * refreshing it or many people opening the same search re-planned it every time, and the
 * plan (the FTS reads that count and collect the matches) was most of a search's cost
 * (docs/operations.md §7.1). Every committed change to the index, from this process or any
 * other, rewrites FTS5's structure record (row 10 of the `_data` shadow table, where FTS5
 * keeps its list of segments), so that record is the version: a kept `ids` plan never misses
 * a certificate added or renamed since. If the record cannot be read, nothing is kept.
 */
const KEPT_PLANS = 256;
const keptPlans = new WeakMap<Db, { version: string; plans: Map<string, TextPlan> }>();

function textIndexVersion(db: Db): string | undefined {
  return db.get<{ v: string | null }>(sql`SELECT hex(block) AS v FROM certificates_fts_data WHERE id = 10`)?.v ?? undefined;
}

function makePlan(db: Db, q: string, limits: PlanLimits): TextPlan {
  const chars = [...q].length;
  if (chars < 3) {
    const prefix = or(...prefixForms(q).map((form) => sql`(common_name >= ${form} AND common_name < ${form + PREFIX_END})`));
    const ids = db.all<{ id: number }>(sql`SELECT id FROM certificates WHERE ${prefix} LIMIT ${limits.broadFrom + 1}`).map((r) => r.id);
    return ids.length > limits.broadFrom ? { scan: true, ftsCount: ids.length } : { ids };
  }
  if (chars > LONG_QUERY) {
    const ids = idsByRareTrigrams(db, q);
    if (ids !== undefined) return { ids };
  }
  const ids = ftsIds(db, ftsString(q), limits.broadFrom + 1);
  if (ids.length <= limits.broadFrom) return { ids };
  const ftsCount =
    db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT rowid FROM certificates_fts WHERE certificates_fts MATCH ${ftsString(q)} LIMIT ${limits.scanFrom + 1})`)?.n ?? 0;
  return ftsCount > limits.scanFrom && isAscii(q) ? { scan: true, ftsCount } : { set: true, ftsCount };
}

type Column = typeof certificates.status | typeof certificates.notAfter | typeof certificates.profileId;

/**
 * A column reference for a filter: `+column` (SQLite's way to keep an index out of the plan)
 * unless that filter should drive the search. The plan is chosen here, not left to SQLite,
 * which without statistics may scan a broad index (status = 'valid' is 98 % of the table,
 * profile_id has two values) and sort a million rows.
 */
function filterColumn(column: Column, indexed: boolean): SQL | Column {
  return indexed ? column : sql`+${column}`;
}

/**
 * Which index drives a search:
 * - `text`: a narrow text match (its ids) or, for counting, the FTS subquery; filters only narrow it;
 * - `status`: a status filter with the not-after order (or a count): the (status, not_after)
 *   index holds exactly those rows in that order, so "expiring" reads 50 index entries, not
 *   every row after today;
 * - `notAfter`: the not-after order or an expiry range;
 * - `sort`: the sort column's index, every filter checked per row.
 * A batch is always small, so batch_id may always use its index.
 */
type Driver = "text" | "status" | "notAfter" | "sort";

function driverOf(search: CertificateSearch, plan: TextPlan | undefined, counting: boolean): Driver {
  if (plan !== undefined && ("ids" in plan || "subquery" in plan)) return "text";
  const byNotAfter = counting || (search.sort ?? "notAfter") === "notAfter";
  if (!byNotAfter) return "sort";
  return search.status ? "status" : "notAfter";
}

function statusCondition(status: CertificateStatusFilter, now: Date, driver: Driver): SQL {
  const nowIso = toIso(now);
  const soon = toIso(now.getTime() + EXPIRING_WITHIN_DAYS * DAY_MS);
  const st = filterColumn(certificates.status, driver === "status");
  const na = filterColumn(certificates.notAfter, driver === "status" || driver === "notAfter");
  switch (status) {
    case "revoked":
      return sql`${st} = 'revoked'`;
    case "expired":
      return sql`${st} = 'valid' AND ${na} < ${nowIso}`;
    case "expiring":
      return sql`${st} = 'valid' AND ${na} >= ${nowIso} AND ${na} < ${soon}`;
    case "valid":
      return sql`${st} = 'valid' AND ${na} >= ${soon}`;
    case "unknown":
      return sql`${st} = 'valid' AND ${na} IS NULL`;
  }
}

interface Conditions {
  where: SQL[];
  driver: Driver;
  plan: TextPlan | undefined;
}

/**
 * The search as SQL conditions (cursors aside). The text part follows `textPlan` (planText's
 * answer; planned here when not given).
 */
function conditionsOf(db: Db, search: CertificateSearch, options: { textPlan?: TextPlan; limits?: PlanLimits; counting?: boolean } = {}): Conditions {
  const where: SQL[] = [];
  const q = search.q?.trim() ?? "";
  const plan = q === "" ? undefined : (options.textPlan ?? planText(db, q, options.limits));
  const driver = driverOf(search, plan, options.counting ?? false);
  if (plan) {
    const text = textCondition(q, plan);
    if (text) where.push(text);
  }
  const notAfter = filterColumn(certificates.notAfter, driver === "status" || driver === "notAfter");
  if (search.status) where.push(statusCondition(search.status, search.now ?? new Date(), driver));
  if (search.expiresBefore !== undefined) where.push(sql`${notAfter} < ${toIso(search.expiresBefore)}`);
  if (search.expiresAfter !== undefined) where.push(sql`${notAfter} >= ${toIso(search.expiresAfter)}`);
  if (search.profileId !== undefined) where.push(sql`${filterColumn(certificates.profileId, false)} = ${search.profileId}`);
  if (search.batchId !== undefined) where.push(eq(certificates.batchId, search.batchId));
  return { where, driver, plan };
}

const SORT_COLUMNS = {
  notAfter: certificates.notAfter,
  commonName: certificates.commonName,
  serial: certificates.serial,
  createdAt: certificates.id, // ids grow with insertion; ordering by the rowid needs no index
} as const;

function splitSans(sans: string): string[] {
  return sans === "" ? [] : sans.split("\n");
}

/** Where a row stands in a search's sort order, for the cursor of the page after (or before) it. */
export function cursorOf(row: Pick<CertificateListItem, "id" | "notAfter" | "commonName" | "serial">, sort: CertificateSort = "notAfter"): SearchCursor {
  const value = sort === "notAfter" ? row.notAfter : sort === "commonName" ? row.commonName : sort === "serial" ? row.serial : null;
  return { value, id: row.id };
}

/**
 * The conditions that walk on from a cursor, in the order they are read: upward (towards
 * later rows of an ascending sort) or downward. SQLite sorts NULL first, and only not_after
 * is ever NULL; an OR with "IS NULL" would keep the walk off the index, so the NULL block
 * is read as a phase of its own, before the other rows going up and after them going down.
 */
function keysetPhases(sort: CertificateSort, column: SQL | typeof certificates.id, cursor: SearchCursor, up: boolean): SQL[] {
  const id = certificates.id;
  if (sort === "createdAt") return [up ? sql`${id} > ${cursor.id}` : sql`${id} < ${cursor.id}`];
  const v = cursor.value;
  if (v === null) {
    return up ? [sql`${column} IS NULL AND ${id} > ${cursor.id}`, sql`${column} IS NOT NULL`] : [sql`${column} IS NULL AND ${id} < ${cursor.id}`];
  }
  const phases = [up ? sql`${column} >= ${v} AND (${column} > ${v} OR ${id} > ${cursor.id})` : sql`${column} <= ${v} AND (${column} < ${v} OR ${id} < ${cursor.id})`];
  if (!up && sort === "notAfter") phases.push(sql`${column} IS NULL`);
  return phases;
}

/** Offsets beyond this read a broad match through its collected set (see searchCertificates). */
const DEEP_OFFSET = 1000;

/** A page of the inventory matching `search`, with a status badge for each row. */
export function searchCertificates(db: Db, search: CertificateSearch = {}, options: PlanOptions = {}): CertificateSearchResult {
  const limit = Math.max(1, Math.min(500, Math.trunc(search.limit ?? 50)));
  const sort = search.sort ?? "notAfter";
  const cursor = search.after ?? search.before;
  const offset = cursor ? 0 : Math.max(0, Math.trunc(search.offset ?? 0));
  const q = search.q?.trim() ?? "";
  let textPlan = q === "" ? undefined : (options.textPlan ?? planText(db, q, options.limits));
  // Checking rows one by one is quick only near the start: a deep offset (a page reached by
  // its number, not by the page links' cursor) is cheaper through the collected set.
  if (textPlan && "scan" in textPlan && offset > DEEP_OFFSET && [...q].length >= 3) textPlan = { set: true, ftsCount: textPlan.ftsCount };
  const { where, driver } = conditionsOf(db, search, { textPlan });
  // Reading backwards (for `before`), the page is read in reverse and turned round.
  const backwards = search.after === undefined && search.before !== undefined;
  const descending = (search.dir === "desc") !== backwards;
  const order = descending ? desc : asc;
  const column = SORT_COLUMNS[sort];
  const read = (extra: SQL[], count: number, offset = 0) => {
    const conditions = [...where, ...extra];
    const filter = conditions.length > 0 ? sql` WHERE ${and(...conditions)}` : sql``;
    return valuesOf(db, sql`SELECT ${LIST_SELECT} FROM ${certificates}${filter} ORDER BY ${order(column)}, ${order(certificates.id)} LIMIT ${count} OFFSET ${offset}`).map(listRowOf);
  };
  let rows: ReturnType<typeof read>;
  if (cursor) {
    // a narrow text match drives; the sort column then must not pull in its index
    const ref = driver === "text" && sort !== "createdAt" ? sql`+${column}` : sql`${column}`;
    rows = [];
    for (const phase of keysetPhases(sort, ref, cursor, !descending)) {
      if (rows.length > limit) break;
      rows.push(...read([phase], limit + 1 - rows.length));
    }
  } else {
    rows = read([], limit + 1, offset);
  }
  const page = rows.slice(0, limit);
  if (backwards) page.reverse();
  const statusOf = displayStatusAt(search.now ?? new Date());
  // The rows become the page's items in place: a copy of each (17 fields) was a tenth of the search.
  const items = page as unknown as CertificateListItem[];
  for (const item of items) {
    item.sans = splitSans(item.sans as unknown as string);
    item.displayStatus = statusOf(item);
  }
  return { items, hasMore: rows.length > limit };
}

/**
 * How many certificates match, counting at most `cap`. A text match alone is counted in the
 * FTS index itself when it is broad (it holds one entry per certificate); otherwise the
 * narrow match's ids, or the indexed subquery with the filters, are counted.
 */
export function countCertificates(db: Db, search: CertificateSearch = {}, cap = 10_000, options: PlanOptions = {}): { count: number; capped: boolean } {
  const q = search.q?.trim() ?? "";
  let plan: TextPlan | undefined = q === "" ? undefined : (options.textPlan ?? planText(db, q, options.limits));
  const textOnly = search.status === undefined && search.expiresBefore === undefined && search.expiresAfter === undefined && search.profileId === undefined && search.batchId === undefined;
  if (plan && "ftsCount" in plan && textOnly && plan.ftsCount > cap) return { count: cap, capped: true };
  if (plan && !("ids" in plan)) plan = { subquery: true };
  const { where } = conditionsOf(db, { ...search, after: undefined, before: undefined }, { textPlan: plan, counting: true });
  const inner = db
    .select({ id: certificates.id })
    .from(certificates)
    .where(and(...where))
    .limit(cap + 1)
    .as("matching");
  const count = db.select({ n: sql<number>`count(*)` }).from(inner).get()?.n ?? 0;
  return { count: Math.min(count, cap), capped: count > cap };
}
