/**
 * Searching the certificate inventory (docs/operations.md §7, P2).
 *
 * Rules:
 * - One box: a query of 3+ characters is a substring search through the FTS5 trigram index
 *   over common name, SANs and serial (MATCH with the query as one FTS5 string, so user input
 *   is never FTS syntax); 1–2 characters match common names exactly or by prefix, through the
 *   common_name index. Never `LIKE '%…%'`, which scans the table.
 * - A query that reads as a serial in any usual form (colons, lower case, decimal) also
 *   matches those serials exactly; one of only digits also matches a batch (Sectigo or local id).
 * - Status filters partition the inventory like the badges do: revoked; expired; expiring
 *   (valid, not after within 30 days); unknown (not revoked, and no not-after is known: a
 *   certificate learnt only from Sectigo's find, which the portal must not call valid);
 *   valid (the rest).
 * - The plan is chosen here (see filterColumn), not left to SQLite's guesses: a narrow text
 *   match (found once, as a list of ids) drives the search; a broad one (more than
 *   BROAD_TEXT_ROWS rows) is collected once as a set, and rows are looked up in it along the
 *   sort order, which reaches a page of results sooner than sorting them all.
 */
import "server-only";
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { certificates, type Certificate } from "@/db/schema";
import { type CertificateStatus } from "@/db/enums";
import { toIso } from "@/db/time";
import { serialCandidates } from "@/lib/pki/serial";

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
  /** the time "expired" and "expiring" are measured from */
  now?: Date;
}

const listColumns = {
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
};

type ListRow = Pick<Certificate, keyof typeof listColumns>;

export interface CertificateListItem extends Omit<ListRow, "sans"> {
  sans: string[];
  displayStatus: CertificateDisplayStatus;
}

export interface CertificateSearchResult {
  items: CertificateListItem[];
  /** true when another page follows */
  hasMore: boolean;
}

export function certificateDisplayStatus(
  row: { status: CertificateStatus; notAfter: string | null },
  now: Date = new Date(),
): CertificateDisplayStatus {
  if (row.status === "revoked") return "revoked";
  // Without a not-after the portal cannot tell whether it is still valid, so it does not say so.
  if (row.notAfter === null) return "unknown";
  const nowIso = toIso(now);
  if (row.notAfter < nowIso) return "expired";
  return row.notAfter < toIso(now.getTime() + EXPIRING_WITHIN_DAYS * DAY_MS) ? "expiring" : "valid";
}

/** The user's text as one FTS5 string: inside double quotes nothing is syntax; quotes double. */
export function ftsString(q: string): string {
  return `"${q.replace(/"/g, '""')}"`;
}

/** Just above every string that starts with `prefix` (for index range scans). */
const PREFIX_END = "\u{10FFFF}";

/**
 * How the text part of a search is matched: `ids` — the rows the FTS index (or, for 1–2
 * characters, the common-name prefix) matched, found once up front; `perRow` — each row is
 * checked on its own (against the FTS matches collected once, columns as `+column`), for a
 * broad match that the sort order should drive; `subquery` — the match as an indexed subquery, for counting.
 */
type TextPlan = { ids: number[] } | { perRow: true } | { subquery: true };

