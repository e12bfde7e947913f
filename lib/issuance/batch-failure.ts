/**
 * A create or upload that reached the point of writing its batch row and then failed at
 * Sectigo. The page needs more than the sentence: which batch row now holds the failure
 * (its page offers Retry or the two ways to settle an unknown outcome) and whether Sectigo
 * may have acted. Recognised with `batchSubmitFailure`, never with instanceof.
 */
import "server-only";
import { AppError, hasCode, type AppErrorCode } from "@/lib/errors";
import type { FailureOutcome } from "@/lib/audit/sectigo-call";

export class BatchSubmitError extends AppError {
  override readonly name = "BatchSubmitError";
  constructor(
    base: { code: AppErrorCode; message: string; userMessage: string; cause?: unknown },
    readonly localBatchId: number,
    readonly outcome: FailureOutcome,
  ) {
    super(base.code, base.message, base.userMessage, { cause: base.cause });
  }
}

export interface BatchSubmitFailure {
  message: string;
  localBatchId: number;
  outcome: FailureOutcome;
}

/** The batch row and outcome of a failed create/upload, or null for any other error. */
export function batchSubmitFailure(err: unknown): BatchSubmitFailure | null {
  if (!hasCode(err, "SECTIGO_FAILED")) return null;
  const e = err as DomainErrorWithBatch;
  if (typeof e.localBatchId !== "number" || (e.outcome !== "failed" && e.outcome !== "unknown")) return null;
  return { message: err.userMessage, localBatchId: e.localBatchId, outcome: e.outcome };
}

type DomainErrorWithBatch = { localBatchId?: unknown; outcome?: unknown };
