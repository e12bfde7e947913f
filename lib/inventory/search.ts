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
  searchCertificates,
  type CertificateSearch,
  type CertificateSort,
  type CertificateStatusFilter,
} from "@/db/queries/certificates";
import { csvRow } from "@/lib/audit/csv";
import { rowDtoFromListItem, type CertificateRowDto } from "./certificate-dto";

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
  /** 1-based; default 1 */
  page?: number;
  /** default 50, at most 500 */
  pageSize?: number;
}

export interface InventorySearchResult {
  items: CertificateRowDto[];
  /** matches counted up to COUNT_CAP */
  total: number;
  /** true when there are more than COUNT_CAP matches (total then says COUNT_CAP) */
  capped: boolean;
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

/** A page of the inventory with a status badge per row, and how many match in all. */
export function searchInventory(db: Db, params: InventorySearchParams = {}): InventorySearchResult {
  const search = inventorySearch(params);
  const pageSize = Math.max(1, Math.min(500, Math.trunc(params.pageSize ?? 50)));
  const page = Math.max(1, Math.trunc(params.page ?? 1));
  const now = new Date();
  const { items } = searchCertificates(db, { ...search, limit: pageSize, offset: (page - 1) * pageSize, now });
  const { count, capped } = countCertificates(db, { ...search, now }, COUNT_CAP);
  return { items: items.map(rowDtoFromListItem), total: count, capped };
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
] as const;

/**
 * The whole result of a search as CSV text (header first, CRLF line ends), read page by page
 * so memory stays flat. Each chunk is a whole page of lines: a stream that is pulled once
 * per chunk costs a round trip per pull, which per line capped an export at a few thousand
 * rows a second. Paging and `page`/`pageSize` of the params are ignored.
 */
export function* exportCertificatesCsv(db: Db, params: InventorySearchParams = {}): Generator<string> {
  const search = inventorySearch(params);
  const now = new Date();
  const pageSize = 500; // the most one search returns
  yield csvRow(CSV_HEADER);
  for (let offset = 0; offset < MAX_EXPORT_ROWS; offset += pageSize) {
    const { items, hasMore } = searchCertificates(db, { ...search, limit: pageSize, offset, now });
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
        ]),
      )
      .join("");
    if (!hasMore) return;
  }
}
