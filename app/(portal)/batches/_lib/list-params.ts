/**
 * The batches list keeps its filters and page in the URL, so a view can be bookmarked and
 * shared. Pure: parses the query into what listBatches takes, and builds links back.
 *
 * Rule: a bad value is dropped with a sentence to show, never an error page.
 */
import type { BatchKind, BatchState } from "@/db/types";

// Repeated here instead of imported from db/schema so that this module stays free of
// Drizzle at runtime; list-params.test.ts checks they match the schema.
export const LIST_STATES = ["submitted", "processing", "ready", "downloaded", "indexed", "rejected", "errored", "unknown"] as const satisfies readonly BatchState[];
export const LIST_KINDS = ["single", "csr"] as const satisfies readonly BatchKind[];

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

export type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return (v ?? "").trim().slice(0, 100);
}

function isState(value: string): value is BatchState {
  return (LIST_STATES as readonly string[]).includes(value);
}

function isKind(value: string): value is BatchKind {
  return (LIST_KINDS as readonly string[]).includes(value);
}

export function parseBatchListSearch(params: SearchParams): ParsedBatchListSearch {
  const problems: string[] = [];
  const query: BatchListQuery = { state: "", kind: "", page: 1 };

  const state = first(params.state);
  if (state) {
    if (isState(state)) query.state = state;
    else problems.push(`"${state}" is not a batch state; showing every state.`);
  }
  const kind = first(params.kind);
  if (kind) {
    if (isKind(kind)) query.kind = kind;
    else problems.push(`"${kind}" is not a batch kind; showing both kinds.`);
  }
  const page = first(params.page);
  if (page) {
    const n = /^\d{1,6}$/.test(page) ? Number(page) : NaN;
    if (Number.isSafeInteger(n) && n >= 1 && n <= MAX_PAGE) query.page = n;
    else problems.push("The page number in the address is not valid; showing the first page.");
  }
  return { query, problems };
}

/** `/batches?…` for a query, with overrides (a filter change goes back to page 1). */
export function batchListHref(query: BatchListQuery, overrides: Partial<BatchListQuery> = {}): string {
  const merged = { ...query, ...overrides };
  const params = new URLSearchParams();
  if (merged.state) params.set("state", merged.state);
  if (merged.kind) params.set("kind", merged.kind);
  if (merged.page > 1) params.set("page", String(merged.page));
  const text = params.toString();
  return text ? `/batches?${text}` : "/batches";
}

export function pageCount(total: number, pageSize: number = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(Math.max(0, total) / pageSize));
}

export function hasListFilters(query: BatchListQuery): boolean {
  return query.state !== "" || query.kind !== "";
}
