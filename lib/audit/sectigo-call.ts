/**
 * withSectigoCall: the one wrapper every Sectigo-calling action uses (docs/security.md S1, S2).
 *
 * 1. Commit the intent (outcome `requested`), with any state the caller writes alongside it
 *    (onIntent, which may also name the target, e.g. the batch row it inserted), in one
 *    immediate transaction. If that fails, the call is NOT made and
 *    AuditUnavailableError is thrown (fail closed).
 * 2. Await the call, outside any transaction.
 * 3. Commit the outcome with intent_seq, together with the caller's state change, in one
 *    immediate transaction: `succeeded` (onSuccess), or `failed` / `unknown` (onFailure).
 *    `unknown` when the request reached Sectigo and no readable answer came back (Sectigo
 *    may have acted); `failed` when it was never sent or Sectigo answered with an error.
 * If step 3 cannot be committed the intent stays open; start-up recovery resolves it.
 */
import "server-only";
import { writeTx, type Db, type Tx } from "@/db/client";
import type { Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { AuditOutcomeNotRecordedError, AuditUnavailableError } from "@/lib/audit/errors";
import { errorLogLine, scrubText } from "@/lib/audit/redact";
import type { AppendedAudit, AuditActor, AuditDetails, AuditTarget } from "@/lib/audit/types";
import { hasCode } from "@/lib/errors";
import { isApiError, isSectigoError, type Reached } from "@/lib/sectigo/errors";

export type FailureOutcome = "failed" | "unknown";

export interface IntentAddition {
  /** replaces the target given in the options (for the intent and its outcome) */
  target?: AuditTarget;
  /** merged into the intent's details */
  details?: AuditDetails;
}

export interface CallFailure {
  outcome: FailureOutcome;
  /** the error's code (e.g. SECTIGO_TIMEOUT) or name */
  code: string;
  /** scrubbed, shortened message */
  message: string;
  /** the HTTP status Sectigo answered with, when it answered */
  httpStatus?: number;
  /** whether the request reached Sectigo (a Sectigo error's own field) */
  reached?: Reached;
  error: unknown;
}

export interface SectigoCallOptions<T> {
  db: Db;
  actor: AuditActor;
  /** e.g. `certificate.revoke`, `batch.create` */
  action: string;
  target?: AuditTarget | null;
  ip?: string | null;
  /** details of the intent (scrubbed) */
  details?: AuditDetails;
  /**
   * State written in the intent's transaction, before the intent entry (e.g. the batch row,
   * the pending revocation). It may return the target and details the entry should carry —
   * say, the id of the row it just inserted. Throwing aborts: no intent, no call.
   */
  onIntent?: (tx: Tx) => IntentAddition | void;
  /** State change committed with the `succeeded` outcome; may return details to add to it. */
  onSuccess?: (tx: Tx, result: T, intent: AppendedAudit) => AuditDetails | void;
  /** State change committed with a `failed`/`unknown` outcome; may return details to add to it. */
  onFailure?: (tx: Tx, failure: CallFailure, intent: AppendedAudit) => AuditDetails | void;
  /** Details of the `succeeded` entry taken from the result (keep it small; it is scrubbed). */
  resultDetails?: (result: T) => AuditDetails;
  /** Override the failed/unknown decision for this call. */
  classifyError?: (err: unknown) => FailureOutcome;
  clock?: Clock;
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The failed/unknown decision, from the one fact that settles it: whether the request
 * reached Sectigo, as the transport recorded it on the error (lib/sectigo/errors.ts).
 * Not sent, or answered with an error → `failed`: Sectigo did not act. Sent with no
 * readable answer (timeout, dropped connection, an unreadable success reply) → `unknown`:
 * Sectigo may have acted. An error that is not the client's own was raised on this side,
 * around the call, so Sectigo was told nothing it could act on → `failed`.
 */
export function classifyCallError(err: unknown): FailureOutcome {
  return isSectigoError(err) && err.reached === "no-answer" ? "unknown" : "failed";
}

function httpStatusOf(err: unknown): number | undefined {
  if (isApiError(err)) return err.httpStatus;
  return isSectigoError(err) && err.reached === "answered" ? err.status : undefined;
}

function failureOf(err: unknown, outcome: FailureOutcome): CallFailure {
  const code = codeOf(err) ?? (err instanceof Error ? err.name : "ERROR");
  const message = scrubText(err instanceof Error ? err.message : String(err)).slice(0, 500);
  const httpStatus = httpStatusOf(err);
  const reached = isSectigoError(err) ? err.reached : undefined;
  return { outcome, code, message, ...(httpStatus !== undefined ? { httpStatus } : {}), ...(reached ? { reached } : {}), error: err };
}

/** Carries an error thrown by the caller's own callback through the transaction, unchanged. */
class CallerThrew {
  constructor(readonly error: unknown) {}
}

function callerStep<R>(fn: () => R): R {
  try {
    return fn();
  } catch (err) {
    throw new CallerThrew(err);
  }
}

/** Runs `call` between a committed intent and a committed outcome; returns its result. */
export async function withSectigoCall<T>(options: SectigoCallOptions<T>, call: () => Promise<T>): Promise<T> {
  const { db, actor, action, ip = null, clock } = options;
  let target = options.target ?? null;

  let intent: AppendedAudit;
  try {
    intent = writeTx(db, (tx) => {
      const added = options.onIntent ? callerStep(() => options.onIntent?.(tx)) : undefined;
      if (added?.target) target = added.target;
      const details = { ...(options.details ?? {}), ...(added?.details ?? {}) };
      return appendAudit(tx, { actor, action, target, ip, outcome: "requested", details }, { clock });
    });
  } catch (err) {
    if (err instanceof CallerThrew) throw err.error;
    if (hasCode(err, "AUDIT_INVALID_ENTRY")) throw err;
    throw new AuditUnavailableError(action, err);
  }

  let result: T;
  try {
    result = await call();
  } catch (err) {
    const failure = failureOf(err, (options.classifyError ?? classifyCallError)(err));
    try {
      writeTx(db, (tx) => {
        const extra = options.onFailure ? callerStep(() => options.onFailure?.(tx, failure, intent)) : undefined;
        appendAudit(
          tx,
          {
            actor,
            action,
            target,
            ip,
            outcome: failure.outcome,
            intentSeq: intent.seq,
            details: {
              ...(extra ?? {}),
              errorCode: failure.code,
              errorMessage: failure.message,
              httpStatus: failure.httpStatus,
              reached: failure.reached,
            },
          },
          { clock },
        );
      });
    } catch (recordErr) {
      // The user needs Sectigo's error more than ours; the open intent is reconciled at start.
      console.error(
        `audit: could not record the ${failure.outcome} outcome of ${action} (intent #${intent.seq}): ${
          recordErr instanceof CallerThrew ? "state change failed" : errorLogLine(recordErr)
        }`,
      );
    }
    throw err;
  }

  try {
    writeTx(db, (tx) => {
      const extra = options.onSuccess ? callerStep(() => options.onSuccess?.(tx, result, intent)) : undefined;
      const fromResult = options.resultDetails ? callerStep(() => options.resultDetails?.(result)) : undefined;
      appendAudit(
        tx,
        { actor, action, target, ip, outcome: "succeeded", intentSeq: intent.seq, details: { ...(fromResult ?? {}), ...(extra ?? {}) } },
        { clock },
      );
    });
  } catch (err) {
    throw new AuditOutcomeNotRecordedError(action, intent.seq, err instanceof CallerThrew ? err.error : err);
  }
  return result;
}