function textCondition(q: string, plan: TextPlan): SQL | undefined {
  const alternatives: SQL[] = [];
  const perRow = "perRow" in plan;
  if ("ids" in plan) {
    if (plan.ids.length > 0) alternatives.push(inArray(certificates.id, plan.ids));
  } else if ("subquery" in plan) {
    if ([...q].length >= 3) {
      alternatives.push(sql`${certificates.id} IN (SELECT rowid FROM certificates_fts WHERE certificates_fts MATCH ${ftsString(q)})`);
    } else {
      for (const form of prefixForms(q)) alternatives.push(sql`(${certificates.commonName} >= ${form} AND ${certificates.commonName} < ${form + PREFIX_END})`);
    }
  } else if ([...q].length >= 3) {
    // The match is collected once into a set that each row is looked up in: probing FTS5 per
    // row (MATCH … AND rowid = id) re-runs the trigram match every time, so a deep page of a
    // broad query cost seconds.
    alternatives.push(sql`+${certificates.id} IN (SELECT rowid FROM certificates_fts WHERE certificates_fts MATCH ${ftsString(q)})`);
  } else {
    const cn = sql`+${certificates.commonName}`;
    for (const form of prefixForms(q)) alternatives.push(sql`(${cn} >= ${form} AND ${cn} < ${form + PREFIX_END})`);
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

function prefixForms(q: string): string[] {
  return [...new Set([q, q.toLowerCase()])];
}

/** Text matches beyond this many rows are "broad": the sort order drives, checking rows one by one. */
const BROAD_TEXT_ROWS = 1000;

/**
 * Runs the text match once, stopping after BROAD_TEXT_ROWS rows: the matching ids when there
 * are fewer (a VASP's name, a serial fragment), or a per-row plan when the match is broad (a
 * short prefix such as "tr", a common substring such as "trisa").
 */
export function planText(db: Db, q: string): TextPlan {
  const limit = BROAD_TEXT_ROWS + 1;
  const probe =
    [...q].length >= 3
      ? sql`SELECT rowid AS id FROM certificates_fts WHERE certificates_fts MATCH ${ftsString(q)} LIMIT ${limit}`
      : sql`SELECT id FROM certificates WHERE ${or(...prefixForms(q).map((form) => sql`(common_name >= ${form} AND common_name < ${form + PREFIX_END})`))} LIMIT ${limit}`;
  const ids = db.all<{ id: number }>(probe).map((r) => r.id);
  return ids.length > BROAD_TEXT_ROWS ? { perRow: true } : { ids };
}

type Column = typeof certificates.status | typeof certificates.notAfter | typeof certificates.profileId;

/**
 * A column reference for a filter: `+column` (SQLite's way to keep an index out of the plan)
 * unless that filter should drive the search. The plan is chosen here, not left to SQLite,
 * which without statistics may scan a broad index (status = 'valid' is 98 % of the table,
 * profile_id has two values) and sort a million rows:
 * - a text query drives through the FTS or serial/batch indexes; filters only narrow it;
 * - otherwise the sort column's index drives and filters are checked per row, except expiry,
 *   which uses the not_after index when that is also the sort order.
 * A batch is always small, so batch_id may always use its index.
 */
function filterColumn(column: Column, indexed: boolean): SQL | Column {
  return indexed ? column : sql`+${column}`;
}

function statusCondition(status: CertificateStatusFilter, now: Date, notAfterIndexed: boolean): SQL | undefined {
  const nowIso = toIso(now);
  const soon = toIso(now.getTime() + EXPIRING_WITHIN_DAYS * DAY_MS);
  const st = filterColumn(certificates.status, false);
  const na = filterColumn(certificates.notAfter, notAfterIndexed);
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

/**
 * The search as SQL conditions. The text part follows `textPlan` (planText's answer; planned
 * here when not given): narrow matches drive the query, broad ones are checked per row along
 * the sort order, so the first page comes at once either way.
 */
export function certificateConditions(db: Db, search: CertificateSearch, textPlan?: TextPlan): SQL[] {
  const where: SQL[] = [];
  const q = search.q?.trim() ?? "";
  const plan = q === "" ? undefined : (textPlan ?? planText(db, q));
  const textDriven = plan !== undefined && !("perRow" in plan);
  if (plan) {
    const text = textCondition(q, plan);
    if (text) where.push(text);
  }
  const notAfterIndexed = !textDriven && (search.sort ?? "notAfter") === "notAfter";
  const notAfter = filterColumn(certificates.notAfter, notAfterIndexed);
  if (search.status) {
    const status = statusCondition(search.status, search.now ?? new Date(), notAfterIndexed);
    if (status) where.push(status);
  }
  if (search.expiresBefore !== undefined) where.push(sql`${notAfter} < ${toIso(search.expiresBefore)}`);
  if (search.expiresAfter !== undefined) where.push(sql`${notAfter} >= ${toIso(search.expiresAfter)}`);
  if (search.profileId !== undefined) where.push(sql`${filterColumn(certificates.profileId, false)} = ${search.profileId}`);
  if (search.batchId !== undefined) where.push(eq(certificates.batchId, search.batchId));
  return where;
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

/** A page of the inventory matching `search`, with a status badge for each row. */
export function searchCertificates(db: Db, search: CertificateSearch = {}): CertificateSearchResult {
  const limit = Math.max(1, Math.min(500, Math.trunc(search.limit ?? 50)));
  const offset = Math.max(0, Math.trunc(search.offset ?? 0));
  const column = SORT_COLUMNS[search.sort ?? "notAfter"];
  const order = search.dir === "desc" ? desc : asc;
  const rows = db
    .select(listColumns)
    .from(certificates)
    .where(and(...certificateConditions(db, search)))
    .orderBy(order(column), order(certificates.id))
    .limit(limit + 1)
    .offset(offset)
    .all();
  const now = search.now ?? new Date();
  return {
    items: rows.slice(0, limit).map((r) => ({ ...r, sans: splitSans(r.sans), displayStatus: certificateDisplayStatus(r, now) })),
    hasMore: rows.length > limit,
  };
}

/** How many certificates match, counting at most `cap` (the text match drives, as an indexed subquery). */
export function countCertificates(db: Db, search: CertificateSearch = {}, cap = 10_000): { count: number; capped: boolean } {
  const inner = db
    .select({ id: certificates.id })
    .from(certificates)
    .where(and(...certificateConditions(db, search, { subquery: true })))
    .limit(cap + 1)
    .as("matching");
  const count = db.select({ n: sql<number>`count(*)` }).from(inner).get()?.n ?? 0;
  return { count: Math.min(count, cap), capped: count > cap };
}
