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
import type { Db } from "@/db/client";
import { countAudit, recordAudit, streamAuditCsv, streamAuditJsonl, type AuditActor } from "@/lib/audit";
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

function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}

/** A ReadableStream that pulls one chunk from the generator per read, so it follows the client's pace. */
export function streamFrom(chunks: Generator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      try {
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        console.error(`audit export stopped: ${err instanceof Error ? err.message.slice(0, 200) : "error"}`);
        controller.error(new Error("The export stopped because the database could not be read."));
      }
    },
    cancel() {
      chunks.return(undefined);
    },
  });
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
    console.error(`audit.export could not be recorded: ${err instanceof Error ? err.message.slice(0, 200) : "error"}`);
    return jsonError(503, "AUDIT_UNAVAILABLE", "The export could not be recorded in the audit log, so it was not started. Try again later.");
  }
  const chunks = format === "csv" ? streamAuditCsv(db, filters) : streamAuditJsonl(db, filters);
  const fileName = `audit-${now.toISOString().slice(0, 10)}.${EXPORT_FORMATS[format].extension}`;
  return new Response(streamFrom(chunks), {
    status: 200,
    headers: {
      "Content-Type": EXPORT_FORMATS[format].contentType,
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
