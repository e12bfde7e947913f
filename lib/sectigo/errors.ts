/**
 * Typed errors of the Sectigo client, members of the project's one error model (lib/errors.ts).
 * Each has a SCREAMING_SNAKE `code` to switch on, a `message` for logs and the CLI, a
 * context-free `userMessage`, and `reached`: whether the request got to Sectigo. The page
 * that met the error words it for its own operation with `sectigoFailureMessage`
 * (user-message.ts).
 *
 * `reached` is set by the transport and the client, never guessed from the code:
 * - "not-sent": nothing reached Sectigo (refused connection, unknown host, no valid login,
 *   a bad argument): Sectigo did not act, so trying again cannot make a duplicate;
 * - "no-answer": the request left, and no answer that can be read came back (timeout,
 *   connection dropped, a 2xx reply that cannot be read): Sectigo may have acted;
 * - "answered": Sectigo answered with an error status: it did not carry the request out.
 * The audit's failed/unknown decision rests on this field alone (lib/audit/sectigo-call.ts).
 *
 * Rule: no message ever contains a password, a token, a PKCS#12 password or a response
 * body that could hold one (auth replies carry tokens). Only the bodies of /api error
 * replies, which Sectigo writes for people, are shown — trimmed and cleaned.
 */
import { DomainError, isErrorOfFamily } from "@/lib/errors";

/** Whether a request reached Sectigo; see the module header. */
export type Reached = "not-sent" | "no-answer" | "answered";

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
  /** Default "not-sent": an error raised before any request. */
  reached?: Reached;
  /** Default: the message as one sentence. */
  userMessage?: string;
}

export class SectigoError extends DomainError<SectigoErrorCode> {
  readonly family = "sectigo";
  /** The HTTP status that caused the error, when there was one. */
  readonly status?: number;
  /**
   * Whether the request reached Sectigo. Written by the transport when it makes the error,
   * and by the client, which marks a failed login before a call as "not-sent" for that call.
   */
  reached: Reached;

  constructor(code: SectigoErrorCode, message: string, options: SectigoErrorOptions = {}) {
    super(code, message, options.userMessage ?? sentence(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.reached = options.reached ?? "not-sent";
    if (options.status !== undefined) this.status = options.status;
  }
}

/** A message as a sentence for a page: capital first letter, closing stop. */
export function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
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
  /** `status` of docs/sectigo-protocol.md §2.7: the HTTP status, or the one in the JSON body when it was decoded. */
  status: number;
  /** `message` of docs/sectigo-protocol.md §2.7. */
  apiMessage: string;
  errorCode: number;
  timestamp: number;
  /** True when apiMessage came from the body (JSON or text/plain), i.e. Sectigo's own words. */
  fromBody: boolean;
}

/**
 * The APIError of docs/sectigo-protocol.md §2.7. `message` renders as Go does: "<status> <message> <errorCode> <timestamp>".
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
      reached: "answered",
      userMessage: apiUserMessage(fields),
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
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number) {
    super("TIMEOUT", `Sectigo did not answer ${what} within ${formatSeconds(timeoutMs)}: try again later`, {
      reached: "no-answer",
      userMessage: `Sectigo did not answer within ${formatSeconds(timeoutMs)}, so what became of the request is unknown.`,
    });
    this.timeoutMs = timeoutMs;
  }
}

export class NetworkError extends SectigoError {
  /** host[:port] of the Sectigo endpoint */
  readonly host: string;
  /** e.g. "connection refused" */
  readonly reason: string;
  constructor(host: string, reason: string, cause?: unknown, reached: Reached = "not-sent") {
    super("NETWORK", `Sectigo could not be reached at ${host} (${reason}): check SECTIGO_ENDPOINT and the network`, {
      cause,
      reached,
      userMessage:
        reached === "not-sent"
          ? `Sectigo could not be reached at ${host} (${reason}); nothing was sent.`
          : `The connection to Sectigo at ${host} broke before it answered (${reason}), so what became of the request is unknown.`,
    });
    this.host = host;
    this.reason = reason;
  }
}

export class BadResponseError extends SectigoError {
  constructor(what: string, problem: string, status?: number) {
    // A success status whose body cannot be read: Sectigo may well have acted, but the
    // portal cannot tell what it did, which is the same as no answer at all.
    const answeredError = status !== undefined && (status < 200 || status > 299);
    super("BAD_RESPONSE", `Sectigo sent an unexpected response to ${what}: ${problem}`, {
      status,
      reached: answeredError ? "answered" : "no-answer",
      userMessage: answeredError
        ? `Sectigo answered with HTTP ${status} and a reply the portal cannot read.`
        : "Sectigo's reply could not be read (it is not what the API promises), so what became of the request is unknown.",
    });
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

/** Guards that hold across module copies (lib/errors.ts): never `instanceof`. */
export function isSectigoError(err: unknown): err is SectigoError {
  return isErrorOfFamily<SectigoError>(err, "sectigo");
}

/** An error reply of /api (docs/sectigo-protocol.md §2.7): an ApiError or one of its subclasses. */
export function isApiError(err: unknown): err is ApiError {
  return isSectigoError(err) && typeof (err as Partial<ApiError>).httpStatus === "number" && "apiMessage" in err;
}

/** The context-free sentence for an /api error reply; pages add their own context. */
function apiUserMessage(fields: ApiErrorFields): string {
  const said = fields.fromBody && fields.apiMessage.trim() !== "" ? `: ${cleanSectigoText(fields.apiMessage)}` : "";
  switch (apiErrorCode(fields.httpStatus)) {
    case "NOT_AUTHENTICATED":
      return sentence(`Sectigo refused the portal's credentials even after a fresh login (HTTP 401)${said}. An administrator should check SECTIGO_USERNAME and SECTIGO_PASSWORD`);
    case "NOT_AUTHORIZED":
      return sentence(`The Sectigo account is not allowed to do this (HTTP 403)${said}`);
    case "NOT_FOUND":
      return sentence(`Sectigo could not find what was asked for (HTTP 404)${said}`);
    case "RATE_LIMITED":
      return sentence(`Sectigo is limiting requests (HTTP 429)${said}. Wait a minute and try again`);
    case "UPSTREAM":
      return sentence(`Sectigo answered with a server error (HTTP ${fields.httpStatus})${said}`);
    default:
      return sentence(`Sectigo refused the request (HTTP ${fields.httpStatus})${said}`);
  }
}

/** Sectigo's own words, kept to one short line of printable text. */
export function cleanSectigoText(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
