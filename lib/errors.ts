/**
 * AppError: the error a domain function throws when a person did something the portal
 * refuses (a duplicate e-mail, the last admin disabling themself, …).
 *
 * Rule: `message` is for the server log and may name internals; `userMessage` is the one
 * sentence a person sees in the browser and says what to do. Neither ever holds a password,
 * token, PKCS#12 password or private key. Other modules' typed errors (DatabaseError,
 * AuditError, …) follow the same shape, so `userMessageOf` reads any of them.
 */

export class AppError extends Error {
  override readonly name: string = "AppError";
  constructor(
    /** SCREAMING_SNAKE, stable: callers and tests switch on it. */
    readonly code: string,
    /** internal: for logs, never shown in a page */
    message: string,
    /** shown to the person who made the request */
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** An error of any of the project's typed classes: a string `code` and a string `userMessage`. */
export interface UserFacingError {
  code: string;
  userMessage: string;
}

export function isUserFacingError(err: unknown): err is UserFacingError {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: unknown; userMessage?: unknown };
  return typeof e.code === "string" && typeof e.userMessage === "string" && e.userMessage.length > 0;
}

export const GENERIC_USER_MESSAGE = "Something went wrong on the server; nothing was changed.";
