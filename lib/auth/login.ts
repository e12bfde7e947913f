/**
 * One sign-in attempt, start to finish: throttle, password check, session row, audit.
 * Auth.js's Credentials `authorize` calls this and nothing else decides who gets in.
 *
 * Rules:
 * - Every attempt is audited as `auth.login`: `succeeded`, or `failed` with reason
 *   "bad-credentials" | "throttled" | "disabled". Never the password; the e-mail typed is
 *   recorded only when it looks like an e-mail (a password pasted into the e-mail field
 *   must not land in the log).
 * - The attempt row, the session row, last_login_at and the audit entry commit in ONE
 *   immediate transaction: no session exists without its audit entry, and vice versa.
 * - Unknown e-mails cost one dummy scrypt, and get the same answer as a wrong password.
 * - The right password opens a `full` session only for an account that has no second factor
 *   and whose role need not have one (lib/auth/factor-policy.ts); otherwise the session waits
 *   at stage `factor` (the code is asked next) or `enrol` (a factor must be set up first).
 * - A disabled account with the right password counts as a failure for throttling and is
 *   told it is disabled (only someone who knows the password learns that).
 */
import "server-only";
import { writeTx, type Db, type Tx } from "@/db/client";
import { getLoginUser, updateUser } from "@/db/queries/users";
import { systemClock, toIso, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import type { AuditActor } from "@/lib/audit/types";
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import type { SessionStage } from "@/db/enums";
import { factorRequiredFor } from "@/lib/auth/factor-policy";
import type { Role } from "@/lib/auth/rbac";
import { hasFactor } from "@/lib/auth/factors";
import { createSession, type SessionUser } from "@/lib/auth/sessions";
import { checkThrottle, DEFAULT_THROTTLE, recordAttempt, type ThrottlePolicy } from "@/lib/auth/throttle";

export type LoginFailureReason = "bad-credentials" | "throttled" | "disabled";

export interface LoginInput {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

export type LoginResult =
  | { ok: true; user: SessionUser; epoch: number }
  | { ok: false; reason: LoginFailureReason; retryAfterSeconds?: number };

export interface LoginOptions {
  clock?: Clock;
  throttle?: ThrottlePolicy;
}

export const EMAIL_SHAPE = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The actor of an attempt for the audit log: the account when known, else the e-mail typed. */
function attemptActor(email: string, user: { id: number; role: string } | undefined): AuditActor {
  if (user) return { id: user.id, email, role: user.role };
  return { id: null, email: EMAIL_SHAPE.test(email) ? email : "(not an e-mail address)", role: null };
}

/** Where a right password leads: the second factor, its enrolment, or straight in. */
export function stageAfterPassword(db: Db | Tx, user: { id: number; role: Role }): SessionStage {
  return hasFactor(db, user.id) ? "factor" : factorRequiredFor(db, user.role) ? "enrol" : "full";
}

/**
 * The page after a right password: the second-factor step or its enrolment when the new
 * session waits for one (carrying `next` on), else `next`. Decided as the sign-in did.
 */
export function landingAfterPassword(db: Db, email: string, next: string): string {
  const user = getLoginUser(db, normalizeEmail(email));
  return landingForStage(user ? stageAfterPassword(db, user) : "full", next);
}

/** The page for a new session at `stage`: its step (carrying `next` on), or `next` itself. */
export function landingForStage(stage: SessionStage, next: string): string {
  const carry = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  return stage === "factor" ? `/login/factor${carry}` : stage === "enrol" ? `/login/enrol${carry}` : next;
}

export async function attemptLogin(db: Db, input: LoginInput, options: LoginOptions = {}): Promise<LoginResult> {
  const clock = options.clock ?? systemClock;
  const email = normalizeEmail(input.email).slice(0, 254);
  const address = input.ip ?? "unknown";
  const password = input.password.slice(0, 1024);

  const user = email ? getLoginUser(db, email) : undefined;
  const actor = attemptActor(email, user);
  const target = user ? { type: "user", id: user.id } : null;

  const throttle = checkThrottle(db, email, address, clock(), options.throttle ?? DEFAULT_THROTTLE);
  if (!throttle.allowed) {
    writeTx(db, (tx) =>
      appendAudit(
        tx,
        {
          actor,
          action: "auth.login",
          outcome: "failed",
          target,
          ip: input.ip,
          details: { reason: "throttled", scope: throttle.scope, retryAfterSeconds: throttle.retryAfterSeconds },
        },
        { clock },
      ),
    );
    return { ok: false, reason: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };
  }

  const passwordOk = user ? await verifyPassword(password, user.passwordHash) : await dummyVerify(password);
  const reason: LoginFailureReason | null = !passwordOk ? "bad-credentials" : user?.disabled ? "disabled" : null;

  if (reason !== null || !user) {
    writeTx(db, (tx) => {
      recordAttempt(tx, email, address, false, clock());
      appendAudit(
        tx,
        { actor, action: "auth.login", outcome: "failed", target, ip: input.ip, details: { reason: reason ?? "bad-credentials" } },
        { clock },
      );
    });
    return { ok: false, reason: reason ?? "bad-credentials" };
  }

  const rehash = needsRehash(user.passwordHash) ? await hashPassword(password) : null;
  const { sessionId, stage } = writeTx(db, (tx) => {
    const now = clock();
    // The password alone opens a session only for an account without a factor whose role need
    // not have one; otherwise the session waits for the factor, or for its enrolment.
    const stage = stageAfterPassword(tx, user);
    recordAttempt(tx, email, address, true, now);
    // A session let in on the password alone (no factor to give) counts it as its proof for step-up.
    const sid = createSession(tx, { userId: user.id, ip: input.ip, userAgent: input.userAgent, stage, factorGiven: stage === "full" }, now);
    updateUser(tx, user.id, { lastLoginAt: toIso(now), ...(rehash ? { passwordHash: rehash, updatedAt: toIso(now) } : {}) });
    appendAudit(tx, { actor, action: "auth.login", outcome: "succeeded", target, ip: input.ip, details: stage === "full" ? {} : { next: stage } }, { clock });
    return { sessionId: sid, stage };
  });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionId, stage, factorAt: stage === "full" ? toIso(clock()) : null },
    epoch: user.sessionEpoch,
  };
}
