/**
 * The simulator's one error type. A handler throws it with the HTTP status to answer and a
 * message a person can act on; the router turns it into the APIError body of
 * docs/sectigo-protocol.md §2.7. Messages never carry tokens, passwords or key material.
 */
import "server-only";
import { DomainError, isErrorOfFamily } from "@/lib/errors";

export type SimulatorErrorCode =
  | "INVALID_OPTIONS"
  | "LISTEN_FAILED"
  | "DATA_DIR_IN_USE"
  | "BAD_REQUEST"
  | "INVALID_CREDENTIALS"
  | "AUTHENTICATION_REQUIRED"
  | "INVALID_TOKEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "PAYLOAD_TOO_LARGE"
  | "UNKNOWN_PROFILE"
  | "INVALID_PARAMETERS"
  | "NO_BALANCE"
  | "NOT_DOWNLOADABLE"
  | "CERTIFICATE_UNAVAILABLE"
  | "WRONG_PROFILE"
  | "CA_INCONSISTENT"
  | "STATE_CORRUPT"
  | "INJECTED_FAULT"
  | "INTERNAL";

/** Numeric `errorCode` values for the APIError body; stable so tests and logs can rely on them. */
const NUMERIC_CODES: Record<SimulatorErrorCode, number> = {
  INVALID_OPTIONS: 1,
  LISTEN_FAILED: 2,
  DATA_DIR_IN_USE: 3,
  BAD_REQUEST: 100,
  INVALID_CREDENTIALS: 101,
  AUTHENTICATION_REQUIRED: 102,
  INVALID_TOKEN: 103,
  NOT_FOUND: 104,
  METHOD_NOT_ALLOWED: 105,
  PAYLOAD_TOO_LARGE: 106,
  UNKNOWN_PROFILE: 200,
  INVALID_PARAMETERS: 201,
  NO_BALANCE: 202,
  NOT_DOWNLOADABLE: 203,
  CERTIFICATE_UNAVAILABLE: 204,
  WRONG_PROFILE: 205,
  CA_INCONSISTENT: 900,
  STATE_CORRUPT: 901,
  INJECTED_FAULT: 998,
  INTERNAL: 999,
};

export class SimulatorError extends DomainError<SimulatorErrorCode> {
  readonly family = "simulator";
  override readonly name = "SimulatorError";
  constructor(
    code: SimulatorErrorCode,
    readonly status: number,
    message: string,
  ) {
    // The simulator's messages are written for the person at the other end.
    super(code, message, message);
  }

  get errorCode(): number {
    return NUMERIC_CODES[this.code];
  }
}

export const badRequest = (message: string) => new SimulatorError("BAD_REQUEST", 400, message);
export const notFound = (message: string) => new SimulatorError("NOT_FOUND", 404, message);

/** Holds across module copies (lib/errors.ts): never `instanceof`. */
export function isSimulatorError(err: unknown): err is SimulatorError {
  return isErrorOfFamily<SimulatorError>(err, "simulator");
}
