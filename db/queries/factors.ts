/** Second factors and recovery codes; the rules live in lib/auth/factors.ts. */
import "server-only";
import { and, count, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { recoveryCodes, userFactors, type RecoveryCode, type UserFactor } from "@/db/schema";

/** The account's factors that count (confirmed), oldest first. */
export function listFactors(db: Db | Tx, userId: number): UserFactor[] {
  return db
    .select()
    .from(userFactors)
    .where(and(eq(userFactors.userId, userId), isNotNull(userFactors.confirmedAt)))
    .orderBy(userFactors.id)
    .all();
}

export function getFactor(db: Db | Tx, userId: number, id: number): UserFactor | undefined {
  return db
    .select()
    .from(userFactors)
    .where(and(eq(userFactors.userId, userId), eq(userFactors.id, id)))
    .get();
}

export function insertFactor(tx: Tx, row: typeof userFactors.$inferInsert): number {
  return tx.insert(userFactors).values(row).returning({ id: userFactors.id }).get().id;
}

export function updateFactor(tx: Tx, id: number, fields: Partial<Pick<UserFactor, "confirmedAt" | "lastUsedAt" | "totpLastStep" | "signCount">>): void {
  tx.update(userFactors).set(fields).where(eq(userFactors.id, id)).run();
}

/**
 * Moves a TOTP's last accepted step forward, only if the step is newer than the one stored:
 * the compare-and-set that keeps a code from being accepted twice, even by two requests at once.
 */
export function advanceTotpStep(tx: Tx, id: number, step: number, usedAt: string): boolean {
  const result = tx.$client
    .prepare("UPDATE user_factors SET totp_last_step = ?, last_used_at = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)")
    .run(step, usedAt, id, step);
  return result.changes > 0;
}

export function deleteFactor(tx: Tx, userId: number, id: number): boolean {
  return tx.delete(userFactors).where(and(eq(userFactors.userId, userId), eq(userFactors.id, id))).run().changes > 0;
}

/** Drops enrolments that were started and never confirmed (of one kind). */
export function deleteUnconfirmed(tx: Tx, userId: number, kind: UserFactor["kind"]): void {
  tx.delete(userFactors)
    .where(and(eq(userFactors.userId, userId), eq(userFactors.kind, kind), isNull(userFactors.confirmedAt)))
    .run();
}

export function deleteAllFactors(tx: Tx, userId: number): number {
  return tx.delete(userFactors).where(eq(userFactors.userId, userId)).run().changes;
}

export function replaceRecoveryCodes(tx: Tx, userId: number, hashes: readonly string[], createdAt: string): void {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  if (hashes.length > 0) tx.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash, createdAt }))).run();
}

export function deleteRecoveryCodes(tx: Tx, userId: number): void {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
}

/** Marks an unused code used; false when there is no such unused code. */
export function useRecoveryCode(tx: Tx, userId: number, codeHash: string, usedAt: string): boolean {
  return (
    tx
      .update(recoveryCodes)
      .set({ usedAt })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
      .run().changes > 0
  );
}

export function unusedRecoveryCodes(db: Db | Tx, userId: number): number {
  return (
    db
      .select({ n: count() })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
      .get()?.n ?? 0
  );
}

export type { RecoveryCode };
