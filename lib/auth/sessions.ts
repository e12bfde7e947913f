/**
 * Server-side session records (docs/security.md S6). The browser's Auth.js cookie is an encrypted
 * JWT that carries only { sid, ep }: a session id and the user's session epoch at sign-in.
 * A session is valid only while ALL of these hold, checked on every request:
 * - its `sessions` row exists and is not ended (logout, disable, role change end it at once);
 * - the user is not disabled and the user's `session_epoch` still equals `ep`;
 * - it is younger than 12 h (absolute) and was seen within the last 30 min (idle).
 * A check that fails for a reason of its own (idle, expired, disabled, epoch) ends the row
 * with that reason, so the record says why the session stopped.
 *
 * `last_seen_at` is written at most once a minute per session (no write per page view), so
 * the idle limit counts from the last recorded minute: a session may end up to one minute
 * before 30 full minutes of inactivity, never after.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { writeTx, type Db, type Tx } from "@/db/client";
import { endOpenSession, endOpenUserSessions, getSessionWithUser, insertSession, setOpenSessionStage, touchOpenSession } from "@/db/queries/sessions";
import type { SessionStage } from "@/db/enums";
import { systemClock, toIso, type Clock } from "@/db/time";
import { isRole, type Role } from "@/lib/auth/rbac";

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

export type SessionEndReason =
  | "logout"
  | "idle"
  | "expired"
  | "disabled"
  | "role-changed"
  | "password-reset"
  | "factors-reset"
  | "epoch";

/** The signed-in person as pages and actions see them. Never holds the password hash. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
  /** only a `full` session may use the portal (see SESSION_STAGES) */
  stage: SessionStage;
  /** when a second factor was last given in this session */
  factorAt: string | null;
}

/** What the session cookie carries. */
export interface SessionClaims {
  sid: string;
  epoch: number;
}

export type SessionCheck =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: SessionEndReason | "unknown" | "ended" };

export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export interface NewSessionInput {
  userId: number;
  ip: string | null;
  userAgent: string | null;
  /** default full */
  stage?: SessionStage;
  /** set when the sign-in itself was a factor (a passkey) */
  factorGiven?: boolean;
}

/** Opens a session row inside the caller's transaction and returns its id. */
export function createSession(tx: Tx, input: NewSessionInput, now: Date): string {
  const id = newSessionId();
  const at = toIso(now);
  insertSession(tx, {
    id,
    userId: input.userId,
    createdAt: at,
    lastSeenAt: at,
    ip: input.ip?.slice(0, 64) ?? null,
    userAgent: input.userAgent?.slice(0, 256) ?? null,
    stage: input.stage ?? "full",
    factorAt: input.factorGiven ? at : null,
  });
  return id;
}

/** A second factor was given in this session: it may use the portal, and step-up counts from now. */
export function markFactorGiven(tx: Tx, sessionId: string, now: Date): boolean {
  return setOpenSessionStage(tx, sessionId, "full", toIso(now));
}

/** Ends one open session. Returns whether a row was ended (false if unknown or already ended). */
export function endSession(db: Db | Tx, sessionId: string, reason: SessionEndReason, now: Date): boolean {
  return endOpenSession(db, sessionId, toIso(now), reason);
}

/** Ends every open session of a user (optionally all but one); returns how many. */
export function endUserSessions(
  tx: Tx,
  userId: number,
  reason: SessionEndReason,
  now: Date,
  options: { except?: string } = {},
): number {
  return endOpenUserSessions(tx, userId, toIso(now), reason, options.except);
}

/**
 * Checks a session against the rules above, ending it when a rule fails and touching
 * `last_seen_at` when it is more than a minute old.
 */
export function checkSession(db: Db, claims: SessionClaims, clock: Clock = systemClock): SessionCheck {
  const row = getSessionWithUser(db, claims.sid);
  if (!row) return { ok: false, reason: "unknown" };
  if (row.endedAt !== null) return { ok: false, reason: "ended" };

  const now = clock();
  const nowMs = now.getTime();
  let reason: SessionEndReason | null = null;
  if (row.disabled) reason = "disabled";
  // A role the code does not know (a damaged row) is treated like a changed epoch.
  else if (row.sessionEpoch !== claims.epoch || !isRole(row.role)) reason = "epoch";
  else if (nowMs - Date.parse(row.createdAt) >= SESSION_ABSOLUTE_MS) reason = "expired";
  else if (nowMs - Date.parse(row.lastSeenAt) >= SESSION_IDLE_MS) reason = "idle";

  if (reason !== null) {
    const why = reason;
    writeTx(db, (tx) => endSession(tx, claims.sid, why, now));
    return { ok: false, reason: why };
  }

  if (nowMs - Date.parse(row.lastSeenAt) >= SESSION_TOUCH_INTERVAL_MS) {
    writeTx(db, (tx) => touchOpenSession(tx, claims.sid, toIso(now)));
  }
  return {
    ok: true,
    user: { id: row.userId, email: row.email, name: row.name, role: row.role, sessionId: claims.sid, stage: row.stage, factorAt: row.factorAt },
  };
}
