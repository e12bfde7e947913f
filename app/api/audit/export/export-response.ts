/**
 * The audit export as an HTTP response: CSV or JSON Lines of the filtered log, streamed
 * from lib/audit's generators one page at a time (a million entries never sit in memory),
 * as a file download.
 *
 * Rules: the export is recorded (`audit.export`, outcome info, with format, filters and the
 * number of matching entries) BEFORE the first byte is sent; if that record cannot be
 * written, nothing is exported (fail closed, as for Sectigo calls). The CSV cells are made
 * safe against formula injection by lib/audit's csv.ts.
 *
 * With the portal's signing key every export takes a signed checkpoint right after its record
 * (the export ends at it: the record is its last entry or later) and names it in the
 * X-Audit-Checkpoint header; `signed` builds the signed ZIP instead of streaming
 * (lib/audit/signed-export.ts, docs/security.md S21).
 */
import "server-only";
import { bytesResponse, downloadResponse, jsonError } from "@/lib/http/responses";
import type { Db } from "@/db/client";
import { countAudit, errorLogLine, recordAudit, streamAuditCsv, streamAuditJsonl, type AuditActor } from "@/lib/audit";
import { takeCheckpoint } from "@/lib/audit/checkpoints";
import { evidenceHeaders, exportBytes, signedBundle } from "@/lib/audit/signed-export";
import type { AuditSigningKey } from "@/lib/audit/signing-key";
import { filtersForAudit, type ParsedFilters } from "@/app/(portal)/audit/_lib/filters";

export const EXPORT_FORMATS = {
  csv: { contentType: "text/csv; charset=utf-8", extension: "csv" },
  jsonl: { contentType: "application/x-ndjson; charset=utf-8", extension: "jsonl" },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function isExportFormat(value: string): value is ExportFormat {
  return Object.hasOwn(EXPORT_FORMATS, value);
}

export interface ExportRequest {
  db: Db;
  actor: AuditActor;
  ip: string | null;
  format: ExportFormat;
  filters: ParsedFilters;
  now?: Date;
  /** the portal's audit key: a checkpoint is taken, and `signed` exports are possible */
  signingKey?: AuditSigningKey;
  /** the export as a signed ZIP (needs signingKey) */
  signed?: boolean;
}

export function auditExportResponse(request: ExportRequest): Response {
  const { db, format, filters } = request;
  const now = request.now ?? new Date();
  const matching = countAudit(db, filters, undefined, { now, fresh: true });
  try {
    recordAudit(db, {
      actor: request.actor,
      action: "audit.export",
      outcome: "info",
      ip: request.ip,
      details: { format, filters: filtersForAudit(filters), rows: matching.count, rowsCapped: matching.capped },
    });
  } catch (err) {
    console.error(`audit.export could not be recorded: ${errorLogLine(err, 200)}`);
    return jsonError(503, "AUDIT_UNAVAILABLE", "The export could not be recorded in the audit log, so it was not started. Try again later.");
  }
  const key = request.signingKey;
  const checkpoint = key ? takeCheckpoint(db, key) : null;
  const through = checkpoint?.seq;
  const chunks = format === "csv" ? streamAuditCsv(db, filters, undefined, through) : streamAuditJsonl(db, filters, undefined, through);
  const fileName = `audit-${now.toISOString().slice(0, 10)}.${EXPORT_FORMATS[format].extension}`;
  if (request.signed && key && checkpoint) {
    const bundle = signedBundle(fileName, exportBytes(chunks), key, checkpoint);
    return bytesResponse(bundle.zip, {
      what: "signed audit export",
      contentType: "application/zip",
      fileName: `${fileName}.signed.zip`,
      headers: evidenceHeaders(checkpoint, bundle.signature),
    });
  }
  return downloadResponse(chunks, {
    what: "audit export",
    contentType: EXPORT_FORMATS[format].contentType,
    fileName,
    headers: evidenceHeaders(checkpoint),
  });
}
