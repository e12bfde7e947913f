/**
 * The per-action answers to "what became of this request?" for intents a crash left open
 * (docs/security.md S2). Sectigo is the source of truth; each resolver asks it the one question
 * that settles its kind of request and returns the outcome with the local state change that
 * belongs to it (applied by lib/audit in the same transaction as the outcome entry).
 *
 * Rules:
 * - Never `succeeded` without proof from Sectigo: a revocation is succeeded only when find
 *   shows the serial REVOKED; a batch only when Sectigo shows a batch with its id (and name).
 * - `failed` only when Sectigo proves the request had no effect (the serial is there and not
 *   revoked, or unknown to Sectigo; the batch id does not exist).
 * - Anything else — Sectigo errors, requests that cannot be checked — is `unknown`, with a
 *   note that tells an operator what to check. Notes never carry secrets.
 * - Local rows that the intent left pending are closed too (a pending revocation would
 *   otherwise block every later revoke of that serial).
 */
import "server-only";
import { revocationStateOf } from "@/lib/revocation/settle";
import type { Tx } from "@/db/client";
import { getBatch, updateBatch } from "@/db/queries/batches";
import { markCertificateRevoked } from "@/db/queries/certificates";
import { activeRevocation, completeRevocation, getRevocation } from "@/db/queries/revocations";
import { type Batch, type Revocation } from "@/db/types";
import type { IntentResolution, IntentResolver } from "@/lib/audit/recovery";
import type { AuditEntry } from "@/lib/audit/types";
import { canonicalBatchStatus } from "@/lib/sectigo/batch-state";
import type { SectigoClient } from "@/lib/sectigo/client";
import { batchNameOf, localBatchIdOf, revocationIdOf, sectigoBatchIdOf, serialOf } from "@/lib/recovery/intent-fields";

/** The few client calls recovery makes (a fake in tests, the shared SectigoClient in the portal). */
export type RecoveryClient = Pick<SectigoClient, "findCertificate" | "batchDetail">;

export interface ResolverOptions {
  clock?: () => Date;
}

/** Actions that create a batch at Sectigo. */
export const BATCH_CREATING_ACTIONS = ["batch.create", "csr.upload", "batch.upload"] as const;

function errorCode(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : err instanceof Error ? err.name : "ERROR";
}


/** The pending revocation this intent wrote: by the id it recorded, else the serial's pending row. */
function pendingRevocation(tx: Tx, intent: AuditEntry, serial: string): Revocation | undefined {
  const id = revocationIdOf(intent);
  if (id !== null) {
    const row = getRevocation(tx, id);
    return row?.outcome === "pending" ? row : undefined;
  }
  try {
    const row = activeRevocation(tx, serial);
    return row?.outcome === "pending" ? row : undefined;
  } catch {
    return undefined; // a serial the portal cannot normalize has no revocation row either
  }
}

function closeRevocation(intent: AuditEntry, serial: string, outcome: "succeeded" | "failed" | "unknown", note: string, clock: () => Date) {
  return (tx: Tx) => {
    const pending = pendingRevocation(tx, intent, serial);
    if (!pending) return;
    completeRevocation(tx, pending.id, { outcome, error: outcome === "succeeded" ? null : note }, clock);
    if (outcome === "succeeded") {
      markCertificateRevoked(tx, serial, { at: clock(), reasonCode: pending.reasonCode, by: pending.requestedBy });
    }
  };
}

async function resolveRevoke(client: RecoveryClient, intent: AuditEntry, clock: () => Date): Promise<IntentResolution> {
  const serial = serialOf(intent);
  if (!serial) {
    return {
      outcome: "unknown",
      details: { note: "The intent names no serial number, so Sectigo could not be asked. Check the certificate in Sectigo by hand." },
    };
  }
  let found;
  try {
    found = await client.findCertificate({ serialNumber: serial });
  } catch (err) {
    const note = `Asking Sectigo about serial ${serial} failed (${errorCode(err)}). Check the certificate, then revoke it again if it is still valid.`;
    return { outcome: "unknown", details: { serial, errorCode: errorCode(err), note }, apply: closeRevocation(intent, serial, "unknown", note, clock) };
  }
  // The same reading of Sectigo's answer as "Check with Sectigo" on the certificate page.
  const state = revocationStateOf(found.items, serial);
  if (state.kind === "unknown-serial") {
    const note = `Sectigo does not know serial ${serial}, so the revocation did not happen.`;
    return { outcome: "failed", details: { serial, note }, apply: closeRevocation(intent, serial, "failed", note, clock) };
  }
  if (state.kind === "revoked") {
    return {
      outcome: "succeeded",
      details: { serial, sectigoStatus: "REVOKED", note: "Sectigo shows the certificate revoked." },
      apply: closeRevocation(intent, serial, "succeeded", "", clock),
    };
  }
  const note = `Sectigo shows the certificate as ${state.status}, not revoked: the revocation did not happen. Revoke it again if needed.`;
  return { outcome: "failed", details: { serial, sectigoStatus: state.status, note }, apply: closeRevocation(intent, serial, "failed", note, clock) };
}

