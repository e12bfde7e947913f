/**
 * Calendar feeds (the URL's token is stored only as its SHA-256) and the certificates a feed
 * lists. The feed's certificates are read through certificates_status_idx (status, not_after):
 * a range of one status by expiry, capped, whatever the size of the inventory.
 */
import "server-only";
import { and, asc, desc, eq, gte, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calendarFeeds, certificates, users, type CalendarFeed } from "@/db/schema";
import { replacementState, type ReplacementState } from "@/db/queries/expiry";

export function insertFeed(tx: Tx, input: Pick<CalendarFeed, "userId" | "tokenHash" | "createdAt">): CalendarFeed {
  return tx.insert(calendarFeeds).values(input).returning().get();
}

/** A user's feeds, newest first. */
export function listFeedsOf(db: Db | Tx, userId: number): CalendarFeed[] {
  return db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).orderBy(desc(calendarFeeds.createdAt), desc(calendarFeeds.id)).all();
}

/** Revokes one of the user's feeds that is not revoked yet; false when there is none such. */
export function revokeFeedRow(tx: Tx, userId: number, id: number, at: string): boolean {
  const changed = tx
    .update(calendarFeeds)
    .set({ revokedAt: at })
    .where(and(eq(calendarFeeds.id, id), eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
    .run();
  return changed.changes > 0;
}

export interface FeedOwnerRow {
  id: number;
  userId: number;
  revokedAt: string | null;
  lastUsedAt: string | null;
  role: string;
  disabled: boolean;
}

/** The feed with this token hash and its owner's role and state (one probe of the unique index). */
export function feedByTokenHash(db: Db | Tx, tokenHash: string): FeedOwnerRow | undefined {
  return db
    .select({ id: calendarFeeds.id, userId: calendarFeeds.userId, revokedAt: calendarFeeds.revokedAt, lastUsedAt: calendarFeeds.lastUsedAt, role: users.role, disabled: users.disabled })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(eq(calendarFeeds.tokenHash, tokenHash))
    .get();
}

/** Sets last_used_at unless it is already at or after `notBefore` (so at most once per interval). */
export function touchFeed(tx: Tx, id: number, at: string, notBefore: string): void {
  tx.update(calendarFeeds)
    .set({ lastUsedAt: at })
    .where(and(eq(calendarFeeds.id, id), or(isNull(calendarFeeds.lastUsedAt), lt(calendarFeeds.lastUsedAt, notBefore))))
    .run();
}

export interface ExpiringCertificateRow {
  serial: string;
  commonName: string;
  notAfter: string;
  replacement: ReplacementState;
}

/** Valid certificates whose not-after is in [from, to), soonest first, at most `limit`. */
export function validExpiringBetween(db: Db | Tx, from: string, to: string, limit: number): ExpiringCertificateRow[] {
  return db
    .select({
      serial: certificates.serial,
      commonName: certificates.commonName,
      notAfter: sql<string>`${certificates.notAfter}`,
      replacement: replacementState(sql`${certificates.serial}`),
    })
    .from(certificates)
    .where(and(eq(certificates.status, "valid"), gte(certificates.notAfter, from), lt(certificates.notAfter, to)))
    .orderBy(asc(certificates.notAfter), asc(certificates.id))
    .limit(limit)
    .all();
}
