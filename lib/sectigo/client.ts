/**
 * The typed Sectigo IoT Manager client: one method per endpoint A–Q of
 * docs/sectigo-protocol.md §2.1, with the exact methods, paths, headers and bodies of §1, §2.
 *
 * Rules to keep: every /api call goes through `call()`, which runs the token preflight,
 * retries once after a 401 with a refreshed token and once more after a new login, and
 * turns any non-2xx reply into an error of docs/sectigo-protocol.md §2.7; every reply is parsed with the zod schemas
 * of schemas.ts, and a shape that does not match is BAD_RESPONSE naming the endpoint.
 * Transport rules (timeouts, which calls retry) live in http.ts; token rules in auth.ts.
 */
import "server-only";
import type { z } from "zod";
import {
  authoritiesSchema,
  balanceSchema,
  batchResponseSchema,
  findCertificateResponseSchema,
  licensesUsedSchema,
  organizationSchema,
  processingInfoSchema,
  profileDetailSchema,
  profileParamsSchema,
  profilesSchema,
  SECTIGO_JSON,
  USER_AGENT,
  type Authority,
  type BatchResponse,
  type CreateSingleCertBatchRequest,
  type FindCertificateRequest,
  type FindCertificateResponse,
  type LicensesUsed,
  type Organization,
  type ProcessingInfo,
  type ProfileDetail,
  type ProfileParam,
  type ProfileSummary,
} from "./schemas";
import { endpointPath, type EndpointName } from "./endpoints";
import { BadResponseError, InvalidArgumentError, isSectigoError } from "./errors";
import { apiErrorFromResponse, bodyText, Transport, type RawResponse, type SectigoAttempt } from "./http";
import { TokenManager } from "./auth";
import { authDebugLine, MemoryTokenStore, type TokenStore } from "./credentials";
import { systemClock, type Clock, type CredentialsState } from "./tokens";
import { normalizeBatchStatus } from "./batch-state";
import { buildUploadBody } from "./multipart";
import { checkDirectory, contentDispositionFileName, safeDownloadName, writeDownload } from "./download";
import { isRevocationReasonCode } from "./reasons";
import type { SectigoEnvironment } from "./environment";

export interface SectigoClientOptions {
  /** Base URL, e.g. https://iot.sectigo.com or the simulator's http://127.0.0.1:port. */
  endpoint: string;
  username?: string;
  password?: string;
  /** Where tokens are kept; memory by default. Never holds the password. */
  tokenStore?: TokenStore;
  /** Per HTTP attempt; default 30 000 ms. */
  timeoutMs?: number;
  /** Extra attempts for GET calls after a network error, timeout, 429 or 5xx; default 2. */
  getRetries?: number;
  /** First backoff step between GET retries; default 250 ms. */
  retryDelayMs?: number;
  fetchImpl?: typeof fetch;
  now?: Clock;
  /** When set, the environment guard (docs/sectigo-protocol.md §1.5) runs before every request. */
  environment?: SectigoEnvironment;
  /** Told about every HTTP attempt (endpoint, status, duration); never headers or bodies. */
  onRequest?: (info: SectigoAttempt) => void;
}

export interface CreateSingleCertBatchInput {
  authorityId: number;
  batchName: string;
  profileParams: Record<string, string>;
}

export interface DownloadedBatch {
  /** A safe base name: from Content-Disposition, else `<batchId>.zip`. */
  fileName: string;
  data: Uint8Array;
}

const OCTET_STREAM = "application/octet-stream";

export class SectigoClient {
  readonly endpoint: string;
  private readonly transport: Transport;
  private readonly auth: TokenManager;
  private readonly now: Clock;

  constructor(options: SectigoClientOptions) {
    this.endpoint = options.endpoint;
    this.now = options.now ?? systemClock;
    this.transport = new Transport(options);
    this.auth = new TokenManager({
      transport: this.transport,
      username: options.username,
      password: options.password,
      store: options.tokenStore ?? new MemoryTokenStore(),
      now: this.now,
    });
  }

  // ── Authentication (A, B) ────────────────────────────────────────────────────────────

  /** POST /auth/pwd: new tokens even if the current ones are valid. */
  authenticate(): Promise<void> {
    return this.auth.authenticate();
  }

  /** POST /auth/refresh with the raw refresh token. */
  refresh(): Promise<void> {
    return this.auth.refresh();
  }

