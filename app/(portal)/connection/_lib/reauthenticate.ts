/**
 * "Re-authenticate" on the connection page: a new password login to Sectigo, even while the
 * tokens are valid, recorded as `sectigo.authenticate` (requested, then succeeded / failed /
 * unknown) through withSectigoCall, so it cannot happen unrecorded (fail closed).
 *
 * Rule: the result names times and the audit entry, never a token or the password.
 */
import "server-only";
import type { Db } from "@/db/client";
import { isAuditError, listAudit, withSectigoCall, type AuditActor } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import type { CredentialsState, SectigoClient } from "@/lib/sectigo";
import { sectigoFailureMessage } from "@/lib/sectigo/user-message";
import { credentialsWords, type CredentialsWords } from "./credentials-words";

export interface ReauthenticateResult {
  credentials: CredentialsWords;
  /** the seq of the `sectigo.authenticate` outcome entry */
  auditSeq: number | null;
}

export interface ReauthenticateInput {
  db: Db;
  actor: AuditActor;
  ip: string | null;
  endpoint: string;
  client: Pick<SectigoClient, "authenticate" | "credentialsState">;
  now?: () => Date;
}

export async function reauthenticate(input: ReauthenticateInput): Promise<ReauthenticateResult> {
  const { db, actor, ip, endpoint, client } = input;
  let state: CredentialsState;
  try {
    state = await withSectigoCall(
      {
        db,
        actor,
        ip,
        action: "sectigo.authenticate",
        target: { type: "sectigo", id: endpoint },
        details: { endpoint, reason: "re-authenticate requested on the Sectigo connection page" },
        resultDetails: (s: CredentialsState) => ({
          subject: s.subject ?? null,
          expiresAt: s.expiresAt?.toISOString() ?? null,
          refreshBy: s.refreshBy?.toISOString() ?? null,
        }),
      },
      async () => {
        await client.authenticate();
        return client.credentialsState();
      },
    );
  } catch (err) {
    if (isAuditError(err)) throw err;
    throw new AppError(
      "SECTIGO_LOGIN_FAILED",
      `re-authentication at ${endpoint} failed`,
      // The outcome (failed, or unknown when the login left and no answer came back) is
      // recorded by withSectigoCall from the error's `reached`; the words follow the same fact.
      `${sectigoFailureMessage(err, { operation: "login" })} The attempt is in the audit log.`,
      { cause: err },
    );
  }
  const [outcome] = listAudit(db, { action: "sectigo.authenticate", actor: actor.email }, { limit: 1 }).entries;
  return { credentials: credentialsWords(state, (input.now ?? (() => new Date()))()), auditSeq: outcome?.seq ?? null };
}
