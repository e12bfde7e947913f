/**
 * The HTTP transport of the Sectigo client: one fetch per attempt, each under its own
 * timeout, with the environment guard before it and the reading of error replies of
 * docs/sectigo-protocol.md §2.7.
 *
 * Retry policy (the rule to keep): only GET endpoints are retried — they are idempotent —
 * at most `getRetries` times, with exponential backoff and jitter, and only after a network
 * error, a timeout, a 429 or a 500/502/503/504. Auth, create, upload, find and revoke are
 * never retried here: a POST or PUT that timed out may have been carried out.
 * Redirects are never followed (Go stops at a 307; following others could carry the
 * bearer token to another host), so a 3xx reaches the caller as an error.
 */
import "server-only";
import { STATUS_CODES } from "node:http";
import { apiErrorBodySchema, SECTIGO_JSON } from "./schemas";
import { ENDPOINTS, endpointUrl, type EndpointName, type HttpMethod } from "./endpoints";
import { checkEnvironment, type SectigoEnvironment } from "./environment";
import {
  InvalidArgumentError,
  isSectigoError,
  makeApiError,
  NetworkError,
  NotAuthenticatedError,
  NotAuthorizedError,
  SectigoError,
  SectigoTimeoutError,
  type ApiErrorFields,
  type SectigoErrorCode,
} from "./errors";

/** What `onRequest` is told after every attempt: never headers or bodies. */
export interface SectigoAttempt {
  endpoint: EndpointName;
  method: HttpMethod;
  path: string;
  /** 0 for the first attempt, 1 for the first retry, … */
  attempt: number;
  status?: number;
  errorCode?: SectigoErrorCode;
  durationMs: number;
}

export interface TransportOptions {
  /** Base URL, e.g. https://iot.sectigo.com; its path is ignored. */
  endpoint: string;
  fetchImpl?: typeof fetch;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Extra attempts for GET endpoints; default 2. */
  getRetries?: number;
  /** First backoff step; default 250 ms, doubled per retry, with jitter. */
  retryDelayMs?: number;
  environment?: SectigoEnvironment;
  onRequest?: (info: SectigoAttempt) => void;
  random?: () => number;
}

export interface OutgoingRequest {
  endpoint: EndpointName;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

export interface RawResponse {
  endpoint: EndpointName;
  method: HttpMethod;
  path: string;
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_GET_RETRIES = 2;
const MAX_BACKOFF_MS = 10_000;
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export class Transport {
  readonly baseUrl: URL;
  readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly getRetries: number;
  private readonly retryDelayMs: number;
  private readonly environment: SectigoEnvironment | undefined;
  private readonly onRequest: ((info: SectigoAttempt) => void) | undefined;
  private readonly random: () => number;

  constructor(options: TransportOptions) {
    this.baseUrl = parseBaseUrl(options.endpoint);
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, "timeoutMs");
    this.getRetries = Math.floor(nonNegative(options.getRetries, DEFAULT_GET_RETRIES, "getRetries"));
    this.retryDelayMs = nonNegative(options.retryDelayMs, 250, "retryDelayMs");
    this.environment = options.environment;
    this.onRequest = options.onRequest;
    this.random = options.random ?? Math.random;
  }

  async send(request: OutgoingRequest): Promise<RawResponse> {
    const method = ENDPOINTS[request.endpoint].method;
    const retries = method === "GET" ? this.getRetries : 0;
    for (let attempt = 0; ; attempt++) {
      let response: RawResponse;
      try {
        response = await this.attempt(request, method, attempt);
      } catch (err) {
        if (attempt < retries && isSectigoError(err) && (err.code === "TIMEOUT" || err.code === "NETWORK")) {
          await wait(backoffDelay(attempt, this.retryDelayMs, this.random));
          continue;
        }
        throw err;
      }
      if (attempt < retries && RETRYABLE_STATUS.has(response.status)) {
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        await wait(backoffDelay(attempt, this.retryDelayMs, this.random, retryAfter));
        continue;
      }
      return response;
    }
  }

