/**
 * Revocation requests. At most one pending or succeeded revocation per serial is a database
 * rule (a partial UNIQUE index), so concurrent or repeated revokes of one certificate yield
 * exactly one (docs/security.md S8): the second begin fails here with a typed error, inside the same
 * transaction as its audit intent, which therefore rolls back and nothing is sent to Sectigo.
 */
import "server-only";
import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { isUniqueViolation } from "@/db/errors";
import { DomainError, hasCode } from "@/lib/errors";
import { certificates, revocations, users, type Revocation } from "@/db/schema";
import { systemClock, toIso, type Clock } from "@/db/time";
import { weekIndex, type WeekCount } from "@/db/queries/weeks";
import { normalizeSerial } from "@/lib/pki/serial";

export type RevocationConflictCode = "REVOCATION_IN_PROGRESS" | "ALREADY_REVOKED";

export class RevocationConflictError extends DomainError<RevocationConflictCode> {
  readonly family = "db";
  override readonly name = "RevocationConflictError";
  constructor(
    code: RevocationConflictCode,
    readonly serial: string,
    readonly existing: Revocation | undefined,
  ) {
    const text =
      code === "ALREADY_REVOKED"
        ? `Certificate ${serial} is already revoked.`
        : `A revocation of certificate ${serial} is already in progress; wait for its result.`;
    super(code, text, text);
  }
}

/** Holds across module copies (lib/errors.ts): never `instanceof`. */
export function isRevocationConflict(err: unknown): err is RevocationConflictError {
  return hasCode(err, "ALREADY_REVOKED", "REVOCATION_IN_PROGRESS");
}

// Read on every view of a certificate, and in every revoke's transaction.
const activeOf = preparedPerConnection((db) =>
  db
    .select()
    .from(revocations)
    .where(and(eq(revocations.serial, sql.placeholder("serial")), inArray(revocations.outcome, ["pending", "succeeded"])))
    .prepare(),
);

/** The pending or succeeded revocation of a serial, if any. */
export function activeRevocation(tx: Tx | Db, serial: string): Revocation | undefined {
  return activeOf(tx).get({ serial: normalizeSerial(serial) });
}

/**
 * Records a pending revocation. Throws RevocationConflictError when one is pending or has
 * succeeded already. Call it in the intent's transaction (withSectigoCall's onIntent).
 */
export function beginRevocation(
  tx: Tx,
  input: { serial: string; reasonCode: number; requestedBy: number | null },
  clock: Clock = systemClock,
): Revocation {
  const serial = normalizeSerial(input.serial);
  try {
    return tx
      .insert(revocations)
      .values({
        serial,
        reasonCode: input.reasonCode,
        requestedBy: input.requestedBy,
        requestedAt: toIso(clock()),
        outcome: "pending",
      })
      .returning()
      .get();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const existing = activeRevocation(tx, serial);
    throw new RevocationConflictError(
      existing?.outcome === "succeeded" ? "ALREADY_REVOKED" : "REVOCATION_IN_PROGRESS",
      serial,
      existing,
    );
  }
}

/** Closes a pending revocation with Sectigo's answer. */
export function completeRevocation(
  tx: Tx,
  id: number,
  result: { outcome: "succeeded" | "failed" | "unknown"; error?: string | null },
  clock: Clock = systemClock,
): void {
  tx.update(revocations)
    .set({ outcome: result.outcome, completedAt: toIso(clock()), error: result.error ?? null })
    .where(and(eq(revocations.id, id), eq(revocations.outcome, "pending")))
    .run();
}