  /**
   * The preflight on its own (CLI `auth`): refresh or log in only when the access token
   * is not valid; no network call at all while it is.
   */
  async ensureAuthenticated(): Promise<void> {
    await this.auth.ensureFresh();
  }

  /** Token states and times for a status page; never the tokens. */
  credentialsState(): Promise<CredentialsState> {
    return this.auth.state();
  }

  /** The line of `sectigo auth --debug` (docs/sectigo-protocol.md §3.6) for the held tokens. */
  async authDebugLine(timeZone?: string): Promise<string> {
    return authDebugLine(await this.auth.currentTokens(), this.now(), timeZone);
  }

  // ── Authorities, licences, profiles, organization (C, D, K–O) ───────────────────────

  userAuthorities(): Promise<Authority[]> {
    return this.getJson("userAuthorities", endpointPath("userAuthorities"), authoritiesSchema);
  }

  authorityAvailableBalance(authorityId: number): Promise<number> {
    return this.getJson("authorityAvailableBalance", endpointPath("authorityAvailableBalance", { authorityId }), balanceSchema);
  }

  licensesUsed(): Promise<LicensesUsed> {
    return this.getJson("licensesUsed", endpointPath("licensesUsed"), licensesUsedSchema);
  }

  profiles(): Promise<ProfileSummary[]> {
    return this.getJson("profiles", endpointPath("profiles"), profilesSchema);
  }

  profileDetail(profileId: number): Promise<ProfileDetail> {
    return this.getJson("profileDetail", endpointPath("profileDetail", { profileId }), profileDetailSchema);
  }

  profileParams(profileId: number): Promise<ProfileParam[]> {
    return this.getJson("profileParams", endpointPath("profileParams", { profileId }), profileParamsSchema);
  }

  organization(): Promise<Organization> {
    return this.getJson("organization", endpointPath("organization"), organizationSchema);
  }

  // ── Batches (E–J) ───────────────────────────────────────────────────────────────────

  /** PUT /batches/createSingleCertBatch; any 2xx is success (Sectigo 200, cathy 201). */
  async createSingleCertBatch(input: CreateSingleCertBatchInput): Promise<BatchResponse> {
    requireInteger("authorityId", input.authorityId);
    const body: CreateSingleCertBatchRequest = {
      authorityId: input.authorityId,
      batchName: input.batchName,
      profileParams: input.profileParams,
    };
    const res = await this.call("createSingleCertBatch", endpointPath("createSingleCertBatch"), jsonRequest(body));
    return parseJson(res, batchResponseSchema);
  }

  batchDetail(batchId: number): Promise<BatchResponse> {
    return this.getJson("batchDetail", endpointPath("batchDetail", { batchId }), batchResponseSchema);
  }

  /** The plain-text status, normalized: trimmed, upper case, spaces → "_". */
  async batchStatus(batchId: number): Promise<string> {
    const res = await this.call("batchStatus", endpointPath("batchStatus", { batchId }), jsonRequest());
    return normalizeBatchStatus(bodyText(res));
  }

  processingInfo(batchId: number): Promise<ProcessingInfo> {
    return this.getJson("processingInfo", endpointPath("processingInfo", { batchId }), processingInfoSchema);
  }

  /** The batch ZIP. Unlike Go, a non-2xx reply is an error, never saved as the file. */
  async download(batchId: number): Promise<DownloadedBatch> {
    const res = await this.call("download", endpointPath("download", { batchId }), () => ({
      headers: { "Content-Type": OCTET_STREAM, Accept: OCTET_STREAM },
    }));
    const name = contentDispositionFileName(res.headers.get("content-disposition"));
    return { fileName: safeDownloadName(name, batchId), data: res.body };
  }

  /** Downloads into an existing directory (checked before any request); returns the file path. */
  async downloadTo(batchId: number, dir: string): Promise<string> {
    await checkDirectory(dir);
    const { fileName, data } = await this.download(batchId);
    return writeDownload(dir, fileName, data);
  }