  private async attempt(request: OutgoingRequest, method: HttpMethod, attempt: number): Promise<RawResponse> {
    if (this.environment !== undefined) checkEnvironment(this.environment, this.baseUrl);
    const url = endpointUrl(this.baseUrl, request.path);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const started = performance.now();
    const info: SectigoAttempt = { endpoint: request.endpoint, method, path: request.path, attempt, durationMs: 0 };
    try {
      const res = await this.fetchImpl(url, {
        method,
        headers: request.headers,
        body: request.body,
        redirect: "manual",
        signal: controller.signal,
      });
      // The body is read under the same timeout: a server that stalls mid-body is a timeout too.
      const body = new Uint8Array(await res.arrayBuffer());
      info.status = res.status;
      return { endpoint: request.endpoint, method, path: request.path, status: res.status, statusText: res.statusText, headers: res.headers, body };
    } catch (err) {
      const mapped: SectigoError = controller.signal.aborted
        ? new SectigoTimeoutError(`${request.endpoint} (${method} ${request.path})`, this.timeoutMs)
        : networkError(this.baseUrl, err);
      info.errorCode = mapped.code;
      throw mapped;
    } finally {
      clearTimeout(timer);
      info.durationMs = performance.now() - started;
      try {
        this.onRequest?.(info);
      } catch {
        // A broken metrics hook must not fail the call it observes.
      }
    }
  }
}

function parseBaseUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InvalidArgumentError(`the Sectigo endpoint "${endpoint}" is not a URL: use one such as https://iot.sectigo.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidArgumentError(`the Sectigo endpoint "${endpoint}" must start with https:// or http://`);
  }
  return url;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`${name} must be a positive number of milliseconds`);
  return value;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new InvalidArgumentError(`${name} must be zero or more`);
  return value;
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so
 * retries from many callers spread out but never collapse to zero. A Retry-After from
 * the server is honoured up to the cap.
 */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random, retryAfterMs?: number): number {
  const step = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** attempt);
  const jittered = step / 2 + (step / 2) * random();
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(MAX_BACKOFF_MS, retryAfterMs));
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

function wait(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Failures while connecting: the request never left, so Sectigo cannot have acted. Every
 * other network failure (reset, closed socket, a timeout mid-request) may come after
 * Sectigo received the request.
 */
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
  UND_ERR_SOCKET: "connection closed",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

function networkError(base: URL, err: unknown): NetworkError {
  const code = errorCodeOf(err);
  // fetch refuses the ports of its "bad ports" list (1, 25, 6000, …) before connecting.
  const badPort = (err as { cause?: { message?: unknown } } | null)?.cause?.message === "bad port";
  const tlsProblem = code !== undefined && /CERT|TLS|SSL|SELF_SIGNED|SIGNATURE/.test(code);
  const reason = badPort
    ? `port ${base.port} is one that fetch refuses to use`
    : code === undefined
      ? "network error"
      : (NETWORK_REASONS[code] ?? (tlsProblem ? `TLS certificate problem ${code}` : `network error ${code}`));
  // A refused TLS handshake sends no request either.
  const notSent = badPort || tlsProblem || (code !== undefined && CONNECT_CODES.has(code));
  return new NetworkError(base.host, reason, err, notSent ? "not-sent" : "no-answer");
}

function errorCodeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function bodyText(response: RawResponse): string {
  return new TextDecoder("utf-8").decode(response.body);
}

/**
 * docs/sectigo-protocol.md §2.7: a non-2xx /api reply as an error. The Content-Type is compared EXACTLY, as Go
 * does: `application/json;charset=UTF-8` → the JSON error body (a body that does not
 * decode gives NOT_AUTHENTICATED on 401, NOT_AUTHORIZED on 403, else the pre-filled
 * error); `text/plain` → the body is the message; anything else → the body is ignored.
 * Unlike Go, a JSON body missing one of the four keys counts as not decoding.
 */
export function apiErrorFromResponse(response: RawResponse): SectigoError {
  const contentType = response.headers.get("content-type") ?? "";
  const statusLine = `${response.status} ${response.statusText || STATUS_CODES[response.status] || ""}`.trim();
  const prefilled: ApiErrorFields = {
    httpStatus: response.status,
    status: response.status,
    apiMessage: `${statusLine} (${contentType})`,
    errorCode: 0,
    timestamp: 0,
    fromBody: false,
  };
  if (contentType === SECTIGO_JSON) {
    let json: unknown;
    try {
      json = JSON.parse(bodyText(response));
    } catch {
      json = undefined;
    }
    const parsed = apiErrorBodySchema.safeParse(json);
    if (!parsed.success) {
      if (response.status === 401) return new NotAuthenticatedError();
      if (response.status === 403) return new NotAuthorizedError();
      return makeApiError(prefilled);
    }
    const { status, message, errorCode, timestamp } = parsed.data;
    return makeApiError({ httpStatus: response.status, status, apiMessage: message, errorCode, timestamp, fromBody: true });
  }
  if (contentType === "text/plain") {
    return makeApiError({ ...prefilled, apiMessage: bodyText(response), fromBody: true });
  }
  return makeApiError(prefilled);
}
