/**
 * Login attempt rows, by key (`account:…`, `ip:…`, `pair:…`); the throttling rules that read
 * them live in lib/auth/throttle.ts. Every read here runs on the (key, at) index.
 */
import "server-only";
import { and, asc, count, eq, gt, lt, max } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { loginAttempts, type LoginAttempt } from "@/db/schema";

/** Failures of `key` after `sinceIso`: how many, and the newest one's time. */
export function failuresSince(db: Db | Tx, key: string, sinceIso: string): { count: number; lastAt: string | null } {
  const row = db
    .select({ n: count(), last: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.key, key), eq(loginAttempts.success, false), gt(loginAttempts.at, sinceIso)))
    .get();
  return { count: row?.n ?? 0, lastAt: row?.last ?? null };
}

export function countFailuresSince(db: Db | Tx, key: string, sinceIso: string): number {
  return (
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.key, key), eq(loginAttempts.success, false), gt(loginAttempts.at, sinceIso)))
      .get()?.n ?? 0
  );
}

/** The time of the failure `offset` places after the oldest one since `sinceIso`. */
export function failureAtOffset(db: Db | Tx, key: string, sinceIso: string, offset: number): string | null {
  const row = db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.key, key), eq(loginAttempts.success, false), gt(loginAttempts.at, sinceIso)))
    .orderBy(asc(loginAttempts.at))
    .limit(1)
    .offset(offset)
    .get();
  return row?.at ?? null;
}

export function lastSuccessAt(db: Db | Tx, key: string): string | null {
  const row = db
    .select({ last: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.key, key), eq(loginAttempts.success, true)))
    .get();
  return row?.last ?? null;
}

export function insertAttempts(tx: Tx, rows: Omit<LoginAttempt, "id">[]): void {
  tx.insert(loginAttempts).values(rows).run();
}

export function deleteAttemptsBefore(tx: Tx, beforeIso: string): void {
  tx.delete(loginAttempts).where(lt(loginAttempts.at, beforeIso)).run();
}
