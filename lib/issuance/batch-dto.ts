/**
 * Batches as pages see them: plain DTOs without the encrypted PKCS#12 password (the column is
 * never selected for them), with the creator's e-mail and a 0..1 progress for the bar.
 *
 * Progress rule: Sectigo's own counts drive the processing part (up to 0.8); ready,
 * downloaded and indexed are the last steps; a final state (indexed, rejected, errored) is 1.
 */
import "server-only";
import type { Db } from "@/db/client";
import {
  countBatches,
  getBatchWithCreator,
  listInFlightBatchesWithCreator,
  pageBatchesWithCreator,
  type BatchFilter,
  type BatchWithCreator,
} from "@/db/queries/batches";
import { getCertificateBySerial, searchCertificates } from "@/db/queries/certificates";
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
  /** a reissue: the serial of the certificate this batch replaces */
  reissueOfSerial: string | null;
}

export interface BatchDetailDto extends BatchDto {
  /** the same batch again, for pages that read `detail.batch.*` */
  batch: BatchDto;
  certificates: CertificateRowDto[];
  /** audit entries that target this batch, newest first */
  history: AuditEntry[];
  /** a reissue: the certificate it replaces (`commonName` null when the inventory no longer holds it) */
  reissueOf: { serial: string; commonName: string | null; revoked: boolean } | null;
}

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

export function toBatchDto(row: BatchWithCreator): BatchDto {
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
    reissueOfSerial: row.reissueOfSerial,
  };
}

/** One batch as a DTO, or null. */
export function getBatchDto(db: Db, id: number): BatchDto | null {
  const row = getBatchWithCreator(db, id);
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
  const filter: BatchFilter = {};
  if (params.state && (BATCH_STATES as readonly string[]).includes(params.state)) filter.state = params.state;
  if (params.kind && (BATCH_KINDS as readonly string[]).includes(params.kind)) filter.kind = params.kind;
  const pageSize = Math.max(1, Math.min(200, Math.trunc(params.pageSize ?? 25)));
  const page = Math.max(1, Math.trunc(params.page ?? 1));
  const rows = pageBatchesWithCreator(db, filter, { limit: pageSize, offset: (page - 1) * pageSize });
  const total = countBatches(db, filter);
  return { items: rows.map(toBatchDto), total };
}

/** In-flight batches, oldest first (dashboard, live lists). */
export function listInFlightBatches(db: Db, limit = 20): BatchDto[] {
  return listInFlightBatchesWithCreator(db, Math.max(1, Math.min(200, limit))).map(toBatchDto);
}

/** The batch, the certificates it produced and its history from the audit log. */
export function getBatchDetail(db: Db, id: number): BatchDetailDto | null {
  const batch = getBatchDto(db, id);
  if (!batch) return null;
  const certificates = searchCertificates(db, { batchId: id, sort: "commonName", limit: 500 }).items.map(rowDtoFromListItem);
  const history = listAudit(db, { target: { type: "batch", id: String(id) } }, { limit: 200 }).entries;
  const old = batch.reissueOfSerial ? getCertificateBySerial(db, batch.reissueOfSerial) : undefined;
  const reissueOf = batch.reissueOfSerial ? { serial: batch.reissueOfSerial, commonName: old?.commonName ?? null, revoked: old?.status === "revoked" } : null;
  return { ...batch, batch, certificates, history, reissueOf };
}
