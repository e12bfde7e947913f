/**
 * Reading the audit log: filtered, newest-first pages for the audit page, single entries with
 * their intent/outcome partners, and the ascending keyset scan that exports use. Every filter
 * maps onto an index (action prefix and actor prefix as ranges, not LIKE).
 */
import "server-only";
import { and, asc, desc, eq, gt, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { type AuditOutcome, type AuditRow } from "@/db/types";
import { toIso } from "@/db/time";
import { auditHead } from "@/lib/audit/append";
import type { AuditEntry } from "@/lib/audit/types";

export interface AuditFilters {
  /** actor e-mail, or its beginning (case-insensitive) */
  actor?: string;
  /** action prefix: "certificate" matches certificate.revoke, certificate.find, … */
  action?: string;
  target?: { type?: string; id?: string };
  outcome?: AuditOutcome | AuditOutcome[];
  /** inclusive lower bound */
  from?: Date | string;
  /** exclusive upper bound */
  to?: Date | string;
}

export interface AuditPageRequest {
  /** default 50, at most 500 */
  limit?: number;
  /** keyset paging: entries older than this seq (the previous page's nextBeforeSeq) */
  beforeSeq?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** pass as beforeSeq for the next (older) page; null when this is the last page */
  nextBeforeSeq: number | null;
}

/** Above every UTF-8 string that starts with the prefix, for index-friendly prefix ranges. */
const PREFIX_END = "\u{10FFFF}";

export function toAuditEntry(row: AuditRow): AuditEntry {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row.details) as Record<string, unknown>;
  } catch {
    details = { unreadable: row.details.slice(0, 200) };
  }
  return {
    seq: row.seq,
    at: row.at,
    actor: { id: row.actorId, email: row.actorEmail, role: row.actorRole },
    action: row.action,
    target: row.targetType !== null ? { type: row.targetType, id: row.targetId ?? "" } : null,
    outcome: row.outcome,
    intentSeq: row.intentSeq,
    ip: row.ip,
    details,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

type FilterColumn =
  | typeof auditLog.actorEmail
  | typeof auditLog.action
  | typeof auditLog.targetType
  | typeof auditLog.targetId
  | typeof auditLog.outcome
  | typeof auditLog.at;

/**
 * The filters as SQL, with at most one of them allowed to use an index. `indexed: false`
 * keeps every index out (the query then walks entries in seq order and stops at the page
 * size: right for a broad filter, and for exports); otherwise only the filter likely to be the
 * narrowest drives the plan — target, then time range, then action, then actor, then outcome —
 * because SQLite, left to choose between two range indexes, may pick the broad one. Other
 * columns are written `+column`, SQLite's way to keep an index out of the plan.
 */
export function auditConditions(filters: AuditFilters, indexed = true): SQL[] {
  const actor = filters.actor?.trim().toLowerCase();
  const action = filters.action?.trim();
  const outcomes = filters.outcome === undefined ? [] : Array.isArray(filters.outcome) ? filters.outcome : [filters.outcome];
  const hasTime = filters.from !== undefined || filters.to !== undefined;
  const driver: FilterColumn | undefined = !indexed
    ? undefined
    : filters.target?.type || filters.target?.id
      ? auditLog.targetType
      : hasTime
        ? auditLog.at
        : action
          ? auditLog.action
          : actor
            ? auditLog.actorEmail
            : outcomes.length > 0
              ? auditLog.outcome
              : undefined;
  const col = (c: FilterColumn) =>
    c === driver || (c === auditLog.targetId && driver === auditLog.targetType) ? sql`${c}` : sql`+${c}`;
  const where: SQL[] = [];
  if (actor) where.push(sql`${col(auditLog.actorEmail)} >= ${actor} AND ${col(auditLog.actorEmail)} < ${actor + PREFIX_END}`);
  if (action) where.push(sql`${col(auditLog.action)} >= ${action} AND ${col(auditLog.action)} < ${action + PREFIX_END}`);
  if (filters.target?.type) where.push(sql`${col(auditLog.targetType)} = ${filters.target.type}`);
  if (filters.target?.id) where.push(sql`${col(auditLog.targetId)} = ${filters.target.id}`);
  if (outcomes.length > 0) where.push(sql`${col(auditLog.outcome)} IN (${sql.join(outcomes.map((o) => sql`${o}`), sql`, `)})`);
  if (filters.from !== undefined) where.push(sql`${col(auditLog.at)} >= ${toIso(filters.from)}`);
  if (filters.to !== undefined) where.push(sql`${col(auditLog.at)} < ${toIso(filters.to)}`);
  return where;
}

function clampLimit(limit: number | undefined, fallback: number): number {
  return Math.max(1, Math.min(500, Math.trunc(limit ?? fallback)));
}

/** How many of the newest entries the first, index-free attempt of a page looks through. */
const RECENT_WINDOW = 5000;

/**
 * A newest-first page of entries matching the filters.
 *
 * Two attempts, because one plan cannot serve both kinds of filter: first the newest
 * RECENT_WINDOW entries below the cursor are walked in seq order (a broad filter fills the page
 * there at once); if that does not fill the page, the filter's indexes find the rarer matches.
 */
export function listAudit(db: Db, filters: AuditFilters = {}, page: AuditPageRequest = {}): AuditPage {
  const limit = clampLimit(page.limit, 50);
  const query = (where: SQL[]) =>
    db
      .select()
      .from(auditLog)
      .where(and(...where, page.beforeSeq !== undefined ? lt(auditLog.seq, page.beforeSeq) : undefined))
      .orderBy(desc(auditLog.seq))
      .limit(limit + 1)
      .all();
  const filtered = auditConditions(filters).length > 0;
  let rows: AuditRow[] = [];
  if (filtered) {
    const upper = page.beforeSeq ?? (auditHead(db)?.seq ?? 0) + 1;
    rows = query([...auditConditions(filters, false), gt(auditLog.seq, upper - RECENT_WINDOW - 1)]);
  }
  if (rows.length <= limit) rows = query(auditConditions(filters));
  const more = rows.length > limit;
  const entries = rows.slice(0, limit).map(toAuditEntry);
  return { entries, nextBeforeSeq: more ? (entries.at(-1)?.seq ?? null) : null };
}

/** How many entries match, counting at most `cap` (so a broad filter on a huge log stays fast). */
export function countAudit(db: Db, filters: AuditFilters = {}, cap = 10_000): { count: number; capped: boolean } {
  const inner = db
    .select({ seq: auditLog.seq })
    .from(auditLog)
    .where(and(...auditConditions(filters)))
    .limit(cap + 1)
    .as("matching");
  const count = db.select({ n: sql<number>`count(*)` }).from(inner).get()?.n ?? 0;
  return { count: Math.min(count, cap), capped: count > cap };
}

export interface AuditEntryDetail {
  entry: AuditEntry;
  /** the intent this entry closes, when it is an outcome */
  intent: AuditEntry | null;
  /** the outcomes that close this entry, when it is an intent */
  outcomes: AuditEntry[];
}

export function getAuditEntry(db: Db, seq: number): AuditEntryDetail | null {
  const row = db.select().from(auditLog).where(eq(auditLog.seq, seq)).get();
  if (!row) return null;
  const intentRow =
    row.intentSeq !== null ? db.select().from(auditLog).where(eq(auditLog.seq, row.intentSeq)).get() : undefined;
  const outcomes = db.select().from(auditLog).where(eq(auditLog.intentSeq, seq)).orderBy(asc(auditLog.seq)).all();
  return {
    entry: toAuditEntry(row),
    intent: intentRow ? toAuditEntry(intentRow) : null,
    outcomes: outcomes.map(toAuditEntry),
  };
}

/** Ascending rows after `afterSeq`, up to and including `throughSeq` (export scans). */
export function auditRowsAfter(db: Db, filters: AuditFilters, afterSeq: number, throughSeq: number, limit: number): AuditRow[] {
  return db
    .select()
    .from(auditLog)
    // an export walks the whole range once, in seq order: keep the filter's indexes out of it
    .where(and(...auditConditions(filters, false), gt(auditLog.seq, afterSeq), lt(auditLog.seq, throughSeq + 1)))
    .orderBy(asc(auditLog.seq))
    .limit(limit)
    .all();
}
