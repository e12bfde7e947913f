/** Server-side session rows; the rules that open, check and end them live in lib/auth/sessions.ts. */
import "server-only";
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { sessions, users, type NewSession, type User } from "@/db/schema";
import type { SessionStage } from "@/db/enums";

/** A session with what its check needs to know about its user. */
export interface SessionWithUser extends Pick<User, "email" | "name" | "role" | "disabled" | "sessionEpoch"> {
  createdAt: string;
  lastSeenAt: string;
  endedAt: string | null;
  userId: number;
  stage: SessionStage;
  factorAt: string | null;
}

/** Moves an open session to a stage; a factor given now also sets factor_at. */
export function setOpenSessionStage(tx: Tx, id: string, stage: SessionStage, factorAt?: string): boolean {
  return (
    tx
      .update(sessions)
      .set({ stage, ...(factorAt ? { factorAt } : {}) })
      .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
      .run().changes > 0
  );
}

export function insertSession(tx: Tx, row: Omit<NewSession, "endedAt" | "endReason">): void {
  tx.insert(sessions).values(row).run();
}

export function getSessionWithUser(db: Db | Tx, id: string): SessionWithUser | undefined {
  return db
    .select({
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      endedAt: sessions.endedAt,
      stage: sessions.stage,
      factorAt: sessions.factorAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabled: users.disabled,
      sessionEpoch: users.sessionEpoch,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .get();
}

/** Ends the session if still open; returns whether a row was ended. */
export function endOpenSession(db: Db | Tx, id: string, endedAt: string, endReason: string): boolean {
  const result = db
    .update(sessions)
    .set({ endedAt, endReason })
    .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
    .run();
  return result.changes > 0;
}

/** Ends the user's open sessions (all but `except`, when given); returns how many. */
export function endOpenUserSessions(tx: Tx, userId: number, endedAt: string, endReason: string, except?: string): number {
  const conditions = [eq(sessions.userId, userId), isNull(sessions.endedAt)];
  if (except) conditions.push(ne(sessions.id, except));
  return tx
    .update(sessions)
    .set({ endedAt, endReason })
    .where(and(...conditions))
    .run().changes;
}

/** Moves `last_seen_at` of a session that is still open. */
export function touchOpenSession(tx: Tx, id: string, lastSeenAt: string): void {
  tx.update(sessions)
    .set({ lastSeenAt })
    .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
    .run();
}

/** A user's sessions that are not ended, newest first (the idle and absolute limits are the caller's). */
export function listOpenUserSessions(db: Db | Tx, userId: number): Pick<NewSession, "id" | "createdAt" | "lastSeenAt" | "ip" | "userAgent">[] {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, ip: sessions.ip, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)))
    .orderBy(desc(sessions.createdAt))
    .all();
}
