/**
 * The batches list keeps its filters and page in the URL, so a view can be bookmarked and
 * shared. Pure: parses the query into what listBatches takes, and builds links back.
 *
 * Rule: a bad value is dropped with a sentence to show, never an error page.
 */
import { BATCH_KINDS, BATCH_STATES, type BatchKind, type BatchState } from "@/db/types";
import { isOneOf, paramReader, positiveInteger, queryString, type SearchParams } from "@/app/_lib/url-filters";


export const PAGE_SIZE = 25;
/** Far beyond any real list; keeps OFFSET bounded. */
const MAX_PAGE = 10_000;

export interface BatchListQuery {
  state: BatchState | "";
  kind: BatchKind | "";
  page: number;
}

export interface ParsedBatchListSearch {
  query: BatchListQuery;
  problems: string[];
}

export function parseBatchListSearch(params: SearchParams): ParsedBatchListSearch {
  const get = paramReader(params, 100);
  const problems: string[] = [];
  const query: BatchListQuery = { state: "", kind: "", page: 1 };

  const state = get("state");
  if (state) {
    if (isOneOf(BATCH_STATES, state)) query.state = state;
    else problems.push(`"${state}" is not a batch state; showing every state.`);
  }
  const kind = get("kind");
  if (kind) {
    if (isOneOf(BATCH_KINDS, kind)) query.kind = kind;
    else problems.push(`"${kind}" is not a batch kind; showing both kinds.`);
  }
  const page = get("page");
  if (page) {
    const n = positiveInteger(page, 6, MAX_PAGE);
    if (n !== null) query.page = n;
    else problems.push("The page number in the address is not valid; showing the first page.");
  }
  return { query, problems };
}

/** `/batches?…` for a query, with overrides (a filter change goes back to page 1). */
export function batchListHref(query: BatchListQuery, overrides: Partial<BatchListQuery> = {}): string {
  const merged = { ...query, ...overrides };
  return `/batches${queryString(["state", "kind"], merged, { page: merged.page > 1 ? merged.page : undefined })}`;
}

export function pageCount(total: number, pageSize: number = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(Math.max(0, total) / pageSize));
}

export function hasListFilters(query: BatchListQuery): boolean {
  return query.state !== "" || query.kind !== "";
}
