/**
 * Searching and exporting the certificate inventory (the Certificates page and its CSV export).
 *
 * The search itself lives in db/queries/certificates (FTS5 trigram for substrings, serial in
 * any form, batch ids); this module maps the page's parameters onto it, counts with a cap,
 * and streams CSV. CSV cells go through lib/audit's csvCell, which neutralises formulas
 * (docs/security.md S14): a CN such as `=cmd|…` is exported as text.
 *
 * A certificate with no known not-after (learnt only from Sectigo's find) is exported with
 * status "unknown" and empty dates, never "valid"; Sectigo's own words are in the sectigo_*
 * columns.
 *
 * Date rule: `expiresFrom` is inclusive and `expiresTo` exclusive when they are instants
 * (Date or full ISO text); a bare day "2026-01-31" for `expiresTo` means "through that day".
 */
import "server-only";
import type { Db } from "@/db/client";
import {
  CERTIFICATE_SORTS,
  CERTIFICATE_STATUS_FILTERS,
  countCertificates,
  cursorOf,
  planText,
  searchCertificates,
  type CertificateSearch,
  type CertificateSort,
  type CertificateStatusFilter,
  type TextPlan,
} from "@/db/queries/certificates";
import { replacedByOfSerials } from "@/db/queries/reissue-links";
import { csvRow } from "@/lib/audit/csv";
import { noteCellsReader } from "@/lib/notes/notes";
import { cappedCountKeeper } from "@/lib/counts/kept-capped";
import { rowDtoFromListItem, type CertificateRowDto } from "./certificate-dto";
import { decodeCursor, encodeCursor } from "./cursor";

export interface InventorySearchParams {
  q?: string;
  status?: CertificateStatusFilter;
  expiresFrom?: Date | string;
  expiresTo?: Date | string;
  profileId?: number;
  /** the portal's batch id */
  batchId?: number;
  sort?: CertificateSort;
  dir?: "asc" | "desc";
  /** 1-based; default 1. Without a cursor the page is reached by offset. */
  page?: number;
  /** default 50, at most 500 */
  pageSize?: number;
  /** the page after this cursor (see cursor.ts): what the Next link carries */
  after?: string;
  /** the page before this cursor: what the Previous link carries */
  before?: string;
}

export interface InventorySearchResult {
  items: CertificateRowDto[];
  /** matches counted up to COUNT_CAP */
  total: number;
  /** true when there are more than COUNT_CAP matches (total then says COUNT_CAP) */
  capped: boolean;
  /** the cursor for the page after this one, when there is one */
  next?: string;
  /** the cursor for the page before this one (unset on the first rows) */
  previous?: string;
  /** true when the address carried a cursor that does not decode (the page number was used) */
  cursorIgnored: boolean;
}

export const COUNT_CAP = 10_000;
/** The most rows one CSV export writes. */
export const MAX_EXPORT_ROWS = 100_000;
const DAY_MS = 86_400_000;

function instant(value: Date | string | undefined, dayEnd: boolean): Date | undefined {
  if (value === undefined || value === "") return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  const bareDay = /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
  const date = new Date(bareDay ? `${value.trim()}T00:00:00.000Z` : value);
  if (Number.isNaN(date.getTime())) return undefined;
  return bareDay && dayEnd ? new Date(date.getTime() + DAY_MS) : date;
}

/** The db search for the page's parameters (without paging). Unknown sort/status values are ignored. */
export function inventorySearch(params: InventorySearchParams): CertificateSearch {
  const search: CertificateSearch = {};
  const q = params.q?.trim();
  if (q) search.q = q;
  if (params.status && (CERTIFICATE_STATUS_FILTERS as readonly string[]).includes(params.status)) search.status = params.status;
  const from = instant(params.expiresFrom, false);
  const to = instant(params.expiresTo, true);
  if (from) search.expiresAfter = from;
  if (to) search.expiresBefore = to;
  if (params.profileId !== undefined && Number.isSafeInteger(params.profileId)) search.profileId = params.profileId;
  if (params.batchId !== undefined && Number.isSafeInteger(params.batchId)) search.batchId = params.batchId;
  if (params.sort && (CERTIFICATE_SORTS as readonly string[]).includes(params.sort)) search.sort = params.sort;
  if (params.dir === "asc" || params.dir === "desc") search.dir = params.dir;
  return search;
}

/** "More than COUNT_CAP" is kept per search for 30 seconds (lib/counts/kept-capped.ts: why). */
const keptCounts = cappedCountKeeper();

export function countMatches(
  db: Db,
  search: CertificateSearch,
  now: Date,
  /** fresh: count now, whatever is kept (for a record, such as an export's audit entry) */
  options: { textPlan?: TextPlan; cap?: number; fresh?: boolean } = {},
): { count: number; capped: boolean } {
  const cap = options.cap ?? COUNT_CAP;
  // The count depends on neither the order nor the page; `now` moves on by itself.
  const key = JSON.stringify([cap, { ...search, sort: undefined, dir: undefined, limit: undefined, offset: undefined, after: undefined, before: undefined, now: undefined }]);
  return keptCounts.count(db, key, cap, now, () => countCertificates(db, { ...search, now }, cap, { textPlan: options.textPlan }), { fresh: options.fresh });
}