  /** POST /batches/upload: one file of PEM CSRs as a multipart form (docs/sectigo-protocol.md §2.6). */
  async uploadCsrBatch(
    profileId: number,
    fileName: string,
    csr: string | Uint8Array,
    profileParams: Record<string, string> = {},
  ): Promise<BatchResponse> {
    requireInteger("profileId", profileId);
    const res = await this.call("uploadCsrBatch", endpointPath("uploadCsrBatch"), () => {
      const { contentType, body } = buildUploadBody(profileId, fileName, csr, { profileId, batchType: "BATCH", profileParams });
      return { headers: { "Content-Type": contentType, Accept: SECTIGO_JSON }, body };
    });
    return parseJson(res, batchResponseSchema);
  }

  // ── Certificates (P, Q) ─────────────────────────────────────────────────────────────

  /** POST /certificates/find; empty fields are left out, so `{}` is possible (Sectigo answers 400). */
  async findCertificate(query: FindCertificateRequest): Promise<FindCertificateResponse> {
    const body: FindCertificateRequest = {};
    if (query.commonName) body.commonName = query.commonName;
    if (query.serialNumber) body.serialNumber = query.serialNumber;
    const res = await this.call("findCertificate", endpointPath("findCertificate"), jsonRequest(body));
    return parseJson(res, findCertificateResponseSchema);
  }

  /** POST /certificates/{profileId}/revoke; any 2xx means revoked and the body is ignored. */
  async revokeCertificate(profileId: number, reasonCode: number, serialNumber: string): Promise<void> {
    if (!isRevocationReasonCode(reasonCode)) {
      throw new InvalidArgumentError(`revocation reason code ${reasonCode} is not one of RFC 5280's codes 0–6 and 8–10`);
    }
    if (serialNumber.trim() === "") throw new InvalidArgumentError("the serial number of the certificate to revoke is empty");
    await this.call("revokeCertificate", endpointPath("revokeCertificate", { profileId }), jsonRequest({ reasonCode, serialNumber }));
  }

  // ── Plumbing ────────────────────────────────────────────────────────────────────────

  private async getJson<S extends z.ZodType>(endpoint: EndpointName, path: string, schema: S): Promise<z.output<S>> {
    return parseJson(await this.call(endpoint, path, jsonRequest()), schema);
  }

  /** An authenticated /api call with 401 recovery; returns only 2xx replies. */
  private async call(endpoint: EndpointName, path: string, build: RequestBuilder): Promise<RawResponse> {
    const send = (token: string) => {
      const { headers, body } = build();
      return this.transport.send({
        endpoint,
        path,
        headers: { ...headers, Authorization: `Bearer ${token}`, "User-Agent": USER_AGENT },
        ...(body === undefined ? {} : { body }),
      });
    };
    const first = await beforeSending(this.auth.ensureFresh());
    let res = await send(first.token);
    if (res.status === 401) {
      const recovered = await beforeSending(this.auth.recover(first.generation, "refresh"));
      res = await send(recovered.token);
      if (res.status === 401 && recovered.via !== "login") {
        res = await send((await beforeSending(this.auth.recover(recovered.generation, "login"))).token);
      }
    }
    if (res.status < 200 || res.status > 299) throw apiErrorFromResponse(res);
    return res;
  }
}

/**
 * A login or refresh that fails before a call means the call itself was never sent (or was
 * refused with a 401), whatever became of the auth request: Sectigo did not act on it.
 */
async function beforeSending<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (err) {
    if (isSectigoError(err)) err.reached = "not-sent";
    throw err;
  }
}

type RequestBuilder = () => { headers: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> };

/** The JSON headers of every /api call, GETs included, and a compact body + "\n" (Go's json.Encoder). */
function jsonRequest(body?: unknown): RequestBuilder {
  const text = body === undefined ? undefined : `${JSON.stringify(body)}\n`;
  return () => ({ headers: { "Content-Type": SECTIGO_JSON, Accept: SECTIGO_JSON }, ...(text === undefined ? {} : { body: text }) });
}

function parseJson<S extends z.ZodType>(res: RawResponse, schema: S): z.output<S> {
  const what = `${res.endpoint} (${res.method} ${res.path})`;
  let json: unknown;
  try {
    json = JSON.parse(bodyText(res));
  } catch {
    throw new BadResponseError(what, "the body is not JSON", res.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.length === 0 ? "(body)" : i.path.join(".")}: ${i.message}`)
      .join("; ");
    throw new BadResponseError(what, issues, res.status);
  }
  return parsed.data;
}

function requireInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(`the ${name} must be an integer, not ${String(value)}`);
}
