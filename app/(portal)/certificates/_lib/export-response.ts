/**
 * The certificate CSV export as an HTTP response: the same search as the page (its URL
 * query), streamed from lib/inventory's generator one chunk per read, as a file download.
 *
 * Rules: the export is recorded in the audit log (`certificate.export`, outcome info, with
 * the filters and how many rows match) BEFORE the first byte is sent; if that record cannot
 * be written, nothing is exported (fail closed, like the audit export). Cells are made safe
 * against formula injection by lib/audit's csv helpers inside exportCertificatesCsv.
 */
import "server-only";
import type { Db } from "@/db/client";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { exportCertificatesCsv, searchInventory } from "@/lib/inventory";
import { filtersForAudit, type CertificateFilters } from "./search-query";

export interface CertificateExportRequest {
  db: Db;
  actor: AuditActor;
  ip: string | null;
  filters: CertificateFilters;
  now?: Date;
}

function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}

/** A stream that pulls one chunk from the generator per read, so it follows the client's pace. */
export function streamFrom(chunks: Generator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      try {
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        console.error(`certificate export stopped: ${err instanceof Error ? err.message.slice(0, 200) : "error"}`);
        controller.error(new Error("The export stopped because the database could not be read."));
      }
    },
    cancel() {
      chunks.return(undefined);
    },
  });
}

export function certificateExportResponse(request: CertificateExportRequest): Response {
  const { db, filters } = request;
  const now = request.now ?? new Date();
  // One row is enough: the count comes with it (capped like the page's).
  const matching = searchInventory(db, { ...filters, page: 1, pageSize: 1 });
  try {
    recordAudit(db, {
      actor: request.actor,
      action: "certificate.export",
      outcome: "info",
      ip: request.ip,
      details: { format: "csv", filters: filtersForAudit(filters), rows: matching.total, rowsCapped: matching.capped },
    });
  } catch (err) {
    console.error(`certificate.export could not be recorded: ${err instanceof Error ? err.message.slice(0, 200) : "error"}`);
    return jsonError(503, "AUDIT_UNAVAILABLE", "The export could not be recorded in the audit log, so it was not started. Try again later.");
  }
  const fileName = `certificates-${now.toISOString().slice(0, 10)}.csv`;
  return new Response(streamFrom(exportCertificatesCsv(db, filters)), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
