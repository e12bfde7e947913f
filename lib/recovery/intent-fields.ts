/**
 * What recovery reads from a dangling intent: the serial of a revocation, the Sectigo and
 * local ids and the name of a batch. Intents are written by other modules, so each field is
 * looked for under the names they use (details first, then the target) and anything of the
 * wrong shape counts as absent — recovery then records `unknown` rather than guessing.
 *
 * The names read, for modules that write intents:
 * - certificate.revoke: details.serial | details.serialNumber, else target { type: "certificate", id: serial };
 *   details.revocationId names the pending revocation row (else the serial's pending row is used)
 * - batch.create / csr.upload / batch.upload: target { type: "batch", id: <local batches.id> }
 *   or details.localBatchId; details.batchName; details.sectigoBatchId | details.batchId once known
 */
import type { AuditEntry } from "@/lib/audit/types";

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function positiveInt(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,15}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function serialOf(intent: AuditEntry): string | null {
  const fromDetails = text(intent.details.serial) ?? text(intent.details.serialNumber);
  if (fromDetails) return fromDetails;
  return intent.target?.type === "certificate" ? text(intent.target.id) : null;
}

/** The batch's id at Sectigo, when the intent already knew it (e.g. a download). */
export function sectigoBatchIdOf(intent: AuditEntry): number | null {
  return positiveInt(intent.details.sectigoBatchId) ?? positiveInt(intent.details.batchId);
}

/** The portal's own batch row the intent was written with. */
export function localBatchIdOf(intent: AuditEntry): number | null {
  const fromDetails = positiveInt(intent.details.localBatchId);
  if (fromDetails) return fromDetails;
  return intent.target?.type === "batch" ? positiveInt(intent.target.id) : null;
}

export function batchNameOf(intent: AuditEntry): string | null {
  return text(intent.details.batchName);
}

/** The revocations row the intent inserted, when it says so. */
export function revocationIdOf(intent: AuditEntry): number | null {
  return positiveInt(intent.details.revocationId);
}
