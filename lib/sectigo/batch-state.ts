/**
 * When is a batch done? The "Check" decision table of docs/sectigo-protocol.md §4.2 as one pure
 * function, plus the normalization of the text status (endpoint G). Pure: no I/O.
 *
 * Deviation from Go, on purpose: the real text "Not Acceptable. Status: …" normalizes to
 * `NOT_ACCEPTABLE._STATUS:…`, which Go never matches to its NOT_ACCEPTABLE constant. Here
 * any status starting with NOT_ACCEPTABLE counts as NOT_ACCEPTABLE (the full text is
 * kept in the reason).
 */
import { BATCH_STATUS, type ProcessingInfo } from "./schemas";

/** Go's normalization: trim, upper case, every space → "_" (" Ready for download\n" → READY_FOR_DOWNLOAD). */
export function normalizeBatchStatus(text: string): string {
  return text.trim().toUpperCase().replace(/ /g, "_");
}

/** The status constant a normalized text stands for (see the header for NOT_ACCEPTABLE). */
export function canonicalBatchStatus(status: string): string {
  const normalized = normalizeBatchStatus(status);
  return normalized.startsWith(BATCH_STATUS.NOT_ACCEPTABLE) ? BATCH_STATUS.NOT_ACCEPTABLE : normalized;
}

/** A detail status of COLLECTED or "" says nothing: ask the text status endpoint (docs/sectigo-protocol.md §4.2 step 1). */
export function needsTextStatus(status: string): boolean {
  const s = normalizeBatchStatus(status);
  return s === "" || s === BATCH_STATUS.COLLECTED;
}

export type BatchDecision =
  | { kind: "needs-text-status" }
  | { kind: "wait"; reason: string }
  | { kind: "rejected"; reason: string }
  | { kind: "errored"; reason: string }
  | { kind: "unhandled"; reason: string }
  | { kind: "download"; warning?: string };

export interface DecideOptions {
  /** True when `status` already came from the text endpoint: then never ask for it again. */
  textStatus?: boolean;
}

/**
 * docs/sectigo-protocol.md §4.2, steps 1 and 3–6: wait while anything is active; failures without any
 * success are rejected (a reject reason or REJECTED) or errored; a mixed result
 * downloads with a warning; anything but READY_FOR_DOWNLOAD with successes is
 * "unhandled" (keep waiting, tell a person).
 */
export function decideBatch(
  status: string,
  info: ProcessingInfo,
  rejectReason = "",
  options: DecideOptions = {},
): BatchDecision {
  if (!options.textStatus && needsTextStatus(status)) return { kind: "needs-text-status" };
  const canonical = canonicalBatchStatus(status);
  const ready = canonical === BATCH_STATUS.READY_FOR_DOWNLOAD;
  const counts = `{active ${info.active}, success ${info.success}, failed ${info.failed}}`;

  if (info.active > 0) return { kind: "wait", reason: `awaiting batch processing: ${info.active} still active` };

  let warning: string | undefined;
  if (info.failed > 0) {
    if (info.success > 0 || ready) {
      warning = `${info.failed} certificate(s) of the batch failed and ${info.success} succeeded`;
    } else {
      const said = rejectReason.trim() !== "" ? rejectReason.trim() : `status ${describe(status)}`;
      if (rejectReason.trim() !== "" || canonical === BATCH_STATUS.REJECTED) {
        return { kind: "rejected", reason: `the batch was rejected: ${said}` };
      }
      return { kind: "errored", reason: `the batch failed: ${said}` };
    }
  }

  if (info.success === 0 || !ready) {
    return { kind: "unhandled", reason: `unhandled sectigo state: status ${describe(status)} with ${counts}` };
  }
  return warning === undefined ? { kind: "download" } : { kind: "download", warning };
}

function describe(status: string): string {
  const s = normalizeBatchStatus(status);
  return s === "" ? "(empty)" : s;
}
