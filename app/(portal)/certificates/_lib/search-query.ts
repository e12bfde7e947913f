/**
 * The certificate search lives in the URL, so a search can be bookmarked and shared and
 * the CSV export downloads exactly the rows on screen. This module turns the query string
 * into the inventory's search parameters and back into links. Pure: unit-tested, and safe
 * to import from a client component.
 *
 * Rules: every parameter is optional; a bad value is dropped with a sentence saying so,
 * never an error page; expiry dates are whole UTC days with `to` inclusive (the search
 * gets `< to + 1 day`); the page size is one of PAGE_SIZES.
 */
import { isOneOf, paramReader, parseDayRange, positiveInteger, queryString, type SearchParams } from "@/app/_lib/url-filters";

export const STATUS_FILTERS = ["valid", "expiring", "expired", "revoked", "unknown"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const SORT_KEYS = ["notAfter", "commonName", "serial", "createdAt"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
/** Longest accepted search text: a DN or a decimal serial fits easily. */
export const MAX_QUERY_LENGTH = 200;

/** The form's fields exactly as the URL holds them (strings; "" = not set). */
export interface CertificateQuery {
  q: string;
  status: string;
  from: string;
  to: string;
  profile: string;
  sort: string;
  dir: string;
  size: string;
}

export const QUERY_KEYS = ["q", "status", "from", "to", "profile", "sort", "dir", "size"] as const satisfies readonly (keyof CertificateQuery)[];

/** What the inventory search takes. */
export interface CertificateFilters {
  q?: string;
  status?: StatusFilter;
  /** not-after at or after (start of the `from` UTC day) */
  expiresFrom?: Date;
  /** not-after strictly before (start of the day AFTER `to`) */
  expiresTo?: Date;
  profileId?: number;
  sort: SortKey;
  dir: SortDir;
  /** 1-based */
  page: number;
  pageSize: number;
  /** the page links' cursors (opaque; lib/inventory decodes them) */
  after?: string;
  before?: string;
}

export interface ParsedCertificateSearch {
  query: CertificateQuery;
  filters: CertificateFilters;
  /** one sentence per dropped value */
  problems: string[];
}

const MAX_PAGE = 100_000;

/** Soonest expiry first: what staff look at most. */
export const DEFAULT_SORT: SortKey = "notAfter";
export const DEFAULT_DIR: SortDir = "asc";

export const STATUS_LABELS: Readonly<Record<StatusFilter, string>> = {
  valid: "Valid",
  expiring: "Expiring within 30 days",
  expired: "Expired",
  revoked: "Revoked",
  unknown: "Expiry unknown (known from Sectigo's find only)",
};

export function parseCertificateSearch(params: SearchParams | URLSearchParams): ParsedCertificateSearch {
  const get = paramReader(params, 40);
  // Inner whitespace runs collapse: a CN pasted from a mail often carries a line break.
  const query: CertificateQuery = {
    q: get("q", MAX_QUERY_LENGTH).replace(/\s+/g, " "),
    status: get("status"),
    from: get("from"),
    to: get("to"),
    profile: get("profile"),
    sort: get("sort"),
    dir: get("dir"),
    size: get("size"),
  };
  const problems: string[] = [];
  const filters: CertificateFilters = { sort: DEFAULT_SORT, dir: DEFAULT_DIR, page: 1, pageSize: DEFAULT_PAGE_SIZE };

  if (query.q) filters.q = query.q;
  if (query.status) {
    if (isOneOf(STATUS_FILTERS, query.status)) filters.status = query.status;
    else {
      problems.push(`"${query.status}" is not a status; showing every status.`);
      query.status = "";
    }
  }
  const days = parseDayRange(query, { from: "expires from", to: "expires to" }, problems);
  query.from = days.from;
  query.to = days.to;
  if (days.range.from) filters.expiresFrom = days.range.from;
  if (days.range.toExclusive) filters.expiresTo = days.range.toExclusive;
  if (query.profile) {
    const id = positiveInteger(query.profile, 9);
    if (id !== null) filters.profileId = id;
    else {
      problems.push(`"${query.profile}" is not a profile id; showing every profile.`);
      query.profile = "";
    }
  }
  if (query.sort) {
    if (isOneOf(SORT_KEYS, query.sort)) filters.sort = query.sort;
    else query.sort = "";
  }
  if (query.dir) {
    if (query.dir === "asc" || query.dir === "desc") filters.dir = query.dir;
    else query.dir = "";
  }
  if (query.size) {
    const size = Number(query.size);
    if ((PAGE_SIZES as readonly number[]).includes(size)) filters.pageSize = size;
    else query.size = "";
  }
  const after = get("after", 2048);
  const before = get("before", 2048);
  if (after) filters.after = after;
  else if (before) filters.before = before;
  const pageText = get("page");
  if (pageText) {
    const page = positiveInteger(pageText, 6, MAX_PAGE);
    if (page !== null) filters.page = page;
    else problems.push("The page number in the address is not valid; showing the first page.");
  }
  return { query, filters, problems };
}

/** The query string (with "?", or "") of a search, plus extra parameters (page, format…). */
export function certificateQueryString(
  query: Partial<CertificateQuery>,
  extra: Record<string, string | number | undefined> = {},
): string {
  return queryString(QUERY_KEYS, query, extra);
}

/** True when the search narrows the inventory (text or a filter; sorting does not count). */
export function hasFilters(query: CertificateQuery): boolean {
  return Boolean(query.q || query.status || query.from || query.to || query.profile);
}

/**
 * The link a column header points to: the same search sorted by `key`, flipping the
 * direction when it is already the sort, and back to the first page.
 */
export function sortLink(query: CertificateQuery, filters: Pick<CertificateFilters, "sort" | "dir">, key: SortKey): string {
  const dir: SortDir = filters.sort === key ? (filters.dir === "asc" ? "desc" : "asc") : "asc";
  return certificateQueryString({ ...query, sort: key, dir });
}

/** aria-sort of a column header. */
export function ariaSort(filters: Pick<CertificateFilters, "sort" | "dir">, key: SortKey): "ascending" | "descending" | "none" {
  if (filters.sort !== key) return "none";
  return filters.dir === "asc" ? "ascending" : "descending";
}

/** The filters as plain JSON for an audit entry (dates as ISO strings). */
export function filtersForAudit(filters: CertificateFilters): Record<string, unknown> {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.expiresFrom ? { expiresFrom: filters.expiresFrom.toISOString() } : {}),
    ...(filters.expiresTo ? { expiresToExclusive: filters.expiresTo.toISOString() } : {}),
    ...(filters.profileId !== undefined ? { profileId: filters.profileId } : {}),
    sort: filters.sort,
    dir: filters.dir,
  };
}
