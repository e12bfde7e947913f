/**
 * The errors the certificate-lifecycle domain (issuance, inventory, revocation) throws.
 *
 * Rules: everything that leaves the domain is an AppError (or another project error with a
 * `code` and a `userMessage`, e.g. the audit's fail-closed AuditUnavailableError); Sectigo
 * errors become AppErrors through lib/sectigo's `userMessage`, lib/pki errors keep their
 * readable messages. No message ever quotes a PKCS#12 password, token or key.
 */
import "server-only";
import { AppError, isUserFacingError, type AppErrorCode } from "@/lib/errors";
import { isPkiError } from "@/lib/pki/errors";
import { isSectigoError } from "@/lib/sectigo/errors";
import { sectigoFailureMessage, type FailureContext } from "@/lib/sectigo/user-message";

/** Field errors keyed by the form field names the pages use. */
export type FieldErrors = Record<string, string[]>;

/**
 * Input a person can fix: `fieldErrors` says which form field is wrong and why
 * (code INVALID_INPUT, like defineAction's own zod failures).
 */
export class InvalidInputError extends AppError {
  override readonly name = "InvalidInputError";
  constructor(
    readonly fieldErrors: FieldErrors,
    userMessage = firstMessage(fieldErrors) ?? "Some fields need attention.",
    /** INVALID_INPUT unless a more specific code helps the caller (e.g. CONFIRMATION_MISMATCH) */
    code: AppErrorCode = "INVALID_INPUT",
  ) {
    super(code, `invalid input: ${Object.keys(fieldErrors).join(", ") || "(form)"}`, userMessage);
  }
}

function firstMessage(fieldErrors: FieldErrors): string | undefined {
  for (const messages of Object.values(fieldErrors)) if (messages[0]) return messages[0];
  return undefined;
}

/** Adds a message to a field of a FieldErrors map (keeps each message once). */
export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

/**
 * A failed Sectigo call as an AppError (code SECTIGO_FAILED, the Sectigo error as `cause`),
 * in the words of the operation the person asked for (lib/sectigo/user-message.ts).
 */
export function sectigoAppError(err: unknown, context: FailureContext): AppError {
  const code = isSectigoError(err) ? err.code : err instanceof Error ? err.name : "ERROR";
  const internal = `${context.operation}${context.subject ? ` ${context.subject}` : ""}: ${code}: ${err instanceof Error ? err.message : String(err)}`;
  return new AppError("SECTIGO_FAILED", internal.slice(0, 500), sectigoFailureMessage(err, context), { cause: err });
}

/** The Sectigo error behind an AppError made by sectigoAppError, or the error itself. */
export function sectigoCause(err: unknown): unknown {
  return isUserFacingError(err) && err.code === "SECTIGO_FAILED" ? (err as Error).cause : err;
}

/**
 * Any error as something a page can show: Sectigo errors are put in the words of the
 * operation, PKI errors keep their readable messages, other project errors (the audit's
 * fail-closed refusal, an AppError) pass through, and anything else is returned as is
 * (defineAction logs it and answers with a generic sentence). Use as `throw asUserFacing(…)`.
 */
export function asUserFacing(err: unknown, context: FailureContext): unknown {
  if (isUserFacingError(err) && !isSectigoError(err)) return err;
  if (isSectigoError(err)) return sectigoAppError(err, context);
  if (isPkiError(err)) return new AppError("INVALID_INPUT", `${context.operation}: ${err.code}`, err.message, { cause: err });
  return err;
}

export function notFound(what: string, userMessageText: string): AppError {
  return new AppError("NOT_FOUND", `${what} not found`, userMessageText);
}
