/**
 * Signing out: the session row is ended (reason "logout") and `auth.logout` is audited in one
 * transaction, before Auth.js clears the cookie. Ending the row is what makes a copied cookie
 * worthless afterwards; clearing the cookie alone would not.
 */
import "server-only";
import { writeTx, type Db } from "@/db/client";
import { systemClock, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { actorOf } from "@/lib/auth/denials";
import { endSession, type SessionUser } from "@/lib/auth/sessions";

export function endSessionForLogout(db: Db, user: SessionUser, ip: string | null, clock: Clock = systemClock): boolean {
  return writeTx(db, (tx) => {
    const ended = endSession(tx, user.sessionId, "logout", clock());
    if (ended) {
      appendAudit(tx, { actor: actorOf(user), action: "auth.logout", outcome: "succeeded", target: { type: "user", id: user.id }, ip }, { clock });
    }
    return ended;
  });
}
