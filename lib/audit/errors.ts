/**
 * Typed audit errors. `userMessage` is safe to show in the browser; `message` adds what an
 * operator needs. Neither carries details values, which may be large or sensitive.
 */
import { DomainError, isErrorOfFamily } from "@/lib/errors";

export type AuditErrorCode = "AUDIT_UNAVAILABLE" | "AUDIT_OUTCOME_NOT_RECORDED" | "AUDIT_INVALID_ENTRY";

export class AuditError extends DomainError<AuditErrorCode> {
  readonly family = "audit";
  override readonly name: string = "AuditError";
}

/** Holds across module copies (lib/errors.ts): never `instanceof`. */
export function isAuditError(err: unknown): err is AuditError {
  return isErrorOfFamily<AuditError>(err, "audit");
}

/** The intent could not be committed, so nothing was sent to Sectigo (fail closed, docs/security.md S1). */
export class AuditUnavailableError extends AuditError {
  override readonly name = "AuditUnavailableError";
  constructor(action: string, cause?: unknown) {
    super(
      "AUDIT_UNAVAILABLE",
      `The audit intent for ${action} could not be written (${describe(cause)}); the Sectigo call was not made.`,
      "The audit log could not be written, so nothing was sent to Sectigo. Try again; if it persists, tell an administrator.",
      { cause },
    );
  }
}

/**
 * Sectigo answered, but the outcome (and its state change) could not be committed. The intent
 * stays open and start-up recovery reconciles it with Sectigo.
 */
export class AuditOutcomeNotRecordedError extends AuditError {
  override readonly name = "AuditOutcomeNotRecordedError";
  constructor(action: string, intentSeq: number, cause?: unknown) {
    super(
      "AUDIT_OUTCOME_NOT_RECORDED",
      `Sectigo completed ${action} (intent #${intentSeq}) but its outcome could not be recorded (${describe(cause)}); recovery will reconcile it at the next start.`,
      "Sectigo accepted the request, but the portal could not record the result. Do not repeat it; tell an administrator, who will see it reconciled in the audit log.",
      { cause },
    );
  }
}

/** A programming error: an entry that can never be valid (bad action name, details too large, …). */
export class AuditInputError extends AuditError {
  override readonly name = "AuditInputError";
  constructor(message: string) {
    super("AUDIT_INVALID_ENTRY", message, "The request could not be recorded in the audit log. Tell an administrator.");
  }
}

/** A short description of an underlying error: its code or name, never its values. */
export function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${err.message}` : `${err.name}: ${err.message}`;
  }
  return String(err);
}
