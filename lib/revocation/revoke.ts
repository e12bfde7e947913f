/**
 * Revoking one certificate (docs/sectigo-protocol.md §5.2; docs/security.md S2, S8).
 *
 * Rules:
 * - The person confirms by typing the certificate's CN (case and surrounding spaces ignored);
 *   the reason is an RFC 5280 code 0–6 or 8–10.
 * - Already revoked (in the inventory, or a succeeded revocation) → refused, nothing sent.
 *   Expired → allowed, with a warning (a relying party may still check the CRL).
 * - Exactly one revocation per serial: the pending revocation row is written with the audit
 *   intent (a unique index refuses a second one, across processes), and concurrent calls in
 *   this process join the one in flight instead of racing it.
 * - Sectigo is sent the profile the inventory knows for the certificate (else its batch's).
 * - Every outcome leaves a known, audited state: succeeded → certificate revoked + revocation
 *   succeeded; not sent or refused by Sectigo (404, 5xx, …) → failed, in words that say why;
 *   sent with no answer (timeout, dropped connection) → unknown, settled by "Check with
 *   Sectigo", by start-up recovery, and by the next attempt, which asks Sectigo first.
 */
import "server-only";
import type { Db } from "@/db/client";
import { getBatch } from "@/db/queries/batches";
import { getCertificateBySerial, markCertificateRevoked } from "@/db/queries/certificates";
import { activeRevocation, beginRevocation, completeRevocation, listRevocations, isRevocationConflict } from "@/db/queries/revocations";
import type { Certificate } from "@/db/types";
import { toIso } from "@/db/time";
import { withSectigoCall, type FailureOutcome } from "@/lib/audit/sectigo-call";
import { AppError, hasCode } from "@/lib/errors";
import type { ActorContext } from "@/lib/domain/context";
import { InvalidInputError, notFound } from "@/lib/domain/errors";
import { normalizeSerial } from "@/lib/pki/serial";
import { printable } from "@/lib/pki/text-safety";
import { isRevocationReasonCode, revocationReason } from "@/lib/sectigo/reasons";
import { sectigoFailureMessage } from "@/lib/sectigo/user-message";
import { applySettlement, askRevocationState } from "./settle";

export type RevokeOutcome = "revoked" | "already-revoked" | "failed" | "unknown";

export interface RevokeResult {
  serial: string;
  outcome: RevokeOutcome;
  /** one sentence for the person */
  message: string;
  warning?: string;
}

export interface RevokeInput {
  serial: string;
  reasonCode: number;
  /** the certificate's CN, typed by the person */
  confirmation: string;
}

const inFlight = new WeakMap<Db, Map<string, Promise<RevokeResult>>>();

/** Throws InvalidInputError unless the code is one of RFC 5280's codes 0–6, 8–10. */
export function checkReasonCode(reasonCode: number): number {
  if (!isRevocationReasonCode(reasonCode)) {
    throw new InvalidInputError({ reasonCode: ["Pick one of the listed reasons (RFC 5280 codes 0–6 and 8–10)."] });
  }
  return reasonCode;
}

/** The canonical serial, or InvalidInputError. */
export function checkSerial(serial: string): string {
  try {
    return normalizeSerial(serial);
  } catch {
    throw new InvalidInputError({ serial: [`"${printable(String(serial), 40)}" is not a serial number.`] });
  }
}

/** The inventory row of a serial, or AppError NOT_FOUND. */
export function certificateToRevoke(db: Db, serial: string): Certificate {
  const row = getCertificateBySerial(db, serial);
  if (!row) {
    throw notFound(`certificate ${serial}`, `Certificate ${serial} is not in the inventory. Search for it, or ask Sectigo about it first.`);
  }
  return row;
}

function label(cert: Pick<Certificate, "commonName" | "serial">): string {
  return `${printable(cert.commonName, 80)} (serial ${cert.serial})`;
}

function alreadyRevoked(cert: Certificate, note = "nothing was sent to Sectigo"): RevokeResult {
  const since = cert.revokedAt ? ` since ${cert.revokedAt.slice(0, 16).replace("T", " ")} UTC` : "";
  return { serial: cert.serial, outcome: "already-revoked", message: `Certificate ${label(cert)} is already revoked${since}; ${note}.` };
}

function profileFor(db: Db, cert: Certificate): number {
  if (cert.profileId !== null) return cert.profileId;
  const batch = cert.batchId !== null ? getBatch(db, cert.batchId) : undefined;
  if (batch?.profileId != null) return batch.profileId;
  throw new AppError(
    "PROFILE_UNKNOWN",
    `no profile known for certificate ${cert.serial}`,
    `The portal does not know which profile issued certificate ${label(cert)} (it knows it only from a Sectigo find), and Sectigo needs the profile to revoke it. Revoke it in Sectigo, or with the CLI: sectigo revoke -p <profile> -r <reason> -s ${cert.serial}.`,
  );
}

function expiryWarning(cert: Certificate, now: Date): string | undefined {
  if (cert.notAfter === null || cert.notAfter >= toIso(now)) return undefined;
  return `This certificate expired on ${cert.notAfter.slice(0, 10)}; revoking it still puts it on the CRL.`;
}

/**
 * After an attempt whose answer was lost (outcome unknown), ask Sectigo first and settle
 * that attempt (settle.ts): if Sectigo shows the certificate revoked, record that instead of
 * revoking again; if it shows it not revoked, close the lost attempt as failed and go on.
 * Null when a revoke should be sent (also when Sectigo cannot be asked: a repeated revoke
 * is harmless, Sectigo answers it with success).
 */
