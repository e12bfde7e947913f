/** Second factors and recovery codes; the rules live in lib/auth/factors.ts. */
import "server-only";
import { and, count, eq, isNotNull, isNull, lt } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { recoveryCodes, userFactors, webauthnChallenges, type RecoveryCode, type UserFactor } from "@/db/schema";
import type { WebauthnPurpose } from "@/db/enums";

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

/** A confirmed passkey by its credential id (base64url), whoever owns it. */
export function getPasskeyByCredentialId(db: Db | Tx, credentialId: string): UserFactor | undefined {
  return db
    .select()
    .from(userFactors)
    .where(and(eq(userFactors.credentialId, credentialId), eq(userFactors.kind, "passkey"), isNotNull(userFactors.confirmedAt)))
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

/** Stores a challenge handed out, and drops those whose time has passed. */
export function insertChallenge(tx: Tx, row: { challenge: string; purpose: WebauthnPurpose; userId: number | null; expiresAt: string }, now: string): void {
  tx.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now)).run();
  tx.insert(webauthnChallenges).values(row).run();
}

/**
 * Takes a challenge back, once: the row is deleted whether or not it still counts, so the
 * same answer can never be checked twice. Undefined when it was never handed out or is gone.
 */
export function takeChallenge(tx: Tx, challenge: string): typeof webauthnChallenges.$inferSelect | undefined {
  return tx.delete(webauthnChallenges).where(eq(webauthnChallenges.challenge, challenge)).returning().get();
}

export type { RecoveryCode };
