/**
 * Settling a revocation whose answer was lost: Sectigo's find is the source of truth.
 *
 * Rules (the same as start-up recovery's for a dangling revoke, lib/recovery/resolvers.ts):
 * - succeeded only with proof: find shows the serial REVOKED. The inventory then marks the
 *   certificate revoked with the reason and requester of the lost request, and that
 *   revocation row becomes `succeeded` (still at most one active revocation per serial);
 * - failed when find shows the serial in any other state, or does not know it: the request
 *   had no effect, and the certificate may be revoked again;
 * - when Sectigo cannot be asked, nothing changes (the caller says so).
 * Each settlement is audited as `certificate.revoke` with outcome `info` (it closes no
 * intent: the lost request's own intent already has its `unknown` outcome), naming the
 * revocation it settles and the actor who asked.
 */
import "server-only";
import { writeTx } from "@/db/client";
import { markCertificateRevoked } from "@/db/queries/certificates";
import { isRevocationConflict, settleUnknownRevocation } from "@/db/queries/revocations";
import type { Certificate, Revocation } from "@/db/types";
import { appendAudit, recordAudit } from "@/lib/audit/append";
import type { AuditDetails, AuditEntryInput } from "@/lib/audit/types";
import type { ActorContext } from "@/lib/domain/context";
import { normalizeSerial } from "@/lib/pki/serial";
import { normalizeBatchStatus } from "@/lib/sectigo/batch-state";
import type { SectigoClient } from "@/lib/sectigo/client";
import { isSectigoError } from "@/lib/sectigo/errors";
import type { FoundCertificate } from "@/lib/sectigo/schemas";

/** What Sectigo's find says about one serial. */
export type SectigoRevocationState =
  | { kind: "revoked" }
  | { kind: "not-revoked"; status: string }
  | { kind: "unknown-serial" };

function sameSerial(a: string, b: string): boolean {
  try {
    return normalizeSerial(a) === normalizeSerial(b);
  } catch {
    return a.trim().toUpperCase() === b.trim().toUpperCase();
  }
}

/** The state of `serial` among find's items (pure; start-up recovery can share it). */
export function revocationStateOf(items: readonly FoundCertificate[], serial: string): SectigoRevocationState {
  const item = items.find((i) => sameSerial(i.serialNumber, serial));
  if (!item) return { kind: "unknown-serial" };
  const status = normalizeBatchStatus(item.status);
  return status === "REVOKED" ? { kind: "revoked" } : { kind: "not-revoked", status: status || "(no status)" };
}

/** Asks Sectigo's find about one serial. Throws the client's error when Sectigo cannot be asked. */
export async function askRevocationState(client: Pick<SectigoClient, "findCertificate">, serial: string): Promise<SectigoRevocationState> {
  const found = await client.findCertificate({ serialNumber: serial });
  return revocationStateOf(found.items, serial);
}

export const NOT_REVOKED_NOTE = "Sectigo did not revoke it; you can revoke it again.";

export interface Settlement {
  state: SectigoRevocationState;
  /** what the revocation row became; null when it was settled elsewhere meanwhile */
  settled: "succeeded" | "failed" | null;
  /** one sentence about what Sectigo showed */
  note: string;
}

function noteFor(state: SectigoRevocationState, serial: string): string {
  switch (state.kind) {
    case "revoked":
      return "Sectigo shows the certificate revoked: the request whose answer was lost took effect.";
    case "not-revoked":
      return `Sectigo shows the certificate as ${state.status}, not revoked. ${NOT_REVOKED_NOTE}`;
    case "unknown-serial":
      return `Sectigo does not know serial ${serial}, so the revocation did not happen.`;
  }
}

/**
 * Records what Sectigo showed about an unknown revocation: state change and audit entry in
 * one transaction.
 */
export function applySettlement(ctx: ActorContext, cert: Certificate, unknown: Revocation, state: SectigoRevocationState): Settlement {
  const note = noteFor(state, cert.serial);
  const settled = writeTx(ctx.db, (tx) => {
    let outcome: Settlement["settled"] = null;
    if (state.kind === "revoked") {
      markCertificateRevoked(tx, cert.serial, { at: new Date(), reasonCode: unknown.reasonCode, by: unknown.requestedBy });
      try {
        if (settleUnknownRevocation(tx, unknown.id, { outcome: "succeeded" })) outcome = "succeeded";
      } catch (err) {
        // Another revocation of the serial is pending or succeeded: that one stands.
        if (!isRevocationConflict(err)) throw err;
      }
    } else if (settleUnknownRevocation(tx, unknown.id, { outcome: "failed", error: note })) {
      outcome = "failed";
    }
    appendAudit(
      tx,
      findCheckEntry(ctx, cert, unknown, {
        sectigoStatus: state.kind === "revoked" ? "REVOKED" : state.kind === "not-revoked" ? state.status : null,
        settled: outcome,
        note,
      }),
    );
    return outcome;
  });
  return { state, settled, note };
}

/** Audits a check that could not ask Sectigo (nothing changed), then lets the caller word it. */
export function recordUnansweredCheck(ctx: ActorContext, cert: Certificate, unknown: Revocation, err: unknown): void {
  recordAudit(
    ctx.db,
    findCheckEntry(ctx, cert, unknown, {
      settled: null,
      errorCode: isSectigoError(err) ? err.code : err instanceof Error ? err.name : "ERROR",
      reached: isSectigoError(err) ? err.reached : undefined,
      note: "Sectigo could not be asked; the revocation stays unknown.",
    }),
  );
}

/** The audit entry of a check with Sectigo's find about an unknown revocation (it changes no outcome by itself). */
function findCheckEntry(ctx: ActorContext, cert: Certificate, unknown: Revocation, details: AuditDetails): AuditEntryInput {
  return {
    actor: ctx.actor,
    action: "certificate.revoke",
    outcome: "info",
    target: { type: "certificate", id: cert.serial },
    ip: ctx.ip ?? null,
    details: { serial: cert.serial, revocationId: unknown.id, check: "find", ...details },
  };
}
