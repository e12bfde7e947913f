/**
 * The links between a certificate and its reissues, as pages show them: the certificate a
 * reissue replaces, the certificates that replace it, and the reissue batches made for it.
 * What counts as "replaced" or "in progress" is db/queries/expiry.ts; these read the rows
 * behind it. Every look-up goes through the partial indexes that hold only reissues
 * (certificates_replaces_idx, batches_reissue_of_idx), so it costs an index probe however
 * large the inventory is.
 */
import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { batches, certificates } from "@/db/schema";
import type { BatchState } from "@/db/enums";
import { replacementState, type ReplacementState } from "@/db/queries/expiry";

export interface CertificateRef {
  serial: string;
  commonName: string;
  status: string;
  /** the reissue batch that produced it (for "replaced by") */
  batchId: number | null;
}

export interface ReissueBatchRef {
  id: number;
  state: BatchState;
  createdAt: string;
}

// The certificate page reads these on every view: prepared once per connection (db/prepared.ts).
const replacing = preparedPerConnection((db) =>
  db
    .select({ serial: certificates.serial, commonName: certificates.commonName, status: certificates.status, batchId: certificates.batchId })
    .from(certificates)
    .where(eq(certificates.replacesSerial, sql.placeholder("serial")))
    .orderBy(desc(certificates.id))
    .limit(20)
    .prepare(),
);

const reissuing = preparedPerConnection((db) =>
  db
    .select({ id: batches.id, state: batches.state, createdAt: batches.createdAt })
    .from(batches)
    .where(eq(batches.reissueOfSerial, sql.placeholder("serial")))
    .orderBy(desc(batches.id))
    .limit(20)
    .prepare(),
);

/** The certificates that say they replace `serial`, newest first. */
export function replacementsOf(db: Db | Tx, serial: string): CertificateRef[] {
  return replacing(db).all({ serial });
}

/** The reissue batches made for `serial`, newest first. */
export function reissueBatchesOf(db: Db | Tx, serial: string): ReissueBatchRef[] {
  return reissuing(db).all({ serial });
}

/** The state "replaced" / "in-progress" / "none" of one serial, by the one definition. */
export function replacementStateOf(db: Db | Tx, serial: string): ReplacementState {
  const row = db.get<{ state: ReplacementState }>(sql`SELECT ${replacementState(sql`${serial}`)} AS state`);
  return row?.state ?? "none";
}

/**
 * For a page of serials: old serial → the newest serial that replaces it. One query over the
 * partial index (an IN list of at most a page), never one per row.
 */
const replacingAny = preparedPerConnection((db) =>
  db
    .select({ serial: certificates.serial, replaces: certificates.replacesSerial })
    .from(certificates)
    .where(sql`${certificates.replacesSerial} IN (SELECT value FROM json_each(${sql.placeholder("serials")}))`)
    .orderBy(certificates.id)
    .prepare(),
);

export function replacedByOfSerials(db: Db | Tx, serials: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (serials.length === 0) return found;
  // The serials go in as one JSON array: one statement for any page size, prepared once.
  for (const row of replacingAny(db).all({ serials: JSON.stringify(serials) })) if (row.replaces) found.set(row.replaces, row.serial);
  return found;
}
