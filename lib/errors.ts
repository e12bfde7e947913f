/**
 * The one error model of the portal.
 *
 * Every error the project throws on purpose is a DomainError: a stable, typed `code`
 * (SCREAMING_SNAKE, callers and tests switch on it), a `message` for the server log (it may
 * name internals), and a required `userMessage`, the one sentence a person sees, which says
 * what to do. Neither ever holds a password, token, PKCS#12 password or private key.
 *
 * Rule: recognise errors with the guards here (`isDomainError`, `isAppError`, `hasCode`, and
 * each family's own guard such as `isSectigoError`), never with `instanceof`. A production
 * build bundles one module into several server chunks, and the Sectigo client is created
 * once and shared through globalThis, so an error made by one copy of a class is not an
 * `instanceof` the other copy. The brand below is a `Symbol.for` key: one per process,
 * whatever the number of module copies. docs/architecture.md explains the model.
 */

const BRAND = Symbol.for("trisa-ca-portal.domain-error");

/** Which room of the project an error comes from; each family's guard checks it. */
export type ErrorFamily = "app" | "sectigo" | "pki" | "db" | "audit" | "simulator" | "cli" | "crypto" | "config";

export abstract class DomainError<C extends string = string> extends Error {
  abstract readonly family: ErrorFamily;
  readonly code: C;
  readonly userMessage: string;

  constructor(code: C, message: string, userMessage: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userMessage = userMessage;
    // Not enumerable: it stays out of JSON and of the audit's copies of an error.
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }
}

/** True for an error of any of the project's error classes, from any copy of the module. */
export function isDomainError(err: unknown): err is DomainError {
  return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}

/** True for a project error of the given family. */
export function isErrorOfFamily<E extends DomainError>(err: unknown, family: ErrorFamily): err is E {
  return isDomainError(err) && err.family === family;
}

/** True for a project error whose code is one of `codes`. */
export function hasCode<C extends string>(err: unknown, ...codes: C[]): err is DomainError<C> {
  return isDomainError(err) && (codes as string[]).includes(err.code);
}

/** The codes of AppError: refusals of the portal's own domain. */
export type AppErrorCode =
  | "INVALID_INPUT"
  | "CONFIRMATION_MISMATCH"
  | "NOT_FOUND"
  | "EMAIL_TAKEN"
  | "USER_NOT_FOUND"
  | "PASSWORD_POLICY"
  | "ADMIN_PASSWORD_WEAK"
  | "LAST_ADMIN"
  | "FORBIDDEN"
  | "SELF_DISABLE"
  | "OWN_FACTOR_FIRST"
  | "AUTH_SECRET_UNAVAILABLE"
  | "AUDIT_SIGNING_KEY_UNAVAILABLE"
  | "SECTIGO_LOGIN_FAILED"
  | "UNSUPPORTED_PROFILE"
  | "PROFILE_UNKNOWN"
  | "NO_BALANCE"
  | "NO_VALID_CSR"
  | "NO_CERTIFICATE"
  | "NOT_DOWNLOADABLE"
  | "NOT_RESOLVABLE"
  | "NOT_RETRYABLE"
  | "NOT_REISSUABLE"
  | "BATCH_MISMATCH"
  | "NO_CRL_DISTRIBUTION_POINT"
  | "CRL_UNAVAILABLE"
  | "CRL_INVALID"
  | "SECTIGO_FAILED";

/**
 * A refusal of the portal's own domain (a duplicate e-mail, the last admin disabling
 * themself, an authority without balance, …), or a Sectigo failure put in the words of the
 * page that met it (`SECTIGO_FAILED`, with the Sectigo error as `cause`).
 */
export class AppError extends DomainError<AppErrorCode> {
  readonly family = "app";
  override readonly name: string = "AppError";
}

export function isAppError(err: unknown): err is AppError {
  return isErrorOfFamily<AppError>(err, "app");
}

/** Anything a page can show as it is: a project error with a non-empty `userMessage`. */
export function isUserFacingError(err: unknown): err is DomainError {
  return isDomainError(err) && typeof err.userMessage === "string" && err.userMessage.length > 0;
}

/** A short description of any error for a log line: its code or name and message, never a stack. */
export function describeError(err: unknown, max = 300): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.name}${typeof code === "string" ? ` ${code}` : ""}: ${err.message.slice(0, max)}`;
  }
  return typeof err;
}

export const GENERIC_USER_MESSAGE = "Something went wrong on the server; nothing was changed.";
