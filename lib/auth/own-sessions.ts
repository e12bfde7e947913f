/**
 * A person's own sessions, for the Account page (docs/security.md S6): which browsers are
 * signed in to their account, and signing one of them, or all, out. Nobody sees or ends
 * another person's sessions here (an administrator ends them by disabling the account or
 * resetting its password).
 *
 * The browser never gets a session id (the cookie's secret half): each session is named by
 * a reference, a hash of its id.
 */
import "server-only";
import { createHash } from "node:crypto";
import { writeTx, type Db } from "@/db/client";
import { listOpenUserSessions } from "@/db/queries/sessions";
import { systemClock, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { AppError } from "@/lib/errors";
import { actorOf } from "@/lib/auth/denials";
import { describeDevice } from "@/lib/auth/device";
import { endSession, endUserSessions, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, type SessionUser } from "@/lib/auth/sessions";

export interface OwnSession {
  /** names the session without revealing its id */
  ref: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  /** "Chrome on Linux" */
  device: string;
  userAgent: string | null;
  /** the session of the browser asking */
  current: boolean;
}

export function sessionRef(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url").slice(0, 22);
}

/** The user's sessions that still count (open, within the idle and absolute limits): this one, then the newest. */
export function ownSessions(db: Db, user: SessionUser, clock: Clock = systemClock): OwnSession[] {
  const now = clock().getTime();
  return listOpenUserSessions(db, user.id)
    .filter((s) => now - Date.parse(s.createdAt) < SESSION_ABSOLUTE_MS && now - Date.parse(s.lastSeenAt) < SESSION_IDLE_MS)
    .map((s) => ({
      ref: sessionRef(s.id),
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      ip: s.ip ?? null,
      device: describeDevice(s.userAgent ?? null),
      userAgent: s.userAgent ?? null,
      current: s.id === user.sessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** Signs out one other browser of the user's. Returns its device name for the confirmation. */
export function endOwnSession(db: Db, user: SessionUser, ref: string, ip: string | null, clock: Clock = systemClock): string {
  return writeTx(db, (tx) => {
    const target = listOpenUserSessions(tx, user.id).find((s) => sessionRef(s.id) === ref);
    if (!target) {
      throw new AppError("NOT_FOUND", `no open session ${ref} of user ${user.id}`, "That session has already ended. The list below is up to date.");
    }
    if (target.id === user.sessionId) {
      throw new AppError("INVALID_INPUT", "asked to end the current session by reference", "This is the session you are using: sign out with the button at the top of the page.");
    }
    const device = describeDevice(target.userAgent ?? null);
    endSession(tx, target.id, "logout", clock());
    appendAudit(
      tx,
      { actor: actorOf(user), action: "auth.session.end", outcome: "succeeded", target: { type: "user", id: user.id }, ip, details: { session: ref, device, sessionIp: target.ip ?? null } },
      { clock },
    );
    return device;
  });
}

/** Ends every session of the user, this one included. Returns how many were open. */
export function endAllOwnSessions(db: Db, user: SessionUser, ip: string | null, clock: Clock = systemClock): number {
  return writeTx(db, (tx) => {
    const ended = endUserSessions(tx, user.id, "logout", clock());
    appendAudit(tx, { actor: actorOf(user), action: "auth.logout.everywhere", outcome: "succeeded", target: { type: "user", id: user.id }, ip, details: { sessions: ended } }, { clock });
    return ended;
  });
}
