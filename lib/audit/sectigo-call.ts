/**
 * withSectigoCall: the one wrapper every Sectigo-calling action uses (quality.md S1, S2).
 *
 * 1. Commit the intent (outcome `requested`), with any state the caller writes alongside it
 *    (onIntent, which may also name the target, e.g. the batch row it inserted), in one
 *    immediate transaction. If that fails, the call is NOT made and
 *    AuditUnavailableError is thrown (fail closed).
 * 2. Await the call, outside any transaction.
 * 3. Commit the outcome with intent_seq, together with the caller's state change, in one
 *    immediate transaction: `succeeded` (onSuccess), or `failed` / `unknown` (onFailure).
 *    `unknown` is for errors after which Sectigo may have acted (timeouts, dropped
 *    connections, 5xx); `failed` for definite refusals.
 * If step 3 cannot be committed the intent stays open; start-up recovery resolves it.
 */
import "server-only";
import { writeTx, type Db, type Tx } from "@/db/client";
import type { Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { AuditInputError, AuditOutcomeNotRecordedError, AuditUnavailableError } from "@/lib/audit/errors";
import { scrubText } from "@/lib/audit/redact";
import type { AppendedAudit, AuditActor, AuditDetails, AuditTarget } from "@/lib/audit/types";

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

/** Codes (anywhere in the cause chain) that prove the request never reached Sectigo. */
const NOT_SENT =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT|INVALID_CREDENTIALS|NOT_AUTHENTICATED|NO_CREDENTIALS|CREDENTIALS_MISMATCH|TOKENS_EXPIRED|ENVIRONMENT)$|CERT|TLS|SSL/;
/** Codes after which Sectigo may have acted: lib/sectigo's TIMEOUT, NETWORK, UPSTREAM (5xx), BAD_RESPONSE, and socket errors. */
const MAY_HAVE_ACTED = /^(TIMEOUT|NETWORK|UPSTREAM|BAD_RESPONSE|ECONNRESET|EPIPE|ETIMEDOUT|UND_ERR_SOCKET|UND_ERR_.*TIMEOUT|ABORT_ERR)$/;

function codeOf(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function statusOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown };
  const status = typeof e.status === "number" ? e.status : e.statusCode;
  return typeof status === "number" ? status : undefined;
}

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = err; e !== undefined && e !== null && chain.length < 6; ) {
    chain.push(e);
    e = typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  }
  return chain;
}

/**
 * The default failed/unknown decision. `failed` when the request provably never reached
 * Sectigo (connection refused, DNS, TLS, no valid login) or Sectigo answered with a 4xx;
 * `unknown` after a timeout, a dropped connection, a 5xx or an unreadable reply, when Sectigo
 * may have acted; `failed` for anything else (an error before sending).
 */
export function classifyCallError(err: unknown): FailureOutcome {
  const chain = causeChain(err);
  if (chain.some((e) => NOT_SENT.test(codeOf(e) ?? ""))) return "failed";
  for (const e of chain) {
    const name = e instanceof Error ? e.name : "";
    if (MAY_HAVE_ACTED.test(codeOf(e) ?? "") || name === "AbortError" || name === "TimeoutError") return "unknown";
    const status = statusOf(e);
    if (status !== undefined) return status >= 500 ? "unknown" : "failed";
  }
  return "failed";
}

function failureOf(err: unknown, outcome: FailureOutcome): CallFailure {
  const code = codeOf(err) ?? (err instanceof Error ? err.name : "ERROR");
  const message = scrubText(err instanceof Error ? err.message : String(err)).slice(0, 500);
  const httpStatus = statusOf(err);
  return { outcome, code, message, ...(httpStatus !== undefined ? { httpStatus } : {}), error: err };
}

/** Carries an error thrown by the caller's own callback through the transaction, unchanged. */
class CallerError {
  constructor(readonly error: unknown) {}
}

function callerStep<R>(fn: () => R): R {
  try {
    return fn();
  } catch (err) {
    throw new CallerError(err);
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
    if (err instanceof CallerError) throw err.error;
    if (err instanceof AuditInputError) throw err;
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
            details: { ...(extra ?? {}), errorCode: failure.code, errorMessage: failure.message, httpStatus: failure.httpStatus },
          },
          { clock },
        );
      });
    } catch (recordErr) {
      // The user needs Sectigo's error more than ours; the open intent is reconciled at start.
      console.error(
        `audit: could not record the ${failure.outcome} outcome of ${action} (intent #${intent.seq}): ${
          recordErr instanceof CallerError ? "state change failed" : recordErr instanceof Error ? recordErr.message : "error"
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
    throw new AuditOutcomeNotRecordedError(action, intent.seq, err instanceof CallerError ? err.error : err);
  }
  return result;
}
