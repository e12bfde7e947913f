import { describe, expect, it } from "vitest";
import { ENDPOINTS, endpointPath, endpointUrl } from "./endpoints";
import {
  ApiError,
  InvalidParamsError,
  NetworkError,
  NotAuthenticatedError,
  NotAuthorizedError,
  NotFoundError,
  RateLimitedError,
  SectigoError,
  SectigoTimeoutError,
  UpstreamError,
} from "./errors";
import { userMessage } from "./user-message";
import { apiErrorFromResponse, backoffDelay, parseRetryAfter, type RawResponse } from "./http";
import { checkEnvironment } from "./environment";
import { SECTIGO_JSON } from "./schemas";

function reply(status: number, contentType: string | null, body: string, statusText = ""): RawResponse {
  const headers = new Headers();
  if (contentType !== null) headers.set("content-type", contentType);
  return {
    endpoint: "batchDetail",
    method: "GET",
    path: "/api/v1/batches/1",
    status,
    statusText,
    headers,
    body: new TextEncoder().encode(body),
  };
}

const jsonBody = JSON.stringify({ status: 400, message: "profile parameters are invalid", errorCode: -7, timestamp: 1714575300 });

describe("non-2xx /api replies", () => {
  it("decodes the JSON body when the Content-Type is exactly application/json;charset=UTF-8", () => {
    const err = apiErrorFromResponse(reply(400, SECTIGO_JSON, jsonBody));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "API_ERROR", status: 400, apiMessage: "profile parameters are invalid", errorCode: -7, timestamp: 1714575300 });
    expect(err.message).toBe("400 profile parameters are invalid -7 1714575300");
  });

  it("returns the decoded APIError on a 401 or 403, not the sentinel", () => {
    const err = apiErrorFromResponse(reply(401, SECTIGO_JSON, jsonBody));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("NOT_AUTHENTICATED");
    expect(apiErrorFromResponse(reply(403, SECTIGO_JSON, jsonBody))).toBeInstanceOf(ApiError);
  });

  it.each([
    [401, NotAuthenticatedError, "NOT_AUTHENTICATED"],
    [403, NotAuthorizedError, "NOT_AUTHORIZED"],
  ])("gives the sentinel for a %i whose JSON body does not decode", (status, type, code) => {
    const err = apiErrorFromResponse(reply(status, SECTIGO_JSON, "<html>denied</html>"));
    expect(err).toBeInstanceOf(type);
    expect(err).not.toBeInstanceOf(ApiError);
    expect(err.code).toBe(code);
  });

  it("gives the pre-filled error for another status whose JSON body does not decode (missing keys count)", () => {
    const err = apiErrorFromResponse(reply(409, SECTIGO_JSON, '{"success":false,"error":"x"}'));
    expect(err.message).toBe("409 409 Conflict (application/json;charset=UTF-8) 0 0");
  });

  it("uses a text/plain body as the message", () => {
    const err = apiErrorFromResponse(reply(400, "text/plain", "batch is not in downloadable state"));
    expect(err.message).toBe("400 batch is not in downloadable state 0 0");
  });

  it.each(["application/json; charset=utf-8", "text/plain; charset=utf-8", "application/json", "text/html"])(
    "ignores the body for %s (gin's types included)",
    (contentType) => {
      const err = apiErrorFromResponse(reply(404, contentType, '{"success":false,"error":"resource not found"}', "Not Found"));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toBe(`404 404 Not Found (${contentType}) 0 0`);
    },
  );

  it("renders the documented example exactly", () => {
    const err = apiErrorFromResponse(reply(404, "application/json; charset=utf-8", "{}"));
    expect(err.message).toBe("404 404 Not Found (application/json; charset=utf-8) 0 0");
  });

  it("ignores the body without a Content-Type", () => {
    expect(apiErrorFromResponse(reply(401, null, "nope")).message).toBe("401 401 Unauthorized () 0 0");
  });

  it.each([
    [404, NotFoundError, "NOT_FOUND"],
    [429, RateLimitedError, "RATE_LIMITED"],
    [500, UpstreamError, "UPSTREAM"],
    [503, UpstreamError, "UPSTREAM"],
    [400, ApiError, "API_ERROR"],
    [302, ApiError, "API_ERROR"],
  ])("classifies %i", (status, type, code) => {
    const err = apiErrorFromResponse(reply(status, "text/html", ""));
    expect(err).toBeInstanceOf(type);
    expect(err.code).toBe(code);
  });
});

