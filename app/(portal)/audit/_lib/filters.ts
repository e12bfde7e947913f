/**
 * The audit page's filters live in the URL query, so a filtered view can be bookmarked and
 * shared, and the export links carry exactly the filters on screen. This module turns a
 * query into lib/audit's AuditFilters (and back into links) — pure, so it is unit-tested.
 *
 * Rules: every parameter is optional; a bad value is dropped with a problem to show, never
 * an error page; dates are whole UTC days, `to` inclusive (the query is `< to + 1 day`).
 */
import { AUDIT_OUTCOMES, type AuditOutcome } from "@/db/types";
import { isOneOf, paramReader, parseDayRange, positiveInteger, queryString, type SearchParams } from "@/app/_lib/url-filters";

/** The form's fields as the URL holds them. */
export interface AuditQuery {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  outcome: string;
  from: string;
  to: string;
}

export const QUERY_KEYS = ["actor", "action", "targetType", "targetId", "outcome", "from", "to"] as const satisfies readonly (keyof AuditQuery)[];

/** What lib/audit's listAudit / export take (the same shape as AuditFilters). */
export interface ParsedFilters {
  actor?: string;
  action?: string;
  target?: { type?: string; id?: string };
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
}

export interface ParsedAuditSearch {
  query: AuditQuery;
  filters: ParsedFilters;
  /** keyset cursor: entries older than this seq */
  before: number | null;
  /** one sentence per dropped value */
  problems: string[];
}

const MAX_TEXT = 200;

export function parseAuditSearch(params: SearchParams | URLSearchParams): ParsedAuditSearch {
  const get = paramReader(params, MAX_TEXT);
  const query: AuditQuery = {
    actor: get("actor"),
    action: get("action"),
    targetType: get("targetType"),
    targetId: get("targetId"),
    outcome: get("outcome"),
    from: get("from"),
    to: get("to"),
  };
  const filters: ParsedFilters = {};
  const problems: string[] = [];

  if (query.actor) filters.actor = query.actor.toLowerCase();
  if (query.action) filters.action = query.action.toLowerCase();
  if (query.targetType || query.targetId) {
    filters.target = {
      ...(query.targetType ? { type: query.targetType } : {}),
      ...(query.targetId ? { id: query.targetId } : {}),
    };
  }
  if (query.outcome) {
    if (isOneOf(AUDIT_OUTCOMES, query.outcome)) filters.outcome = query.outcome;
    else {
      problems.push(`"${query.outcome}" is not an outcome; showing every outcome.`);
      query.outcome = "";
    }
  }
  const days = parseDayRange(query, { from: "from", to: "to" }, problems);
  query.from = days.from;
  query.to = days.to;
  if (days.range.from) filters.from = days.range.from;
  if (days.range.toExclusive) filters.to = days.range.toExclusive;

  const beforeText = get("before");
  let before: number | null = null;
  if (beforeText) {
    before = positiveInteger(beforeText, 15);
    if (before === null) problems.push("The page position in the address is not valid; showing the newest entries.");
  }
  return { query, filters, before, problems };
}

/** The query string (with "?", or "") of a filtered view, plus any extra parameters. */
export function auditQueryString(query: Partial<AuditQuery>, extra: Record<string, string | number | undefined> = {}): string {
  return queryString(QUERY_KEYS, query, extra);
}

/** True when any filter is set. */
export function hasFilters(query: AuditQuery): boolean {
  return QUERY_KEYS.some((key) => query[key] !== "");
}

/** The filters as plain JSON for the audit entry of an export (dates as ISO strings). */
export function filtersForAudit(filters: ParsedFilters): Record<string, unknown> {
  return {
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.target ? { target: filters.target } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.from ? { from: filters.from.toISOString() } : {}),
    ...(filters.to ? { toExclusive: filters.to.toISOString() } : {}),
  };
}
