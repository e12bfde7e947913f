/** Revocation requests waiting for a second person; the rules live in lib/revocation/requests.ts. */
import "server-only";
import { and, asc, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import type { RevocationRequestState } from "@/db/enums";
import { auditLog, revocationRequests, users, type RevocationRequest } from "@/db/schema";

export type NewRevocationRequest = Pick<RevocationRequest, "serials" | "reasonCode" | "comment" | "impact" | "requestedBy" | "requestedAt" | "expiresAt"> & {
  state?: RevocationRequestState;
  result?: string | null;
};

export function insertRevocationRequest(tx: Tx, row: NewRevocationRequest): RevocationRequest {
  return tx.insert(revocationRequests).values(row).returning().get();
}

export function getRevocationRequest(db: Db | Tx, id: number): RevocationRequest | undefined {
  return db.select().from(revocationRequests).where(eq(revocationRequests.id, id)).get();
}

/**
 * Moves a request from one of `from` to `to`, only if it is still there (and, when `aliveAt`
 * is given, not expired at that time): the compare-and-set that lets one decision win.
 */
export function moveRevocationRequest(
  tx: Tx,
  id: number,
  from: readonly RevocationRequestState[],
  to: { state: RevocationRequestState; decidedBy: number | null; decidedAt: string; decisionNote?: string | null },
  aliveAt?: string,
): boolean {
  const conditions = [eq(revocationRequests.id, id), inArray(revocationRequests.state, [...from])];
  if (aliveAt !== undefined) conditions.push(gt(revocationRequests.expiresAt, aliveAt));
  return tx.update(revocationRequests).set(to).where(and(...conditions)).run().changes > 0;
}

export function setRevocationRequestResult(tx: Tx, id: number, result: string): void {
  tx.update(revocationRequests).set({ result }).where(eq(revocationRequests.id, id)).run();
}

export interface RevocationRequestRow extends RevocationRequest {
  requesterEmail: string;
  deciderEmail: string | null;
}

const deciders = sql<string | null>`(SELECT u.email FROM users u WHERE u.id = ${revocationRequests.decidedBy})`;

/** Requests in the given states, oldest first (the queue), with who asked and who decided. */
export function listRevocationRequests(db: Db, states: readonly RevocationRequestState[], limit = 200): RevocationRequestRow[] {
  return db
    .select({ request: revocationRequests, requesterEmail: users.email, deciderEmail: deciders })
    .from(revocationRequests)
    .innerJoin(users, eq(users.id, revocationRequests.requestedBy))
    .where(inArray(revocationRequests.state, [...states]))
    .orderBy(asc(revocationRequests.requestedAt))
    .limit(limit)
    .all()
    .map((r) => ({ ...r.request, requesterEmail: r.requesterEmail, deciderEmail: r.deciderEmail }));
}

export function getRevocationRequestRow(db: Db, id: number): RevocationRequestRow | undefined {
  const row = db
    .select({ request: revocationRequests, requesterEmail: users.email, deciderEmail: deciders })
    .from(revocationRequests)
    .innerJoin(users, eq(users.id, revocationRequests.requestedBy))
    .where(eq(revocationRequests.id, id))
    .get();
  return row ? { ...row.request, requesterEmail: row.requesterEmail, deciderEmail: row.deciderEmail } : undefined;
}

/** The latest decided requests, newest first. */
export function recentRevocationRequests(db: Db, limit = 20): RevocationRequestRow[] {
  return db
    .select({ request: revocationRequests, requesterEmail: users.email, deciderEmail: deciders })
    .from(revocationRequests)
    .innerJoin(users, eq(users.id, revocationRequests.requestedBy))
    .where(inArray(revocationRequests.state, ["approved", "rejected", "withdrawn", "expired", "acknowledged"]))
    .orderBy(desc(revocationRequests.decidedAt))
    .limit(limit)
    .all()
    .map((r) => ({ ...r.request, requesterEmail: r.requesterEmail, deciderEmail: r.deciderEmail }));
}

// Every page's navigation shows this count (db/prepared.ts: why prepared once).
const waitingCount = preparedPerConnection((db) =>
  db
    .select({
      pending: sql<number>`coalesce(sum(${revocationRequests.state} = 'pending' AND ${revocationRequests.expiresAt} > ${sql.placeholder("aliveAt")}), 0)`,
      emergencies: sql<number>`coalesce(sum(${revocationRequests.state} = 'emergency'), 0)`,
    })
    .from(revocationRequests)
    .where(inArray(revocationRequests.state, ["pending", "emergency"]))
    .prepare(),
);

/** How many live requests wait for approval, and how many emergencies for an acknowledgement: one indexed count. */
export function countWaitingRequests(db: Db, aliveAt: string): { pending: number; emergencies: number } {
  const row = waitingCount(db).get({ aliveAt });
  return { pending: row?.pending ?? 0, emergencies: row?.emergencies ?? 0 };
}

/** Pending requests whose time has passed (to be marked expired). */
export function dueRevocationRequests(db: Db | Tx, at: string): RevocationRequest[] {
  return db
    .select()
    .from(revocationRequests)
    .where(and(eq(revocationRequests.state, "pending"), lte(revocationRequests.expiresAt, at)))
    .all();
}

// Read on every view of a certificate: prepared once per connection (db/prepared.ts).
const pendingNaming = preparedPerConnection((db) =>
  db
    .select()
    .from(revocationRequests)
    .where(
      and(
        eq(revocationRequests.state, "pending"),
        gt(revocationRequests.expiresAt, sql.placeholder("aliveAt")),
        sql`EXISTS (SELECT 1 FROM json_each(${revocationRequests.serials}) WHERE json_each.value = ${sql.placeholder("serial")})`,
      ),
    )
    .prepare(),
);

/** The live pending request that names a serial, if any (serials are stored as a JSON array). */
export function pendingRequestForSerial(db: Db | Tx, serial: string, aliveAt: string): RevocationRequest | undefined {
  return pendingNaming(db).get({ serial, aliveAt });
}

/**
 * Whether `requesterId` created or re-enabled account `accountId` since `since`, by the audit
 * log: such an account may not approve that person's requests.
 */
export function accountMadeOrEnabledBy(db: Db | Tx, requesterId: number, accountId: number, since: string): boolean {
  const row = db
    .select({ seq: auditLog.seq })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.actorId, requesterId),
        inArray(auditLog.action, ["user.create", "user.enable"]),
        eq(auditLog.targetType, "user"),
        eq(auditLog.targetId, String(accountId)),
        // "+": kept off audit_log_outcome_at_idx, which would read every success since `since`;
        // the target index finds this one account's entries
        sql`+${auditLog.outcome} = 'succeeded'`,
        gt(auditLog.at, since),
      ),
    )
    .limit(1)
    .get();
  return row !== undefined;
}
