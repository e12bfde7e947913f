/**
 * The certificate CSV export as an HTTP response: the same search as the page (its URL
 * query), streamed from lib/inventory's generator one chunk per read, as a file download.
 *
 * Rules: the export is recorded in the audit log (`certificate.export`, outcome info, with
 * the filters and how many rows match) BEFORE the first byte is sent; if that record cannot
 * be written, nothing is exported (fail closed, like the audit export). Cells are made safe
 * against formula injection by lib/audit's csv helpers inside exportCertificatesCsv.
 *
 * With the portal's signing key, a signed audit checkpoint is taken after that record and
 * named in X-Audit-Checkpoint; `signed` builds the signed ZIP instead of streaming, since
 * the inventory may change between two reads (lib/audit/signed-export.ts, docs/security.md S21).
 */
import "server-only";
import { bytesResponse, downloadResponse, jsonError } from "@/lib/http/responses";
import type { Db } from "@/db/client";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { takeCheckpoint } from "@/lib/audit/checkpoints";
import { evidenceHeaders, exportBytes, signedBundle } from "@/lib/audit/signed-export";
import type { AuditSigningKey } from "@/lib/audit/signing-key";
import { exportCertificatesCsv, searchInventory } from "@/lib/inventory";
import { filtersForAudit, type CertificateFilters } from "./search-query";

export interface CertificateExportRequest {
  db: Db;
  actor: AuditActor;
  ip: string | null;
  filters: CertificateFilters;
  now?: Date;
  /** the portal's audit key: a checkpoint is taken, and `signed` exports are possible */
  signingKey?: AuditSigningKey;
  /** the export as a signed ZIP (needs signingKey) */
  signed?: boolean;
}

export function certificateExportResponse(request: CertificateExportRequest): Response {
  const { db, filters } = request;
  const now = request.now ?? new Date();
  // One row is enough: the count comes with it (capped like the page's, but counted now: it is
  // evidence in the audit log, where the page's 30-second "more than 10,000" will not do).
  const matching = searchInventory(db, { ...filters, page: 1, pageSize: 1 }, { freshCount: true });
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
  const key = request.signingKey;
  const checkpoint = key ? takeCheckpoint(db, key) : null;
  const fileName = `certificates-${now.toISOString().slice(0, 10)}.csv`;
  if (request.signed && key && checkpoint) {
    const bundle = signedBundle(fileName, exportBytes(exportCertificatesCsv(db, filters)), key, checkpoint);
    return bytesResponse(bundle.zip, {
      what: "signed certificate export",
      contentType: "application/zip",
      fileName: `${fileName}.signed.zip`,
      headers: evidenceHeaders(checkpoint, bundle.signature),
    });
  }
  return downloadResponse(exportCertificatesCsv(db, filters), {
    what: "certificate export",
    contentType: "text/csv; charset=utf-8",
    fileName,
    headers: evidenceHeaders(checkpoint),
  });
}
