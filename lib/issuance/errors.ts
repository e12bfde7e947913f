/**
 * The errors the certificate-lifecycle domain (issuance, inventory, revocation) throws.
 *
 * Rules: everything that leaves the domain is an AppError (or another project error with a
 * `code` and a `userMessage`, e.g. the audit's fail-closed AuditUnavailableError); Sectigo
 * errors become AppErrors through lib/sectigo's `userMessage`, lib/pki errors keep their
 * readable messages. No message ever quotes a PKCS#12 password, token or key.
 */
import "server-only";
import { AppError, isUserFacingError } from "@/lib/errors";
import { isPkiError } from "@/lib/pki";
import { isSectigoError, userMessage } from "@/lib/sectigo";

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
    code = "INVALID_INPUT",
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

/** A Sectigo error as an AppError, code `SECTIGO_<code>`, message for a person from userMessage. */
export function sectigoAppError(err: unknown, doing: string): AppError {
  const code = isSectigoError(err) ? `SECTIGO_${err.code}` : "SECTIGO_ERROR";
  const internal = `${doing}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
  return new AppError(code, internal.slice(0, 500), userMessage(err), { cause: err });
}

/**
 * Any error as something a page can show: project errors with a code and userMessage pass
 * through; Sectigo and PKI errors are converted; anything else is rethrown as is (defineAction
 * logs it and answers with a generic sentence).
 */
export function asUserFacing(err: unknown, doing: string): unknown {
  if (err instanceof AppError || isUserFacingError(err)) return err;
  if (isSectigoError(err)) return sectigoAppError(err, doing);
  if (isPkiError(err)) return new AppError("INVALID_INPUT", `${doing}: ${err.code}`, err.message, { cause: err });
  return err;
}

export function notFound(what: string, userMessageText: string): AppError {
  return new AppError("NOT_FOUND", `${what} not found`, userMessageText);
}
