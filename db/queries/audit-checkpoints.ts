/**
 * The signed audit checkpoints' SQL. The rules (what is signed, when one is taken) live in
 * lib/audit/checkpoints.ts; this module only stores and finds rows.
 */
import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditCheckpoints, type AuditCheckpointRow } from "@/db/schema";

export type { AuditCheckpointRow };
export type NewAuditCheckpointRow = Omit<AuditCheckpointRow, "id">;

export function insertCheckpointRow(tx: Tx, row: NewAuditCheckpointRow): AuditCheckpointRow {
  return tx.insert(auditCheckpoints).values(row).returning().get();
}

/** The newest checkpoint (highest id), or null. */
export function latestCheckpointRow(db: Db | Tx): AuditCheckpointRow | null {
  return db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1).get() ?? null;
}

export function recentCheckpointRows(db: Db, limit: number): AuditCheckpointRow[] {
  return db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(limit).all();
}

export function checkpointRowById(db: Db, id: number): AuditCheckpointRow | undefined {
  return db.select().from(auditCheckpoints).where(eq(auditCheckpoints.id, id)).get();
}