describe("userMessage", () => {
  it("makes one readable sentence from an API error, with Sectigo's words when it gave some", () => {
    expect(userMessage(apiErrorFromResponse(reply(404, "text/plain", "certificate not found")))).toBe(
      "Sectigo could not find what was asked for (HTTP 404): certificate not found.",
    );
    expect(userMessage(apiErrorFromResponse(reply(503, "text/html", "<h1>down</h1>")))).toBe(
      "Sectigo answered with a server error (HTTP 503).",
    );
  });

  it("keeps Sectigo's words to one short line", () => {
    const text = userMessage(apiErrorFromResponse(reply(400, "text/plain", `line1\nline2\u0000${"x".repeat(500)}`)));
    expect(text).not.toMatch(/[\n\u0000]/);
    expect(text.length).toBeLessThan(300);
  });

  it("turns the client's own errors into a capitalized sentence", () => {
    expect(userMessage(new SectigoTimeoutError("licensesUsed (GET /api/v1/devices)", 30_000))).toBe(
      "Sectigo did not answer within 30 s, so what became of the request is unknown.",
    );
    expect(userMessage(new NetworkError("iot.sectigo.com", "connection refused"))).toMatch(/^Sectigo could not be reached at iot\.sectigo\.com/);
  });

  it("never repeats the text of an unknown error, which could hold a secret", () => {
    const message = userMessage(new Error("password=hunter2 at Object.<anonymous> (/srv/app.js:1:1)"));
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("app.js");
    expect(message).toMatch(/^Something went wrong/);
  });

  it("lists parameter problems without values", () => {
    const err = new InvalidParamsError([{ param: "pkcs12Password", message: "missing required parameter: pkcs12Password" }]);
    expect(err.code).toBe("INVALID_PARAMS");
    expect(userMessage(err)).toBe("Invalid profile parameters: pkcs12Password: missing required parameter: pkcs12Password.");
  });

  it("gives every error a SCREAMING_SNAKE code", () => {
    const errors: SectigoError[] = [new NotAuthenticatedError(), new NotAuthorizedError(), new NetworkError("h", "r")];
    for (const err of errors) expect(err.code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });
});

describe("endpoints", () => {
  it("has the seventeen endpoints A–Q with their documented methods", () => {
    expect(Object.values(ENDPOINTS).map((e) => `${e.letter} ${e.method} ${e.template}`)).toEqual([
      "A POST /auth/pwd",
      "B POST /auth/refresh",
      "C GET /api/v1/authorities/allowed",
      "D GET /api/v1/authorities/{authorityId}/balanceavailable",
      "E PUT /api/v1/batches/createSingleCertBatch",
      "F GET /api/v1/batches/{batchId}",
      "G GET /api/v1/batches/{batchId}/status",
      "H GET /api/v1/batches/{batchId}/processing_info",
      "I GET /api/v1/batches/{batchId}/download",
      "J POST /api/v1/batches/upload",
      "K GET /api/v1/devices",
      "L GET /api/v1/profiles",
      "M GET /api/v1/profiles/{profileId}",
      "N GET /api/v1/profiles/{profileId}/parameters",
      "O GET /api/v1/organizations/user",
      "P POST /api/v1/certificates/find",
      "Q POST /api/v1/certificates/{profileId}/revoke",
    ]);
  });

  it("substitutes integer path parameters", () => {
    expect(endpointPath("processingInfo", { batchId: 10000 })).toBe("/api/v1/batches/10000/processing_info");
    expect(endpointPath("revokeCertificate", { profileId: 17 })).toBe("/api/v1/certificates/17/revoke");
    expect(endpointPath("licensesUsed")).toBe("/api/v1/devices");
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, "42/../../auth" as unknown as number, undefined as unknown as number])(
    "rejects the path parameter %s",
    (batchId) => {
      expect(() => endpointPath("batchDetail", { batchId })).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    },
  );

  it("resolves against the origin only", () => {
    expect(endpointUrl(new URL("https://iot.sectigo.com/some/base/"), "/api/v1/devices").href).toBe("https://iot.sectigo.com/api/v1/devices");
  });
});

describe("environment guard", () => {
  it.each([
    ["production", "https://iot.sectigo.com", null],
    ["production", "http://iot.sectigo.com", "must use https in production, not http"],
    ["production", "https://evil.example.com", "cannot connect to evil.example.com in production"],
    ["staging", "http://127.0.0.1:8831", null],
    ["staging", "https://iot.sectigo.com", "cannot connect to iot.sectigo.com in staging"],
    ["docker", "https://staging.sectigo.com", "cannot connect to staging.sectigo.com in staging"],
    ["testing", "http://localhost:8831", null],
    ["testing", "http://127.0.0.1:1", null],
    ["testing", "http://cathy:8831", "sectigo hostname must be set to localhost in testing mode"],
    ["qa", "http://localhost", 'unknown environment "qa"'],
  ])("%s with %s", (environment, url, message) => {
    const run = () => checkEnvironment(environment, new URL(url));
    if (message === null) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ code: "ENVIRONMENT", message }));
  });
});

describe("backoff", () => {
  it("doubles per attempt with jitter between half and the full step, capped", () => {
    expect(backoffDelay(0, 200, () => 0)).toBe(100);
    expect(backoffDelay(0, 200, () => 1)).toBe(200);
    expect(backoffDelay(2, 200, () => 0.5)).toBe(600);
    expect(backoffDelay(20, 200, () => 1)).toBe(10_000);
  });

  it("honours Retry-After up to the cap", () => {
    expect(backoffDelay(0, 200, () => 0, 3_000)).toBe(3_000);
    expect(backoffDelay(0, 200, () => 0, 3_600_000)).toBe(10_000);
    expect(parseRetryAfter("5")).toBe(5_000);
    expect(parseRetryAfter("Wed, 01 May 2024 15:00:10 GMT", new Date("2024-05-01T15:00:00Z"))).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
