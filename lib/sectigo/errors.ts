/**
 * Typed errors of the Sectigo client. Each has a SCREAMING_SNAKE `code` to switch on and a
 * message a person can act on; `userMessage()` (user-message.ts) turns any error into one
 * sentence for a page.
 *
 * Rule: no message ever contains a password, a token, a PKCS#12 password or a response
 * body that could hold one (auth replies carry tokens). Only the bodies of /api error
 * replies, which Sectigo writes for people, are shown — trimmed and cleaned.
 */

export type SectigoErrorCode =
  | "INVALID_CREDENTIALS"
  | "NOT_AUTHORIZED"
  | "MUST_USE_TLS_AUTH"
  | "NOT_AUTHENTICATED"
  | "TOKENS_EXPIRED"
  | "TOKENS_MISMATCH"
  | "INVALID_CLAIMS"
  | "NO_CREDENTIALS"
  | "CREDENTIALS_MISMATCH"
  | "NOT_FOUND"
  | "RATE_LIMITED"
  | "UPSTREAM"
  | "TIMEOUT"
  | "NETWORK"
  | "BAD_RESPONSE"
  | "API_ERROR"
  | "UNHANDLED_STATUS"
  | "ENVIRONMENT"
  | "INVALID_ARGUMENT"
  | "INVALID_PARAMS"
  | "INVALID_REASON"
  | "DIRECTORY_NOT_FOUND"
  | "NOT_A_DIRECTORY"
  | "NO_AUTHORITY"
  | "TOKEN_STORE";

export interface SectigoErrorOptions {
  status?: number;
  cause?: unknown;
}

export class SectigoError extends Error {
  readonly code: SectigoErrorCode;
  /** The HTTP status that caused the error, when there was one. */
  readonly status?: number;

  constructor(code: SectigoErrorCode, message: string, options: SectigoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
  }
}

export class InvalidCredentialsError extends SectigoError {
  constructor(message = "Sectigo rejected the username or password (HTTP 401): check SECTIGO_USERNAME and SECTIGO_PASSWORD") {
    super("INVALID_CREDENTIALS", message, { status: 401 });
  }
}

export class NotAuthorizedError extends SectigoError {
  constructor(
    message = "the Sectigo account is not authorized for this request (HTTP 403): ask the Sectigo administrator for the permission",
  ) {
    super("NOT_AUTHORIZED", message, { status: 403 });
  }
}

export class MustUseTlsAuthError extends SectigoError {
  constructor() {
    super(
      "MUST_USE_TLS_AUTH",
      "the Sectigo account requires TLS client-certificate authentication (HTTP 307), which this client does not do: use an account that logs in with a password",
      { status: 307 },
    );
  }
}

export class NotAuthenticatedError extends SectigoError {
  constructor(message = "not authenticated with Sectigo (HTTP 401): log in again and retry") {
    super("NOT_AUTHENTICATED", message, { status: 401 });
  }
}

export class TokensExpiredError extends SectigoError {
  constructor() {
    super("TOKENS_EXPIRED", "the Sectigo access and refresh tokens have expired: log in again with the username and password");
  }
}

export class TokensMismatchError extends SectigoError {
  constructor() {
    super(
      "TOKENS_MISMATCH",
      "both a Sectigo access token and a refresh token are required: clear the credentials cache and log in again",
    );
  }
}

export class InvalidClaimsError extends SectigoError {
  constructor(which: "access" | "refresh", problem = "the JWT claims do not have the required iat and exp timestamps") {
    super("INVALID_CLAIMS", `could not parse ${which} token: ${problem}`);
  }
}

export class NoCredentialsError extends SectigoError {
  constructor() {
    super("NO_CREDENTIALS", "no Sectigo API credentials: set SECTIGO_USERNAME and SECTIGO_PASSWORD");
  }
}

export class CredentialsMismatchError extends SectigoError {
  constructor() {
    super(
      "CREDENTIALS_MISMATCH",
      "Sectigo needs both a username and a password: set both SECTIGO_USERNAME and SECTIGO_PASSWORD, or neither",
    );
  }
}

export class UnhandledStatusError extends SectigoError {
  constructor(status: number) {
    super("UNHANDLED_STATUS", `unhandled status code: ${status}`, { status });
  }
}

export interface ApiErrorFields {
  /** The HTTP status of the reply. */
  httpStatus: number;
  /** `status` of §1.4: the HTTP status, or the one in the JSON body when it was decoded. */
  status: number;
  /** `message` of §1.4. */
  apiMessage: string;
  errorCode: number;
  timestamp: number;
  /** True when apiMessage came from the body (JSON or text/plain), i.e. Sectigo's own words. */
  fromBody: boolean;
}

