/**
 * Reading the audit log: filtered, newest-first pages for the audit page and single entries with
 * their intent/outcome partners. The SQL, where every filter maps onto an index (action prefix
 * and actor prefix as ranges, not LIKE), is in db/queries/audit-log.ts.
 */
import "server-only";
import type { Db } from "@/db/client";
import {
  auditOutcomeRows,
  auditRowsNewestFirst,
  countAllAuditRows,
  countAuditRows,
  getAuditRow,
  hasAuditConditions,
  type AuditFilters,
} from "@/db/queries/audit-log";
import type { AuditRow } from "@/db/types";
import type { AuditEntry } from "@/lib/audit/types";
import { cappedCountKeeper } from "@/lib/counts/kept-capped";

export type { AuditFilters };

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

function clampLimit(limit: number | undefined, fallback: number): number {
  return Math.max(1, Math.min(500, Math.trunc(limit ?? fallback)));
}

/** A newest-first page of entries matching the filters. */
export function listAudit(db: Db, filters: AuditFilters = {}, page: AuditPageRequest = {}): AuditPage {
  const limit = clampLimit(page.limit, 50);
  const rows = auditRowsNewestFirst(db, filters, { beforeSeq: page.beforeSeq, fetch: limit + 1 });
  const more = rows.length > limit;
  const entries = rows.slice(0, limit).map(toAuditEntry);
  return { entries, nextBeforeSeq: more ? (entries.at(-1)?.seq ?? null) : null };
}

/** "More than 10,000" of a filter is kept for 30 seconds (lib/counts/kept-capped.ts: why). */
const keptCounts = cappedCountKeeper();

/**
 * How many entries match, counting at most `cap` of a filtered set (so a broad filter on a
 * huge log stays fast); "more than `cap`" is kept a while, unless `fresh` (an export's audit
 * entry, which is evidence). The whole log's count is exact whatever its size: it costs nothing.
 */
export function countAudit(db: Db, filters: AuditFilters = {}, cap = 10_000, options: { now?: Date; fresh?: boolean } = {}): { count: number; capped: boolean } {
  if (!hasAuditConditions(filters)) return { count: countAllAuditRows(db), capped: false };
  const key = JSON.stringify([cap, filters]);
  return keptCounts.count(
    db,
    key,
    cap,
    options.now ?? new Date(),
    () => {
      const count = countAuditRows(db, filters, cap);
      return { count: Math.min(count, cap), capped: count > cap };
    },
    { fresh: options.fresh },
  );
}

export interface AuditEntryDetail {
  entry: AuditEntry;
  /** the intent this entry closes, when it is an outcome */
  intent: AuditEntry | null;
  /** the outcomes that close this entry, when it is an intent */
  outcomes: AuditEntry[];
}

export function getAuditEntry(db: Db, seq: number): AuditEntryDetail | null {
  const row = getAuditRow(db, seq);
  if (!row) return null;
  const intentRow = row.intentSeq !== null ? getAuditRow(db, row.intentSeq) : undefined;
  const outcomes = auditOutcomeRows(db, seq);
  return {
    entry: toAuditEntry(row),
    intent: intentRow ? toAuditEntry(intentRow) : null,
    outcomes: outcomes.map(toAuditEntry),
  };
}