const latestOfSerial = preparedPerConnection((db) =>
  db
    .select()
    .from(revocations)
    .where(eq(revocations.serial, sql.placeholder("serial")))
    .orderBy(desc(revocations.requestedAt), desc(revocations.id))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

export function listRevocations(db: Db, options: { serial?: string; limit?: number } = {}): Revocation[] {
  const limit = Math.max(1, Math.min(500, options.limit ?? 50));
  // one serial's (the certificate page, on every view): prepared once per connection
  if (options.serial) return latestOfSerial(db).all({ serial: normalizeSerial(options.serial), limit });
  return db.select().from(revocations).orderBy(desc(revocations.requestedAt), desc(revocations.id)).limit(limit).all();
}

/**
 * Settles a revocation whose outcome was unknown (Sectigo's answer was lost) once Sectigo has
 * shown what happened. Only an `unknown` row changes; false when there was none to settle
 * (someone settled it meanwhile). Settling as succeeded obeys the one-active-per-serial
 * rule: if another revocation of the serial is pending or succeeded, RevocationConflictError.
 */
export function settleUnknownRevocation(
  tx: Tx,
  id: number,
  result: { outcome: "succeeded" | "failed"; error?: string | null },
  clock: Clock = systemClock,
): boolean {
  try {
    const changed = tx
      .update(revocations)
      .set({ outcome: result.outcome, completedAt: toIso(clock()), error: result.outcome === "succeeded" ? null : (result.error ?? null) })
      .where(and(eq(revocations.id, id), eq(revocations.outcome, "unknown")))
      .run();
    return changed.changes > 0;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const row = tx.select().from(revocations).where(eq(revocations.id, id)).get();
    const existing = row ? activeRevocation(tx, row.serial) : undefined;
    throw new RevocationConflictError(existing?.outcome === "succeeded" ? "ALREADY_REVOKED" : "REVOCATION_IN_PROGRESS", row?.serial ?? "", existing);
  }
}

export function getRevocation(tx: Tx | Db, id: number): Revocation | undefined {
  return tx.select().from(revocations).where(eq(revocations.id, id)).get();
}

/**
 * Succeeded revocations by the week they took effect (revocations_requested_at_idx): requested
 * from `requestedFromIso` (a lead before the window), in effect within [startIso, endIso).
 */
const succeededByWeek = preparedPerConnection((db) => {
  const start = sql.placeholder("start");
  const end = sql.placeholder("end");
  const effective = sql`coalesce(${revocations.completedAt}, ${revocations.requestedAt})`;
  const week = weekIndex(effective, start);
  return db
    .select({ week, n: sql<number>`count(*)` })
    .from(revocations)
    .where(
      and(
        gte(revocations.requestedAt, sql.placeholder("requestedFrom")),
        lt(revocations.requestedAt, end),
        eq(revocations.outcome, "succeeded"),
        sql`${effective} >= ${start}`,
        sql`${effective} < ${end}`,
      ),
    )
    .groupBy(week)
    .prepare();
});

export function succeededRevocationsByWeek(db: Db, requestedFromIso: string, startIso: string, endIso: string): WeekCount[] {
  return succeededByWeek(db).all({ requestedFrom: requestedFromIso, start: startIso, end: endIso });
}

/** A succeeded revocation with its certificate's name and revocation time and its requester's e-mail. */
export interface RecentRevocationRow extends Pick<Revocation, "serial" | "reasonCode" | "completedAt" | "requestedAt"> {
  commonName: string | null;
  certificateRevokedAt: string | null;
  revokedById: Revocation["requestedBy"];
  revokedByEmail: string | null;
}

/** The latest succeeded revocations, newest first. */
const recentSucceeded = preparedPerConnection((db) =>
  db
    .select({
      serial: revocations.serial,
      commonName: certificates.commonName,
      reasonCode: revocations.reasonCode,
      certificateRevokedAt: certificates.revokedAt,
      completedAt: revocations.completedAt,
      requestedAt: revocations.requestedAt,
      revokedById: revocations.requestedBy,
      revokedByEmail: users.email,
    })
    .from(revocations)
    .leftJoin(certificates, eq(certificates.serial, revocations.serial))
    .leftJoin(users, eq(users.id, revocations.requestedBy))
    .where(eq(revocations.outcome, "succeeded"))
    .orderBy(desc(revocations.requestedAt), desc(revocations.id))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

export function recentSucceededRevocations(db: Db, limit: number): RecentRevocationRow[] {
  return recentSucceeded(db).all({ limit });
}
