/**
 * The audit page's filters live in the URL query, so a filtered view can be bookmarked and
 * shared, and the export links carry exactly the filters on screen. This module turns a
 * query into lib/audit's AuditFilters (and back into links) — pure, so it is unit-tested.
 *
 * Rules: every parameter is optional; a bad value is dropped with a problem to show, never
 * an error page; dates are whole UTC days, `to` inclusive (the query is `< to + 1 day`).
 */
import { AUDIT_OUTCOMES, type AuditOutcome } from "@/db/types";

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

export type SearchParams = Record<string, string | string[] | undefined>;

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_TEXT = 200;

function first(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return (v ?? "").trim().slice(0, MAX_TEXT);
}

/** A YYYY-MM-DD date as the start of that UTC day, or null. */
export function parseDay(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // Reject 2026-02-31 and friends, which Date.UTC would roll over.
  return date.toISOString().slice(0, 10) === text ? date : null;
}

function isOutcome(value: string): value is AuditOutcome {
  return (AUDIT_OUTCOMES as readonly string[]).includes(value);
}

export function parseAuditSearch(params: SearchParams | URLSearchParams): ParsedAuditSearch {
  const get = (key: string) =>
    params instanceof URLSearchParams ? first(params.get(key) ?? undefined) : first(params[key]);
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
    if (isOutcome(query.outcome)) filters.outcome = query.outcome;
    else {
      problems.push(`"${query.outcome}" is not an outcome; showing every outcome.`);
      query.outcome = "";
    }
  }
  if (query.from) {
    const from = parseDay(query.from);
    if (from) filters.from = from;
    else {
      problems.push(`The "from" date "${query.from}" is not a date like 2026-01-31; it was ignored.`);
      query.from = "";
    }
  }
  if (query.to) {
    const to = parseDay(query.to);
    if (to) filters.to = new Date(to.getTime() + DAY_MS);
    else {
      problems.push(`The "to" date "${query.to}" is not a date like 2026-01-31; it was ignored.`);
      query.to = "";
    }
  }
  if (filters.from && filters.to && filters.from >= filters.to) {
    problems.push(`The "from" date is after the "to" date, so nothing can match.`);
  }

  const beforeText = get("before");
  let before: number | null = null;
  if (beforeText) {
    const n = /^\d{1,15}$/.test(beforeText) ? Number(beforeText) : NaN;
    if (Number.isSafeInteger(n) && n > 0) before = n;
    else problems.push("The page position in the address is not valid; showing the newest entries.");
  }
  return { query, filters, before, problems };
}

/** The query string (with "?", or "") of a filtered view, plus any extra parameters. */
export function auditQueryString(query: Partial<AuditQuery>, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const key of QUERY_KEYS) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
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
