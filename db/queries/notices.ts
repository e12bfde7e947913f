/**
 * Expiry notices and their deliveries (the e-mail log). lib/notices owns the rules (which
 * threshold, when to retry); this module only reads and writes the rows.
 *
 * Rules:
 * - A crossing is a valid certificate whose not-after lies between now and now + 30 days, with
 *   no replacement and no replacement in progress (db/queries/expiry.ts), that has no notice yet
 *   at its tightest threshold or a tighter one. The scan reads the (status, not_after) index over
 *   the next 30 days only; the other conditions are index probes per row.
 * - A delivery is claimed before it is sent (its next_attempt_at moves to a lease's end in the
 *   same UPDATE that checks it is due), so two ticks, or a tick and "Send now", never send the
 *   same row twice at once.
 */
import "server-only";
import { and, asc, desc, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { NOTICE_CHANNELS, type NoticeChannel, type NoticeState } from "@/db/enums";
import { hasReplacementInProgress, isReplaced } from "@/db/queries/expiry";
import { certificates, expiryNotices, noticeDeliveries, type NoticeDelivery } from "@/db/schema";

export { NOTICE_CHANNELS };
export type { NoticeChannel, NoticeDelivery, NoticeState };

export interface Crossing {
  serial: string;
  commonName: string;
  notAfter: string;
  /** the tightest threshold (in days) the certificate is within */
  thresholdDays: number;
}

/**
 * Certificates within a threshold not yet notified at it, as a query (findCrossings runs it; a
 * test reads its plan). `bounds` pairs each threshold with the instant now + threshold days
 * (ISO), tightest first; `nowIso` is now.
 */
export function crossingsQuery(db: Db | Tx, nowIso: string, bounds: readonly { days: number; untilIso: string }[]) {
  const widest = bounds[bounds.length - 1]?.untilIso ?? nowIso;
  const cases = sql.join(
    bounds.map((b) => sql`WHEN ${certificates.notAfter} <= ${b.untilIso} THEN ${b.days}`),
    sql` `,
  );
  const threshold = sql<number>`CASE ${cases} END`;
  const serial = sql`${certificates.serial}`;
  return db
    .select({ serial: certificates.serial, commonName: certificates.commonName, notAfter: certificates.notAfter, thresholdDays: threshold })
    .from(certificates)
    .where(
      and(
        eq(certificates.status, "valid"),
        sql`${certificates.notAfter} > ${nowIso}`,
        sql`${certificates.notAfter} <= ${widest}`,
        sql`NOT ${isReplaced(serial)}`,
        sql`NOT ${hasReplacementInProgress(serial)}`,
        sql`NOT EXISTS (SELECT 1 FROM expiry_notices AS sent WHERE sent.serial = ${serial} AND sent.threshold_days <= ${threshold})`,
      ),
    )
    // (status, not_after) index order, with its implicit rowid as the tie-break: no sort step
    .orderBy(asc(certificates.notAfter), asc(certificates.id));
}

export function findCrossings(db: Db | Tx, nowIso: string, bounds: readonly { days: number; untilIso: string }[]): Crossing[] {
  if (bounds.length === 0) return [];
  return crossingsQuery(db, nowIso, bounds)
    .all()
    .map((r) => ({ ...r, notAfter: r.notAfter ?? "", thresholdDays: Number(r.thresholdDays) }));
}

/** Records that each certificate was notified at its threshold (a repeat is ignored). */
export function insertExpiryNotices(tx: Tx, crossings: readonly Crossing[], atIso: string): void {
  for (const c of crossings) {
    tx.insert(expiryNotices).values({ serial: c.serial, thresholdDays: c.thresholdDays, notifiedAt: atIso }).onConflictDoNothing().run();
  }
}

export interface NewDelivery {
  channel: NoticeChannel;
  recipient: string;
  subject: string;
  serials: readonly string[];
  payload: unknown;
  /** a `portal` record is delivered the moment it is written */
  delivered?: boolean;
}

export function insertDeliveries(tx: Tx, deliveries: readonly NewDelivery[], atIso: string): number[] {
  return deliveries.map(
    (d) =>
      tx
        .insert(noticeDeliveries)
        .values({
          createdAt: atIso,
          channel: d.channel,
          recipient: d.recipient,
          subject: d.subject,
          serials: JSON.stringify(d.serials),
          payload: JSON.stringify(d.payload),
          state: d.delivered ? "delivered" : "pending",
          deliveredAt: d.delivered ? atIso : null,
          nextAttemptAt: d.delivered ? null : atIso,
        })
        .returning({ id: noticeDeliveries.id })
        .get().id,
  );
}

/** Pending deliveries whose time has come, oldest first (the (state, next_attempt_at) index). */
export function dueDeliveryIds(db: Db | Tx, nowIso: string, limit: number): number[] {
  return db
    .select({ id: noticeDeliveries.id })
    .from(noticeDeliveries)
    .where(and(eq(noticeDeliveries.state, "pending"), or(isNull(noticeDeliveries.nextAttemptAt), lte(noticeDeliveries.nextAttemptAt, nowIso))))
    .orderBy(asc(noticeDeliveries.nextAttemptAt), asc(noticeDeliveries.id))
    .limit(limit)
    .all()
    .map((r) => r.id);
}

/** Claims a due delivery until `leaseUntilIso`; undefined when another run claimed it first. */
export function claimDelivery(tx: Tx, id: number, nowIso: string, leaseUntilIso: string): NoticeDelivery | undefined {
  return tx
    .update(noticeDeliveries)
    .set({ nextAttemptAt: leaseUntilIso })
    .where(
      and(
        eq(noticeDeliveries.id, id),
        eq(noticeDeliveries.state, "pending"),
        or(isNull(noticeDeliveries.nextAttemptAt), lte(noticeDeliveries.nextAttemptAt, nowIso)),
      ),
    )
    .returning()
    .get();
}

export interface AttemptResult {
  state: NoticeState;
  attempts: number;
  atIso: string;
  nextAttemptAt: string | null;
  serverAnswer: string | null;
}

export function recordAttempt(tx: Tx, id: number, result: AttemptResult): void {
  tx.update(noticeDeliveries)
    .set({
      state: result.state,
      attempts: result.attempts,
      lastAttemptAt: result.atIso,
      nextAttemptAt: result.nextAttemptAt,
      deliveredAt: result.state === "delivered" ? result.atIso : null,
      serverAnswer: result.serverAnswer,
    })
    .where(eq(noticeDeliveries.id, id))
    .run();
}

/** A page of the log, newest first, keyset-paged by id. */
export function pageDeliveries(db: Db | Tx, options: { beforeId?: number; limit: number }): NoticeDelivery[] {
  return db
    .select()
    .from(noticeDeliveries)
    .where(options.beforeId !== undefined ? lt(noticeDeliveries.id, options.beforeId) : undefined)
    .orderBy(desc(noticeDeliveries.id))
    .limit(options.limit)
    .all();
}

export function getDelivery(db: Db | Tx, id: number): NoticeDelivery | undefined {
  return db.select().from(noticeDeliveries).where(eq(noticeDeliveries.id, id)).get();
}
