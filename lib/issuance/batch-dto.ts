/**
 * Batches as pages see them: plain DTOs without the encrypted PKCS#12 password (the column is
 * never selected here), with the creator's e-mail and a 0..1 progress for the bar.
 *
 * Progress rule: Sectigo's own counts drive the processing part (up to 0.8); ready,
 * downloaded and indexed are the last steps; a final state (indexed, rejected, errored) is 1.
 */
import "server-only";
import { and, asc, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { searchCertificates } from "@/db/queries/certificates";
import { batches, users } from "@/db/schema";
import { BATCH_KINDS, BATCH_STATES, type BatchKind, type BatchState, type Batch } from "@/db/types";
import { listAudit } from "@/lib/audit/query";
import type { AuditEntry } from "@/lib/audit/types";
import { rowDtoFromListItem, type CertificateRowDto } from "@/lib/inventory/certificate-dto";

export type BatchRow = Omit<Batch, "pkcs12PasswordEnc" | "csrText" | "createInput">;

export interface BatchDto {
  /** the portal's id (URLs, audit targets) */
  id: number;
  /** Sectigo's id; null until Sectigo answered the create/upload */
  sectigoBatchId: number | null;
  kind: BatchKind;
  batchName: string;
  authorityId: number | null;
  profileId: number | null;
  profileName: string | null;
  commonName: string | null;
  dnsNames: string[];
  /** normalized Sectigo status text (PROCESSING, READY_FOR_DOWNLOAD, …) */
  status: string | null;
  state: BatchState;
  rejectReason: string | null;
  size: number | null;
  active: number | null;
  success: number | null;
  failed: number | null;
  /** 0..1 */
  progress: number;
  createdBy: { id: number; email: string } | null;
  createdAt: string;
  updatedAt: string;
  downloadedAt: string | null;
  indexedAt: string | null;
  lastError: string | null;
  /** when the poller looks next (null: as soon as it runs, or never for a final state) */
  nextCheckAt: string | null;
  /** who settled an unknown create, when, and the note (the reason, for a closed one) */
  resolvedByEmail: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  /** an unknown create settled as "Sectigo did not create it": final, never retried */
  closed: boolean;
  /** a CSR batch whose submitted text is kept, so a failed upload can be sent again */
  csrKept: boolean;
}

export interface BatchDetailDto extends BatchDto {
  /** the same batch again, for pages that read `detail.batch.*` */
  batch: BatchDto;
  certificates: CertificateRowDto[];
  /** audit entries that target this batch, newest first */
  history: AuditEntry[];
}

/** States the batch is still moving through (for "in flight" lists and live refresh). */
export const IN_FLIGHT_STATES: readonly BatchState[] = ["submitted", "processing", "ready", "downloaded"];
export const FINAL_STATES: readonly BatchState[] = ["indexed", "rejected", "errored"];

export function batchProgress(row: Pick<BatchRow, "state" | "size" | "success" | "failed">): number {
  switch (row.state) {
    case "indexed":
    case "rejected":
    case "errored":
      return 1;
    case "downloaded":
      return 0.9;
    case "ready":
      return 0.85;
    case "processing": {
      const size = row.size ?? 0;
      if (size <= 0) return 0.05;
      const done = Math.min(size, (row.success ?? 0) + (row.failed ?? 0));
      return Math.max(0.05, (done / size) * 0.8);
    }
    default:
      return 0;
  }
}

// The encrypted password column is left out of every selection here, by construction; the
// kept CSR text (up to 1 MiB) and create input are only asked whether they are there.
const { pkcs12PasswordEnc: secretColumn, csrText, createInput, ...batchColumns } = getTableColumns(batches);
void secretColumn;
void createInput;
const selection = { ...batchColumns, creatorEmail: users.email, csrKept: sql<number>`${csrText} IS NOT NULL` };

type SelectedRow = BatchRow & { creatorEmail: string | null; csrKept: number | boolean };

export function toBatchDto(row: SelectedRow): BatchDto {
  return {
    id: row.id,
    sectigoBatchId: row.sectigoBatchId,
    kind: row.kind,
    batchName: row.batchName,
    authorityId: row.authorityId,
    profileId: row.profileId,
    profileName: row.profileName,
    commonName: row.commonName,
    dnsNames: row.dnsNames ? row.dnsNames.split("\n").filter((n) => n !== "") : [],
    status: row.status,
    state: row.state,
    rejectReason: row.rejectReason,
    size: row.size,
    active: row.active,
    success: row.success,
    failed: row.failed,
    progress: batchProgress(row),
    createdBy: row.createdBy !== null && row.creatorEmail !== null ? { id: row.createdBy, email: row.creatorEmail } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    downloadedAt: row.downloadedAt,
    indexedAt: row.indexedAt,
    lastError: row.lastError,
    nextCheckAt: row.nextCheckAt,
    resolvedByEmail: row.resolvedByEmail,
    resolvedAt: row.resolvedAt,
    resolutionNote: row.resolutionNote,
    closed: row.state === "errored" && row.resolvedAt !== null,
    csrKept: Boolean(row.csrKept),
  };
}

function selectBatches(db: Db) {
  return db.select(selection).from(batches).leftJoin(users, eq(users.id, batches.createdBy));
}

/** One batch as a DTO, or null. */
export function getBatchDto(db: Db, id: number): BatchDto | null {
  const row = selectBatches(db).where(eq(batches.id, id)).get();
  return row ? toBatchDto(row) : null;
}

export interface ListBatchesParams {
  state?: BatchState;
  kind?: BatchKind;
  /** 1-based */
  page?: number;
  /** default 25, at most 200 */
  pageSize?: number;
}

/** Newest first. Unknown state/kind values are ignored rather than matching nothing. */
export function listBatches(db: Db, params: ListBatchesParams = {}): { items: BatchDto[]; total: number } {
  const where: SQL[] = [];
  if (params.state && (BATCH_STATES as readonly string[]).includes(params.state)) where.push(eq(batches.state, params.state));
  if (params.kind && (BATCH_KINDS as readonly string[]).includes(params.kind)) where.push(eq(batches.kind, params.kind));
  const pageSize = Math.max(1, Math.min(200, Math.trunc(params.pageSize ?? 25)));
  const page = Math.max(1, Math.trunc(params.page ?? 1));
  const rows = selectBatches(db)
    .where(and(...where))
    .orderBy(desc(batches.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db.select({ n: sql<number>`count(*)` }).from(batches).where(and(...where)).get()?.n ?? 0;
  return { items: rows.map(toBatchDto), total };
}

/** In-flight batches, oldest first (dashboard, live lists). */
export function listInFlightBatches(db: Db, limit = 20): BatchDto[] {
  return selectBatches(db)
    .where(sql`${batches.state} IN ('submitted', 'processing', 'ready', 'downloaded')`)
    .orderBy(asc(batches.id))
    .limit(Math.max(1, Math.min(200, limit)))
    .all()
    .map(toBatchDto);
}

/** The batch, the certificates it produced and its history from the audit log. */
export function getBatchDetail(db: Db, id: number): BatchDetailDto | null {
  const batch = getBatchDto(db, id);
  if (!batch) return null;
  const certificates = searchCertificates(db, { batchId: id, sort: "commonName", limit: 500 }).items.map(rowDtoFromListItem);
  const history = listAudit(db, { target: { type: "batch", id: String(id) } }, { limit: 200 }).entries;
  return { ...batch, batch, certificates, history };
}
