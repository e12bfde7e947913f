/**
 * The one Sectigo call that creates a batch (a single certificate or a CSR upload), for a
 * new batch row or for the retry of a failed one, between its audit intent and outcome.
 *
 * Rules:
 * - The row is written with the intent (a new row, or a failed row taken back to
 *   `submitted` only while it is still failed with no Sectigo id: of two retries at once,
 *   one runs and the other is refused with NOT_RETRYABLE before any call).
 * - `last_error` holds the page's sentence (sectigoFailureMessage), not the internal message.
 * - A failed create forgets its PKCS#12 password (a retry makes a new one); an unknown one
 *   keeps it, because the batch may exist at Sectigo and be linked to this row later.
 * - A Sectigo failure comes back as a BatchSubmitError naming the row, so the page can link
 *   to it (Retry, or the two ways to settle an unknown outcome).
 */
import "server-only";
import { insertBatch, setBatchPassword, updateBatch, updateWaitingBatch, wipeBatchPassword, type NewBatchInput } from "@/db/queries/batches";
import { classifyCallError, withSectigoCall } from "@/lib/audit/sectigo-call";
import type { AuditDetails } from "@/lib/audit/types";
import { AppError } from "@/lib/errors";
import { canonicalBatchStatus } from "@/lib/sectigo/batch-state";
import { isSectigoError } from "@/lib/sectigo/errors";
import type { BatchResponse } from "@/lib/sectigo/schemas";
import { sectigoFailureMessage, type SectigoOperation } from "@/lib/sectigo/user-message";
import { BatchSubmitError } from "./batch-failure";
import type { ActorContext } from "@/lib/domain/context";
import { asUserFacing, sectigoAppError } from "@/lib/domain/errors";

/**
 * A batch row's fields once Sectigo holds the batch (created, or found for an unknown
 * create): due at once, so the poller's first look applies the decision table right away.
 */
export function sectigoBatchFields(sectigoBatchId: number, res: Pick<BatchResponse, "status" | "size" | "rejectReason">, sizeIfUntold: number | null) {
  return {
    sectigoBatchId,
    status: canonicalBatchStatus(res.status),
    state: "processing" as const,
    size: res.size > 0 ? res.size : sizeIfUntold,
    rejectReason: res.rejectReason || null,
    lastError: null,
    nextCheckAt: null,
  };
}

export interface SubmitBatchOptions {
  action: "batch.create" | "csr.upload";
  operation: Extract<SectigoOperation, "create" | "upload">;
  /** for the sentence, e.g. "profile 17" */
  subject?: string;
  details: AuditDetails;
  /** a new row, or the id of a failed row to retry */
  row: { insert: NewBatchInput } | { retry: number };
  /** single certificates: the new password, stored encrypted with the row */
  pkcs12Password?: string;
  /** the size when Sectigo's answer has none */
  size: number;
  call: () => Promise<BatchResponse>;
}

/** A create that failed at Sectigo (refused, or never sent), not settled by anyone. */
export function isRetryableRow(row: { state: string; sectigoBatchId: number | null; resolvedAt: string | null }): boolean {
  return row.state === "errored" && row.sectigoBatchId === null && row.resolvedAt === null;
}

export function notRetryable(batchId: number): AppError {
  return new AppError(
    "NOT_RETRYABLE",
    `batch ${batchId} is not a failed create`,
    `Batch ${batchId} is no longer a failed request: someone retried or settled it meanwhile. Reload the page to see its state.`,
  );
}

/** Runs the create/upload call; returns the local batch id. */
export async function submitBatch(ctx: ActorContext, options: SubmitBatchOptions): Promise<number> {
  let localId = 0;
  const context = { operation: options.operation, ...(options.subject ? { subject: options.subject } : {}) };
  try {
    await withSectigoCall(
      {
        db: ctx.db,
        actor: ctx.actor,
        action: options.action,
        ip: ctx.ip ?? null,
        details: options.details,
        onIntent: (tx) => {
          if ("insert" in options.row) {
            localId = insertBatch(tx, { ...options.row.insert, pkcs12Password: options.pkcs12Password ?? null }).id;
          } else {
            const id = options.row.retry;
            if (!updateWaitingBatch(tx, id, "errored", { state: "submitted", lastError: null, nextCheckAt: null })) throw notRetryable(id);
            if (options.pkcs12Password) setBatchPassword(tx, id, options.pkcs12Password);
            localId = id;
          }
          return {
            target: { type: "batch", id: localId },
            details: { localBatchId: localId, ...("retry" in options.row ? { retryOf: localId } : {}) },
          };
        },
        onSuccess: (tx, res) => {
          const fields = sectigoBatchFields(res.batchId, res, options.size);
          updateBatch(tx, localId, fields);
          return { sectigoBatchId: res.batchId, status: fields.status };
        },
        onFailure: (tx, failure) => {
          const unknown = failure.outcome === "unknown";
          updateBatch(tx, localId, { state: unknown ? "unknown" : "errored", lastError: sectigoFailureMessage(failure.error, context) });
          if (!unknown) wipeBatchPassword(tx, localId);
        },
      },
      options.call,
    );
  } catch (err) {
    if (isSectigoError(err) && localId > 0) {
      const app = sectigoAppError(err, context);
      throw new BatchSubmitError({ code: app.code, message: app.message, userMessage: app.userMessage, cause: err }, localId, classifyCallError(err));
    }
    throw asUserFacing(err, context);
  }
  return localId;
}