async function revokedMeanwhile(ctx: ActorContext, cert: Certificate): Promise<RevokeResult | null> {
  const last = listRevocations(ctx.db, { serial: cert.serial, limit: 1 })[0];
  if (last?.outcome !== "unknown") return null;
  let state;
  try {
    state = await askRevocationState(ctx.client, cert.serial);
  } catch {
    return null;
  }
  applySettlement(ctx, cert, last, state);
  if (state.kind !== "revoked") return null;
  return alreadyRevoked(cert, "an earlier request whose answer was lost took effect, and the inventory now shows it");
}

/** Extra facts for the revocation's audit intent, e.g. the approved request it carries out. */
export type RevocationLink = Record<string, string | number | boolean>;

async function attempt(ctx: ActorContext, cert: Certificate, reasonCode: number, link: RevocationLink = {}): Promise<RevokeResult> {
  if (cert.status === "revoked") return alreadyRevoked(cert);
  const active = activeRevocation(ctx.db, cert.serial);
  if (active?.outcome === "succeeded") return alreadyRevoked(cert);
  const profileId = profileFor(ctx.db, cert);
  const now = new Date();
  const warning = expiryWarning(cert, now);
  const meanwhile = await revokedMeanwhile(ctx, cert);
  if (meanwhile) return meanwhile;

  const reason = revocationReason(reasonCode);
  let revocationId = 0;
  // Set by onFailure: which outcome withSectigoCall recorded for a failed call.
  const recorded: { failure: FailureOutcome | null } = { failure: null };
  const base = { serial: cert.serial, ...(warning ? { warning } : {}) };
  try {
    await withSectigoCall(
      {
        db: ctx.db,
        actor: ctx.actor,
        action: "certificate.revoke",
        target: { type: "certificate", id: cert.serial },
        ip: ctx.ip ?? null,
        details: {
          serial: cert.serial,
          commonName: cert.commonName,
          reasonCode,
          reasonLabel: reason?.label ?? null,
          profileId,
          expired: warning !== undefined,
          ...link,
        },
        onIntent: (tx) => {
          revocationId = beginRevocation(tx, { serial: cert.serial, reasonCode, requestedBy: ctx.actor.id }).id;
          return { details: { revocationId } };
        },
        onSuccess: (tx) => {
          markCertificateRevoked(tx, cert.serial, { at: new Date(), reasonCode, by: ctx.actor.id });
          completeRevocation(tx, revocationId, { outcome: "succeeded" });
        },
        onFailure: (tx, f) => {
          recorded.failure = f.outcome;
          completeRevocation(tx, revocationId, { outcome: f.outcome, error: f.message });
        },
      },
      () => ctx.client.revokeCertificate(profileId, reasonCode, cert.serial),
    );
  } catch (err) {
    if (isRevocationConflict(err)) {
      if (err.code === "ALREADY_REVOKED") return alreadyRevoked(cert);
      return { ...base, outcome: "failed", message: `A revocation of ${label(cert)} is already in progress; wait for its result, then reload.` };
    }
    if (hasCode(err, "AUDIT_OUTCOME_NOT_RECORDED")) return { ...base, outcome: "unknown", message: err.userMessage };
    if (recorded.failure === null) throw err; // not sent (audit fail-closed, or a bug): the caller shows its message
    const message = sectigoFailureMessage(err, { operation: "revoke", subject: `serial ${cert.serial}` });
    return { ...base, outcome: recorded.failure, message };
  }
  return {
    ...base,
    outcome: "revoked",
    message: `Certificate ${label(cert)} is revoked (${reason?.label ?? `reason ${reasonCode}`}, code ${reasonCode}).`,
  };
}

/**
 * Revokes one certificate already checked by the caller, joining a revocation of the same
 * serial that is in flight in this process.
 */
export function revokeChecked(ctx: ActorContext, cert: Certificate, reasonCode: number, link?: RevocationLink): Promise<RevokeResult> {
  let running = inFlight.get(ctx.db);
  if (!running) inFlight.set(ctx.db, (running = new Map()));
  const leader = running.get(cert.serial);
  if (leader) {
    return leader.then((r) =>
      r.outcome === "revoked"
        ? { serial: r.serial, outcome: "already-revoked", message: `Certificate ${label(cert)} was revoked moments ago by another request; nothing more was sent to Sectigo.` }
        : r,
    );
  }
  const map = running;
  const pass = attempt(ctx, cert, reasonCode, link).finally(() => map.delete(cert.serial));
  map.set(cert.serial, pass);
  return pass;
}

export async function revokeCertificate(ctx: ActorContext, input: RevokeInput): Promise<RevokeResult> {
  const reasonCode = checkReasonCode(input.reasonCode);
  const cert = certificateToRevoke(ctx.db, checkSerial(input.serial));
  const typed = (input.confirmation ?? "").trim().toLowerCase();
  if (typed !== cert.commonName.trim().toLowerCase()) {
    throw new InvalidInputError(
      { confirmation: [`Type the certificate's common name, ${printable(cert.commonName, 80)}, to confirm.`] },
      `The confirmation does not match: type the certificate's common name, ${printable(cert.commonName, 80)}.`,
      "CONFIRMATION_MISMATCH",
    );
  }
  return revokeChecked(ctx, cert, reasonCode);
}