/**
 * A page of the inventory with a status badge per row, how many match in all, and the
 * cursors of the pages on either side, so that the page links cost the same on page 200 as
 * on page 1 (docs/operations.md §7, P3). The text is planned once for the page and its count.
 */
export function searchInventory(db: Db, params: InventorySearchParams = {}, options: { freshCount?: boolean } = {}): InventorySearchResult {
  const search = inventorySearch(params);
  const pageSize = Math.max(1, Math.min(500, Math.trunc(params.pageSize ?? 50)));
  const page = Math.max(1, Math.trunc(params.page ?? 1));
  const now = new Date();
  const after = decodeCursor(params.after);
  const before = after ? undefined : decodeCursor(params.before);
  const cursorIgnored = (params.after !== undefined && params.after !== "" && !after) || (params.before !== undefined && params.before !== "" && !after && !before);
  const textPlan = search.q ? planText(db, search.q) : undefined;
  const { items, hasMore } = searchCertificates(db, { ...search, limit: pageSize, offset: (page - 1) * pageSize, after, before, now }, { textPlan });
  // A first page that is not full holds the whole result: no count needs to be run.
  const whole = page === 1 && !after && !before && !hasMore;
  const { count, capped } = whole ? { count: items.length, capped: false } : countMatches(db, search, now, { textPlan, fresh: options.freshCount });
  const sort = search.sort ?? "notAfter";
  const first = items[0];
  const last = items.at(-1);
  // Reading backwards, hasMore says a page precedes; the rows after are the page we came from.
  const moreAfter = before ? items.length > 0 : hasMore;
  const moreBefore = before ? hasMore : page > 1;
  // "Replaced by" for the whole page in one look-up on the reissue index, never one per row.
  const replacedBy = replacedByOfSerials(db, items.map((c) => c.serial));
  return {
    items: items.map((c) => {
      const dto = rowDtoFromListItem(c);
      dto.replacedBySerial = replacedBy.get(c.serial) ?? null;
      return dto;
    }),
    total: count,
    capped,
    next: moreAfter && last ? encodeCursor(cursorOf(last, sort)) : undefined,
    previous: moreBefore && first ? encodeCursor(cursorOf(first, sort)) : undefined,
    cursorIgnored,
  };
}

export const CSV_HEADER = [
  "serial",
  "common_name",
  "dns_names",
  "status",
  "not_before",
  "not_after",
  "profile_id",
  "profile_name",
  "batch_id",
  "source",
  "revoked_at",
  "revocation_reason",
  "sectigo_status",
  "sectigo_created_at",
  "sectigo_device_id",
  "notes",
] as const;

/**
 * The whole result of a search as CSV text (header first, CRLF line ends), read page by page
 * so memory stays flat, each page after the last row of the one before (a cursor), so that
 * the 200th page costs what the first does. Each chunk is a whole page of lines: a stream
 * that is pulled once per chunk costs a round trip per pull, which per line capped an export
 * at a few thousand rows a second. Paging and `page`/`pageSize` of the params are ignored.
 * The `notes` column holds each certificate's notes, oldest first, read with one query per
 * page of rows (never one per row).
 */
export function* exportCertificatesCsv(db: Db, params: InventorySearchParams = {}): Generator<string> {
  const search = inventorySearch(params);
  const sort = search.sort ?? "notAfter";
  const now = new Date();
  const pageSize = 500; // the most one search returns
  const textPlan = search.q ? planText(db, search.q) : undefined;
  const notesOf = noteCellsReader(db, "certificate");
  yield csvRow(CSV_HEADER);
  let after: ReturnType<typeof cursorOf> | undefined;
  for (let written = 0; written < MAX_EXPORT_ROWS; written += pageSize) {
    const { items, hasMore } = searchCertificates(db, { ...search, limit: Math.min(pageSize, MAX_EXPORT_ROWS - written), after, now }, { textPlan });
    const notes = notesOf(items.map((c) => c.serial));
    yield items
      .map((c) =>
        csvRow([
          c.serial,
          c.commonName,
          c.sans.join(" "),
          c.displayStatus,
          c.notBefore,
          c.notAfter,
          c.profileId,
          c.profileName,
          c.batchId,
          c.source,
          c.revokedAt,
          c.revocationReason,
          c.sectigoStatus,
          c.sectigoCreatedAt,
          c.sectigoDeviceId,
          notes.get(c.serial),
        ]),
      )
      .join("");
    const last = items.at(-1);
    if (!hasMore || !last) return;
    after = cursorOf(last, sort);
  }
}
