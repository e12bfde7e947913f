/**
 * The one error type lib/pki throws. Every failure on user input (pasted CSRs, uploaded
 * ZIPs, PKCS#12 files, CRLs) becomes a PkiError with a stable `code` and a message a
 * person can act on. Messages never carry passwords, key material or library stack text:
 * the underlying exception, if any, is kept only as `cause` for debugging.
 */
import { DomainError, isErrorOfFamily } from "@/lib/errors";
import type { PkiErrorCode } from "./types";

export class PkiError extends DomainError<PkiErrorCode> {
  readonly family = "pki";

  constructor(code: PkiErrorCode, message: string, options?: { cause?: unknown }) {
    // The message is written for the person who gave the input: it is the user message too.
    super(code, message, message, options);
    this.name = "PkiError";
  }

  /** The plain shape that crosses to the browser or into JSON. */
  toJSON(): { code: PkiErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Holds across module copies (lib/errors.ts): never `instanceof`. */
export function isPkiError(value: unknown): value is PkiError {
  return isErrorOfFamily<PkiError>(value, "pki");
}

function withDetail(message: string, err: unknown): string {
  // Only our own structural messages are safe and short enough to show; library errors
  // can be long, cryptic or quote input bytes.
  if (!(err instanceof Error) || err.name !== "Asn1ShapeError") return message;
  return `${message.replace(/\.$/, "")} (${err.message}).`;
}

/**
 * Runs `fn` and turns anything it throws that is not already a PkiError into one with the
 * given code and message. Library exceptions on hostile input (RangeError, TypeError from a
 * parser, …) must never escape lib/pki.
 */
export function guard<T>(code: PkiErrorCode, message: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isPkiError(err)) throw err;
    throw new PkiError(code, withDetail(message, err), { cause: err });
  }
}
