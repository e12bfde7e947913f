/**
 * Step-up (docs/security.md S17): irreversible and account-changing acts — revoking, staff
 * changes, re-authenticating Sectigo, changing one's own factors — need proof of the person,
 * not only their session cookie, given within the last 10 minutes. The proof is a second
 * factor; for an account without one (its role need not have one) it is the password. Signing
 * in gives the proof too: the factor at the second step, or the password of an account without
 * a factor. `defineAction({ stepUp: true })` enforces it on the server.
 */
import "server-only";
import { writeTx, type Db } from "@/db/client";
import { getLoginUser } from "@/db/queries/users";
import { systemClock, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { actorOf } from "@/lib/auth/denials";
import { hasFactor, verifyFactorCode } from "@/lib/auth/factors";
import { hasPasskey, passkeyFailureMessage, verifyPasskeyFactor } from "@/lib/auth/passkeys";
import { verifyPassword } from "@/lib/auth/password";
import type { RelyingParty } from "@/lib/auth/relying-party";
import { markFactorGiven, type SessionUser } from "@/lib/auth/sessions";
import { checkThrottle, DEFAULT_THROTTLE, describeWait, recordAttempt } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";

export { hasFreshProof, STEP_UP_WINDOW_MS } from "@/lib/auth/step-up-window";

/** What the step-up dialog offers this person: a code (app or recovery code) or the password, and whether a passkey. */
export interface StepUpMethods {
  secret: "code" | "password";
  passkey: boolean;
}

export function stepUpMethods(db: Db, userId: number): StepUpMethods {
  return { secret: hasFactor(db, userId) ? "code" : "password", passkey: hasPasskey(db, userId) };
}

/** Step-up with one of the person's passkeys (lib/auth/passkeys.ts), audited like a code. */
export async function stepUpWithPasskey(db: Db, user: SessionUser, response: string, rp: RelyingParty, ip: string | null, clock: Clock = systemClock): Promise<void> {
  const result = await verifyPasskeyFactor(db, user, response, rp, ip, { purpose: "step-up", clock });
  if (!result.ok) throw new AppError("INVALID_INPUT", `step-up passkey refused: ${result.reason}`, passkeyFailureMessage(result.reason, result.retryAfterSeconds));
  writeTx(db, (tx) => markFactorGiven(tx, user.sessionId, clock()));
}

/**
 * Checks the proof (a factor code, or the password for an account without a factor) and, when
 * right, renews the session's proof time. Throttled like sign-in; wrong answers are audited.
 */
export async function stepUp(db: Db, user: SessionUser, proof: string, ip: string | null, clock: Clock = systemClock): Promise<void> {
  const now = clock();
  if (hasFactor(db, user.id)) {
    const result = verifyFactorCode(db, user, proof, ip, { clock, purpose: "step-up" });
    if (!result.ok) {
      throw new AppError(
        "INVALID_INPUT",
        `step-up refused: ${result.reason}`,
        result.reason === "throttled"
          ? `Too many wrong codes. Wait ${describeWait(result.retryAfterSeconds ?? 60)} and try again.`
          : "That code is not right, or it was used already. Type the 6 digits your app shows now, or a recovery code.",
      );
    }
  } else {
    const address = ip ?? "unknown";
    const throttle = checkThrottle(db, user.email, address, now, DEFAULT_THROTTLE);
    const row = getLoginUser(db, user.email);
    const ok = throttle.allowed && row !== undefined && (await verifyPassword(proof.slice(0, 1024), row.passwordHash));
    writeTx(db, (tx) => {
      if (throttle.allowed) recordAttempt(tx, user.email, address, ok, now);
      appendAudit(
        tx,
        { actor: actorOf(user), action: "auth.step-up", outcome: ok ? "succeeded" : "failed", target: { type: "user", id: user.id }, ip, details: { method: "password", ...(ok ? {} : { reason: throttle.allowed ? "bad-password" : "throttled" }) } },
        { clock },
      );
    });
    if (!throttle.allowed) throw new AppError("INVALID_INPUT", "step-up throttled", `Too many failed attempts. Wait ${describeWait(throttle.retryAfterSeconds)} and try again.`);
    if (!ok) throw new AppError("INVALID_INPUT", "step-up: wrong password", "That password is not right.");
  }
  writeTx(db, (tx) => markFactorGiven(tx, user.sessionId, now));
}
