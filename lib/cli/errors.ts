/**
 * Errors raised by the command-line tool itself (bad flags, missing files). Their message
 * is what the operator reads on stderr, so it says what to do; it never holds a password.
 */
import { DomainError, isErrorOfFamily } from "@/lib/errors";

export type CliErrorCode = "USAGE" | "FILE_NOT_FOUND" | "FILE_UNREADABLE" | "CSR_REJECTED" | "UNKNOWN_INPUT" | "BAD_ADDRESS";

export class CliError extends DomainError<CliErrorCode> {
  readonly family = "cli";
  constructor(code: CliErrorCode, message: string) {
    super(code, message, message);
    this.name = "CliError";
  }
}

/** Holds across module copies (lib/errors.ts): never `instanceof`. */
export function isCliError(err: unknown): err is CliError {
  return isErrorOfFamily<CliError>(err, "cli");
}

/** A missing or malformed flag or argument; the tool also points at the command's help. */
export class UsageError extends CliError {
  constructor(message: string) {
    super("USAGE", message);
    this.name = "UsageError";
  }
}
