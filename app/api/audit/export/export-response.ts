/**
 * The audit export as an HTTP response: CSV or JSON Lines of the filtered log, streamed
 * from lib/audit's generators one page at a time (a million entries never sit in memory),
 * as a file download.
 *
 * Rules: the export is recorded (`audit.export`, outcome info, with format, filters and the
 * number of matching entries) BEFORE the first byte is sent; if that record cannot be
 * written, nothing is exported (fail closed, as for Sectigo calls). The CSV cells are made
 * safe against formula injection by lib/audit's csv.ts.
 */
import "server-only";
import { downloadResponse, jsonError } from "@/lib/http/responses";
import type { Db } from "@/db/client";
import { countAudit, errorLogLine, recordAudit, streamAuditCsv, streamAuditJsonl, type AuditActor } from "@/lib/audit";
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
}



export function auditExportResponse(request: ExportRequest): Response {
  const { db, format, filters } = request;
  const now = request.now ?? new Date();
  const matching = countAudit(db, filters);
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
  const chunks = format === "csv" ? streamAuditCsv(db, filters) : streamAuditJsonl(db, filters);
  return downloadResponse(chunks, {
    what: "audit export",
    contentType: EXPORT_FORMATS[format].contentType,
    fileName: `audit-${now.toISOString().slice(0, 10)}.${EXPORT_FORMATS[format].extension}`,
  });
}