/**
 * The §1.4 APIError. `message` renders as Go does: "<status> <message> <errorCode> <timestamp>".
 * The `code` is chosen by HTTP status so callers can switch on it: 401 NOT_AUTHENTICATED,
 * 403 NOT_AUTHORIZED, 404 NOT_FOUND, 429 RATE_LIMITED, 5xx UPSTREAM, anything else API_ERROR.
 */
export class ApiError extends SectigoError {
  readonly httpStatus: number;
  readonly apiMessage: string;
  readonly errorCode: number;
  readonly timestamp: number;
  readonly fromBody: boolean;

  constructor(fields: ApiErrorFields) {
    super(apiErrorCode(fields.httpStatus), `${fields.status} ${fields.apiMessage} ${fields.errorCode} ${fields.timestamp}`, {
      status: fields.status,
    });
    this.httpStatus = fields.httpStatus;
    this.apiMessage = fields.apiMessage;
    this.errorCode = fields.errorCode;
    this.timestamp = fields.timestamp;
    this.fromBody = fields.fromBody;
  }
}

export class NotFoundError extends ApiError {}
export class RateLimitedError extends ApiError {}
export class UpstreamError extends ApiError {}

export function apiErrorCode(httpStatus: number): SectigoErrorCode {
  if (httpStatus === 401) return "NOT_AUTHENTICATED";
  if (httpStatus === 403) return "NOT_AUTHORIZED";
  if (httpStatus === 404) return "NOT_FOUND";
  if (httpStatus === 429) return "RATE_LIMITED";
  if (httpStatus >= 500 && httpStatus <= 599) return "UPSTREAM";
  return "API_ERROR";
}

/** Builds the ApiError subclass that matches the HTTP status. */
export function makeApiError(fields: ApiErrorFields): ApiError {
  switch (apiErrorCode(fields.httpStatus)) {
    case "NOT_FOUND":
      return new NotFoundError(fields);
    case "RATE_LIMITED":
      return new RateLimitedError(fields);
    case "UPSTREAM":
      return new UpstreamError(fields);
    default:
      return new ApiError(fields);
  }
}

export class SectigoTimeoutError extends SectigoError {
  constructor(what: string, timeoutMs: number) {
    super("TIMEOUT", `Sectigo did not answer ${what} within ${formatSeconds(timeoutMs)}: try again later`);
  }
}

export class NetworkError extends SectigoError {
  constructor(host: string, reason: string, cause?: unknown) {
    super("NETWORK", `Sectigo could not be reached at ${host} (${reason}): check SECTIGO_ENDPOINT and the network`, {
      cause,
    });
  }
}

export class BadResponseError extends SectigoError {
  constructor(what: string, problem: string, status?: number) {
    super("BAD_RESPONSE", `Sectigo sent an unexpected response to ${what}: ${problem}`, { status });
  }
}

export class EnvironmentError extends SectigoError {
  constructor(message: string) {
    super("ENVIRONMENT", message);
  }
}

export class InvalidArgumentError extends SectigoError {
  constructor(message: string) {
    super("INVALID_ARGUMENT", message);
  }
}

export class InvalidReasonError extends SectigoError {
  constructor(message: string) {
    super("INVALID_REASON", message);
  }
}

export class DirectoryError extends SectigoError {
  constructor(code: "DIRECTORY_NOT_FOUND" | "NOT_A_DIRECTORY", dir: string) {
    super(code, code === "DIRECTORY_NOT_FOUND" ? `directory "${dir}" does not exist` : `path "${dir}" is not a directory`);
  }
}

export interface ParamProblemLike {
  param: string;
  message: string;
}

export class InvalidParamsError extends SectigoError {
  readonly problems: readonly ParamProblemLike[];
  constructor(problems: readonly ParamProblemLike[]) {
    // The problem texts of validateProfileParams never quote values, so no password leaks here.
    super("INVALID_PARAMS", `invalid profile parameters: ${problems.map((p) => `${p.param}: ${p.message}`).join("; ")}`);
    this.problems = problems;
  }
}

export interface SkippedAuthority {
  authorityId: number;
  code: SectigoErrorCode | "UNKNOWN";
}

export class NoAuthorityError extends SectigoError {
  readonly skipped: readonly SkippedAuthority[];
  constructor(count: number, skipped: readonly SkippedAuthority[] = []) {
    super("NO_AUTHORITY", `could not find authority with available balance out of ${count} available authorities`);
    this.skipped = skipped;
  }
}

export function isSectigoError(err: unknown): err is SectigoError {
  return err instanceof SectigoError;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
