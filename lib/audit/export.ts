/**
 * Streamed exports of a filtered audit log, oldest first, as CSV or JSON Lines. Each yields
 * text chunks read in keyset pages, so an export of a million entries never sits in memory;
 * it stops at the head seen when it started, so entries appended meanwhile do not leak in.
 * Every row carries seq, prev_hash and hash, so an exported file can be checked on its own.
 */
import "server-only";
import type { Db } from "@/db/client";
import { auditHead, auditRowsAfter, type AuditFilters } from "@/db/queries/audit-log";
import { csvRow } from "@/lib/audit/csv";
import { toAuditEntry } from "@/lib/audit/query";
import type { AuditRow } from "@/db/types";

const CSV_HEADER = [
  "seq",
  "at",
  "actor_email",
  "actor_role",
  "actor_id",
  "action",
  "target_type",
  "target_id",
  "outcome",
  "intent_seq",
  "ip",
  "details",
  "prev_hash",
  "hash",
];

function* rows(db: Db, filters: AuditFilters, pageSize: number, throughSeq?: number): Generator<AuditRow[]> {
  const through = throughSeq ?? auditHead(db)?.seq ?? 0;
  let after = 0;
  for (;;) {
    const page = auditRowsAfter(db, filters, after, through, pageSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.seq;
  }
}

/** `throughSeq`: the last entry to include (a signed export's checkpoint); default the head when it starts. */
export function* streamAuditCsv(db: Db, filters: AuditFilters = {}, pageSize = 1000, throughSeq?: number): Generator<string> {
  yield csvRow(CSV_HEADER);
  for (const page of rows(db, filters, pageSize, throughSeq)) {
    yield page
      .map((r) =>
        csvRow([
          r.seq,
          r.at,
          r.actorEmail,
          r.actorRole,
          r.actorId,
          r.action,
          r.targetType,
          r.targetId,
          r.outcome,
          r.intentSeq,
          r.ip,
          r.details,
          r.prevHash,
          r.hash,
        ]),
      )
      .join("");
  }
}

export function* streamAuditJsonl(db: Db, filters: AuditFilters = {}, pageSize = 1000, throughSeq?: number): Generator<string> {
  for (const page of rows(db, filters, pageSize, throughSeq)) {
    yield page.map((r) => `${JSON.stringify(toAuditEntry(r))}\n`).join("");
  }
}