/** The local batch row this intent inserted, if it is still waiting for its Sectigo id. */
function waitingBatch(tx: Tx, intent: AuditEntry): Batch | undefined {
  const id = localBatchIdOf(intent);
  if (id === null) return undefined;
  const row = getBatch(tx, id);
  const name = batchNameOf(intent);
  if (!row || row.state !== "submitted" || row.sectigoBatchId !== null) return undefined;
  if (name !== null && row.batchName !== name) return undefined;
  return row;
}

function markBatch(intent: AuditEntry, state: "unknown" | "errored", note: string, clock: () => Date) {
  return (tx: Tx) => {
    const row = waitingBatch(tx, intent);
    if (row) updateBatch(tx, row.id, { state, lastError: note }, clock);
  };
}

async function resolveBatchCreate(client: RecoveryClient, intent: AuditEntry, clock: () => Date): Promise<IntentResolution> {
  const batchId = sectigoBatchIdOf(intent);
  const name = batchNameOf(intent);
  if (batchId === null) {
    const note = `Sectigo cannot be searched by batch name, so whether batch "${name ?? "(unnamed)"}" was created is unknown. Look for it in Sectigo before submitting it again.`;
    return { outcome: "unknown", details: { ...(name ? { batchName: name } : {}), note }, apply: markBatch(intent, "unknown", note, clock) };
  }
  try {
    const detail = await client.batchDetail(batchId);
    if (name !== null && detail.batchName !== name) {
      const note = `Sectigo batch ${batchId} is named "${detail.batchName}", not "${name}"; check which batch this request created.`;
      return { outcome: "unknown", details: { sectigoBatchId: batchId, batchName: name, note }, apply: markBatch(intent, "unknown", note, clock) };
    }
    const status = canonicalBatchStatus(detail.status);
    return {
      outcome: "succeeded",
      details: { sectigoBatchId: batchId, status, note: `Sectigo has batch ${batchId}.` },
      apply: (tx) => {
        const row = waitingBatch(tx, intent);
        // `processing` with no next check: the batch poller picks it up at once and applies the decision table.
        if (row) updateBatch(tx, row.id, { sectigoBatchId: batchId, status, state: "processing", nextCheckAt: null }, clock);
      },
    };
  } catch (err) {
    if (errorCode(err) === "NOT_FOUND") {
      const note = `Sectigo has no batch ${batchId}: the request did not create it.`;
      return { outcome: "failed", details: { sectigoBatchId: batchId, note }, apply: markBatch(intent, "errored", note, clock) };
    }
    const note = `Asking Sectigo about batch ${batchId} failed (${errorCode(err)}). Check the batch in Sectigo.`;
    return { outcome: "unknown", details: { sectigoBatchId: batchId, errorCode: errorCode(err), note }, apply: markBatch(intent, "unknown", note, clock) };
  }
}

/** The resolver for lib/audit's resolveDanglingIntents, dispatching on the intent's action. */
export function createRecoveryResolver(client: RecoveryClient, options: ResolverOptions = {}): IntentResolver {
  const clock = options.clock ?? (() => new Date());
  return async (intent) => {
    if (intent.action === "certificate.revoke") return resolveRevoke(client, intent, clock);
    if ((BATCH_CREATING_ACTIONS as readonly string[]).includes(intent.action)) return resolveBatchCreate(client, intent, clock);
    if (intent.action === "batch.download") {
      return {
        outcome: "unknown",
        details: { note: "A download changes nothing at Sectigo; download the batch again if its certificates are missing." },
      };
    }
    if (intent.action === "sectigo.authenticate") {
      return {
        outcome: "unknown",
        details: { note: "A login leaves nothing at Sectigo to check; the portal logs in again whenever it needs to." },
      };
    }
    return {
      outcome: "unknown",
      details: { note: `Recovery has no check for ${intent.action}; confirm in Sectigo what happened.` },
    };
  };
}
