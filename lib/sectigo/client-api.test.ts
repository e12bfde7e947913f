import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SectigoClient, type SectigoClientOptions } from "./client";
import { ApiError, SectigoError } from "./errors";
import type { SectigoAttempt } from "./http";
import { SECTIGO_JSON, USER_AGENT } from "./schemas";
import { closedPort, FakeSectigo, MutableClock, SAMPLE_BATCH } from "./test-support/fake-sectigo";

let fake: FakeSectigo;
let clock: MutableClock;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sectigo-client-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  clock = new MutableClock();
  fake = await new FakeSectigo(clock).start();
});
afterEach(async () => {
  await fake.close();
});

function client(options: Partial<SectigoClientOptions> = {}): SectigoClient {
  return new SectigoClient({ endpoint: fake.url, username: "alice", password: "pw", now: clock.now, retryDelayMs: 1, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<SectigoError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SectigoError);
    return err as SectigoError;
  }
  throw new Error("expected a rejection");
}

describe("headers and bodies", () => {
  it("sends Bearer, the client's User-Agent and the exact JSON type on a GET, with no body", async () => {
    await client().userAuthorities();
    const req = fake.last("userAuthorities");
    expect(req.method).toBe("GET");
    expect(req.path).toBe("/api/v1/authorities/allowed");
    expect(req.headers.authorization).toMatch(/^Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(req.headers["user-agent"]).toBe(USER_AGENT);
    expect(req.headers["content-type"]).toBe(SECTIGO_JSON);
    expect(req.headers.accept).toBe(SECTIGO_JSON);
    expect(req.body.length).toBe(0);
  });

  it("resolves paths against the origin, ignoring the base URL's own path", async () => {
    await client({ endpoint: `${fake.url}/ignored/prefix/` }).licensesUsed();
    expect(fake.last("licensesUsed").path).toBe("/api/v1/devices");
  });

  it("creates a single-cert batch with PUT and a compact JSON body ending in a newline", async () => {
    const batch = await client().createSingleCertBatch({
      authorityId: 423,
      batchName: "trisa.directory-certreq-1",
      profileParams: { commonName: "a.example.com", dNSName: "a.example.com", pkcs12Password: "pw" },
    });
    const req = fake.last("createSingleCertBatch");
    expect(req.method).toBe("PUT");
    expect(req.body.toString()).toBe(
      '{"authorityId":423,"batchName":"trisa.directory-certreq-1","profileParams":{"commonName":"a.example.com","dNSName":"a.example.com","pkcs12Password":"pw"}}\n',
    );
    expect(batch).toEqual(SAMPLE_BATCH);
  });

  it.each([200, 201])("accepts %i from create", async (status) => {
    fake.on("createSingleCertBatch", () => ({ status, body: SAMPLE_BATCH }));
    await expect(client().createSingleCertBatch({ authorityId: 1, batchName: "b", profileParams: {} })).resolves.toMatchObject({
      batchId: 42,
    });
  });

  it("parses all 13 BatchResponse fields, a null generatorParametersValues and a +0000 date", async () => {
    const batch = await client().batchDetail(42);
    expect(Object.keys(batch).sort()).toEqual(Object.keys(SAMPLE_BATCH).sort());
    expect(Object.keys(batch)).toHaveLength(13);
    expect(batch.generatorParametersValues).toBeNull();
    expect(batch.creationDate).toBe("2020-12-10T16:35:32.805+0000");
  });

  it("reads a bare integer balance and encodes the authority id in the path", async () => {
    expect(await client().authorityAvailableBalance(489)).toBe(100);
    expect(fake.last("authorityAvailableBalance").path).toBe("/api/v1/authorities/489/balanceavailable");
  });

  it("normalizes the plain-text status whatever its content type", async () => {
    fake.on("batchStatus", () => ({ headers: { "Content-Type": "application/json" }, body: " Ready for download\n" }));
    expect(await client().batchStatus(7)).toBe("READY_FOR_DOWNLOAD");
    expect(fake.last("batchStatus").path).toBe("/api/v1/batches/7/status");
  });

  it.each([
    [{}, "{}\n"],
    [{ commonName: "a.example.com", serialNumber: "" }, '{"commonName":"a.example.com"}\n'],
    [{ serialNumber: "0A1B" }, '{"serialNumber":"0A1B"}\n'],
    [{ commonName: "a.example.com", serialNumber: "0A1B" }, '{"commonName":"a.example.com","serialNumber":"0A1B"}\n'],
  ])("find sends %j as %j", async (query, body) => {
    const reply = await client().findCertificate(query);
    expect(fake.last("findCertificate").body.toString()).toBe(body);
    expect(reply.totalCount).toBe(1);
  });
});

describe("find without a field", () => {
  it("sends {} and surfaces the CA's 400 as API_ERROR", async () => {
    fake.on("findCertificate", () => ({
      status: 400,
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: '{"success":false,"error":"specify common name or serial number"}',
    }));
    const err = await rejection(client().findCertificate({ commonName: "", serialNumber: "" }));
    expect(fake.last("findCertificate").body.toString()).toBe("{}\n");
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("API_ERROR");
    expect(err.status).toBe(400);
  });
});

describe("revoke", () => {
  it("POSTs the reason code and serial to /certificates/{profileId}/revoke", async () => {
    await client().revokeCertificate(85, 1, "7F3A");
    const req = fake.last("revokeCertificate");
    expect(req.path).toBe("/api/v1/certificates/85/revoke");
    expect(req.body.toString()).toBe('{"reasonCode":1,"serialNumber":"7F3A"}\n');
  });

  it.each([
    [200, "null"],
    [204, ""],
    [202, "not json at all"],
  ])("treats %i with body %j as success", async (status, body) => {
    fake.on("revokeCertificate", () => ({ status, headers: { "Content-Type": "text/html" }, body }));
    await expect(client().revokeCertificate(17, 0, "01")).resolves.toBeUndefined();
  });

  it("surfaces an unknown serial as NOT_FOUND with Sectigo's words", async () => {
    fake.on("revokeCertificate", () => ({
      status: 404,
      body: { status: 404, message: "certificate not found", errorCode: 12, timestamp: 1700000000 },
    }));
    const err = await rejection(client().revokeCertificate(17, 1, "FF"));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("NOT_FOUND");
    expect(err.message).toBe("404 certificate not found 12 1700000000");
  });

  it("refuses reason 7 before any request", async () => {
    const err = await rejection(client().revokeCertificate(17, 7, "FF"));
    expect(err.code).toBe("INVALID_ARGUMENT");
    expect(fake.requests).toHaveLength(0);
  });
});

describe("download", () => {
  it("asks for octet-stream and takes the unquoted file name (Go's mock)", async () => {
    const got = await client().download(42);
    const req = fake.last("download");
    expect(req.headers["content-type"]).toBe("application/octet-stream");
    expect(req.headers.accept).toBe("application/octet-stream");
    expect(req.headers.authorization).toMatch(/^Bearer /);
    expect(got.fileName).toBe("certificate.zip");
    expect(Buffer.from(got.data).toString()).toBe("PK\u0003\u0004zip-bytes");
  });

  it.each([
    ['attachment; filename="10001.zip"', "10001.zip"],
    ["attachment; filename=plain.zip", "plain.zip"],
    ["attachment; filename*=UTF-8''caf%C3%A9.zip", "café.zip"],
    ['attachment; filename="../../etc/cron.d/evil"', "evil"],
    ['attachment; filename="..\\\\..\\\\win.zip"', "win.zip"],
    ['attachment; filename=".."', "42.zip"],
    ["attachment", "42.zip"],
  ])("names the file from %j as %j", async (disposition, name) => {
    fake.on("download", () => ({ headers: { "Content-Disposition": disposition }, body: "zip" }));
    expect((await client().download(42)).fileName).toBe(name);
  });

  it("falls back to <id>.zip without a Content-Disposition", async () => {
    fake.on("download", () => ({ body: Buffer.from("zip") }));
    expect((await client().download(1234)).fileName).toBe("1234.zip");
  });

  it("rejects a non-2xx reply instead of saving it (stricter than Go)", async () => {
    fake.on("download", () => ({ status: 400, headers: { "Content-Type": "text/plain" }, body: "batch is not in downloadable state" }));
    const target = await mkdtemp(path.join(dir, "dl-"));
    const err = await rejection(client().downloadTo(42, target));
    expect(err.code).toBe("API_ERROR");
    expect(err.message).toBe("400 batch is not in downloadable state 0 0");
    expect(await readdir(target)).toEqual([]);
  });

  it("writes <dir>/<file name> and returns the path", async () => {
    const target = await mkdtemp(path.join(dir, "dl-"));
    const written = await client().downloadTo(42, target);
    expect(written).toBe(path.join(target, "certificate.zip"));
    expect(await readFile(written, "utf8")).toBe("PK\u0003\u0004zip-bytes");
  });

  it("checks the directory before any request", async () => {
    const missing = path.join(dir, "does-not-exist");
    const err = await rejection(client().downloadTo(42, missing));
    expect(err.code).toBe("DIRECTORY_NOT_FOUND");
    expect(err.message).toBe(`directory "${missing}" does not exist`);
    const file = path.join(dir, "a-file");
    await writeFile(file, "x");
    const err2 = await rejection(client().downloadTo(42, file));
    expect(err2.code).toBe("NOT_A_DIRECTORY");
    expect(err2.message).toBe(`path "${file}" is not a directory`);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("CSR upload (multipart)", () => {
  const twoCsrs =
    "-----BEGIN CERTIFICATE REQUEST-----\nMIIBAAA=\n-----END CERTIFICATE REQUEST-----\n" +
    "-----BEGIN CERTIFICATE REQUEST-----\nMIIBBBB=\n-----END CERTIFICATE REQUEST-----\n";

  interface Part {
    headers: string[];
    body: string;
  }

  function parseMultipart(contentType: string, raw: Buffer): Part[] {
    const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
    expect(boundary).toBeDefined();
    const text = raw.toString("utf8");
    expect(text.startsWith(`--${boundary}\r\n`)).toBe(true);
    expect(text.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true);
    const inner = text.slice(`--${boundary}\r\n`.length, -`\r\n--${boundary}--\r\n`.length);
    return inner.split(`\r\n--${boundary}\r\n`).map((chunk) => {
      const split = chunk.indexOf("\r\n\r\n");
      return { headers: chunk.slice(0, split).split("\r\n"), body: chunk.slice(split + 4) };
    });
  }

  it("sends profileId, csrBatchRequest and files, in that order, with Go's part headers", async () => {
    const batch = await client().uploadCsrBatch(17, "/home/me/csrs/batch.csr", twoCsrs);
    const req = fake.last("uploadCsrBatch");
    expect(req.method).toBe("POST");
    expect(req.headers.authorization).toMatch(/^Bearer /);
    expect(req.headers["user-agent"]).toBe(USER_AGENT);
    expect(req.headers.accept).toBe(SECTIGO_JSON);
    const contentType = req.headers["content-type"] ?? "";
    expect(contentType).toMatch(/^multipart\/form-data; boundary=[0-9a-f]+$/);
    const parts = parseMultipart(contentType, req.body);
    expect(parts).toHaveLength(3);
    expect(parts[0]).toEqual({ headers: ['Content-Disposition: form-data; name="profileId"'], body: "17" });
    expect(parts[1]?.headers).toEqual([
      'Content-Disposition: form-data; name="csrBatchRequest"; filename="blob"',
      "Content-Type: application/json",
    ]);
    expect(JSON.parse(parts[1]?.body ?? "")).toEqual({ profileId: 17, batchType: "BATCH", profileParams: {} });
    expect(parts[2]?.headers).toEqual([
      'Content-Disposition: form-data; name="files"; filename="batch.csr"',
      "Content-Type: application/octet-stream",
    ]);
    expect(parts[2]?.body).toBe(twoCsrs);
    expect(batch.status).toBe("completed");
  });

  it("passes profile params and escapes a hostile file name", async () => {
    await client().uploadCsrBatch(85, 'we"ird\r\nX-Injected: 1.csr', twoCsrs, { organizationName: "Org" });
    const req = fake.last("uploadCsrBatch");
    const parts = parseMultipart(req.headers["content-type"] ?? "", req.body);
    expect(parts[2]?.headers[0]).toBe('Content-Disposition: form-data; name="files"; filename="we\\"irdX-Injected: 1.csr"');
    expect(JSON.parse(parts[1]?.body ?? "")).toEqual({ profileId: 85, batchType: "BATCH", profileParams: { organizationName: "Org" } });
  });
});

describe("timeouts and retries", () => {
  it("turns a server that never answers into TIMEOUT naming the endpoint, at the configured timeout", async () => {
    fake.on("findCertificate", () => "hang");
    const err = await rejection(client({ timeoutMs: 150 }).findCertificate({ commonName: "a.example.com" }));
    // The configured 150 ms ended the call, not a longer default; a hang would hit the test timeout.
    expect(err).toMatchObject({ code: "TIMEOUT", timeoutMs: 150 });
    expect(err.message).toContain("findCertificate (POST /api/v1/certificates/find)");
    expect(fake.count("findCertificate")).toBe(1);
  });

  it("retries a GET that timed out, up to getRetries", async () => {
    fake.on("batchDetail", () => "hang");
    const err = await rejection(client({ timeoutMs: 100, getRetries: 1 }).batchDetail(42));
    expect(err.code).toBe("TIMEOUT");
    expect(fake.count("batchDetail")).toBe(2);
  });

  it("retries a GET after a 503 and succeeds", async () => {
    fake.on("licensesUsed", (_req, call) => (call === 1 ? { status: 503 } : { body: { ordered: 5, issued: 1 } }));
    const seen: SectigoAttempt[] = [];
    expect(await client({ onRequest: (i) => seen.push(i) }).licensesUsed()).toEqual({ ordered: 5, issued: 1 });
    expect(fake.count("licensesUsed")).toBe(2);
    expect(seen.filter((i) => i.endpoint === "licensesUsed").map((i) => [i.attempt, i.status])).toEqual([
      [0, 503],
      [1, 200],
    ]);
  });

  it("gives up after getRetries with UPSTREAM or RATE_LIMITED", async () => {
    fake.on("profiles", () => ({ status: 429, headers: { "Retry-After": "0" } }));
    expect((await rejection(client({ getRetries: 2 }).profiles())).code).toBe("RATE_LIMITED");
    expect(fake.count("profiles")).toBe(3);
    fake.on("organization", () => ({ status: 502 }));
    expect((await rejection(client({ getRetries: 0 }).organization())).code).toBe("UPSTREAM");
    expect(fake.count("organization")).toBe(1);
  });

  it("never retries the create PUT, even on a 503", async () => {
    fake.on("createSingleCertBatch", () => ({ status: 503 }));
    const err = await rejection(client().createSingleCertBatch({ authorityId: 1, batchName: "b", profileParams: {} }));
    expect(err.code).toBe("UPSTREAM");
    expect(fake.count("createSingleCertBatch")).toBe(1);
  });

  it("never retries upload or revoke", async () => {
    fake.on("uploadCsrBatch", () => ({ status: 500 }));
    fake.on("revokeCertificate", () => ({ status: 500 }));
    await rejection(client().uploadCsrBatch(17, "a.csr", "x"));
    await rejection(client().revokeCertificate(17, 1, "AA"));
    expect(fake.count("uploadCsrBatch")).toBe(1);
    expect(fake.count("revokeCertificate")).toBe(1);
  });

  it("does not retry a 404", async () => {
    fake.on("batchDetail", () => ({ status: 404 }));
    expect((await rejection(client().batchDetail(9))).code).toBe("NOT_FOUND");
    expect(fake.count("batchDetail")).toBe(1);
  });

  it("says Sectigo could not be reached when nothing listens", async () => {
    const port = await closedPort();
    const err = await rejection(client({ endpoint: `http://127.0.0.1:${port}`, getRetries: 1 }).licensesUsed());
    expect(err.code).toBe("NETWORK");
    expect(err.message).toBe(
      `Sectigo could not be reached at 127.0.0.1:${port} (connection refused): check SECTIGO_ENDPOINT and the network`,
    );
  });
});

describe("unexpected replies", () => {
  it("turns a malformed JSON body into BAD_RESPONSE naming the endpoint", async () => {
    fake.on("licensesUsed", () => ({ headers: { "Content-Type": SECTIGO_JSON }, body: '{"ordered": 1,' }));
    const err = await rejection(client().licensesUsed());
    expect(err.code).toBe("BAD_RESPONSE");
    expect(err.message).toBe("Sectigo sent an unexpected response to licensesUsed (GET /api/v1/devices): the body is not JSON");
  });

  it("turns a wrong shape into BAD_RESPONSE with the field", async () => {
    fake.on("processingInfo", () => ({ body: { active: "0", success: 1, failed: 0 } }));
    const err = await rejection(client().processingInfo(42));
    expect(err.code).toBe("BAD_RESPONSE");
    expect(err.message).toMatch(/processingInfo \(GET \/api\/v1\/batches\/42\/processing_info\): active: /);
  });

  it("never quotes a bad auth reply, which may hold a token", async () => {
    fake.on("authenticate", () => ({ body: { accessToken: 42, refreshToken: "secret-refresh-token" } }));
    const err = await rejection(client().authenticate());
    expect(err.code).toBe("BAD_RESPONSE");
    expect(err.message).not.toContain("secret-refresh-token");
  });
});

describe("environment guard", () => {
  it("refuses http in production before any request", async () => {
    const err = await rejection(client({ environment: "production" }).licensesUsed());
    expect(err.code).toBe("ENVIRONMENT");
    expect(err.message).toBe("must use https in production, not http");
    expect(fake.requests).toHaveLength(0);
  });

  it("lets testing talk to 127.0.0.1", async () => {
    await expect(client({ environment: "testing" }).licensesUsed()).resolves.toEqual({ ordered: 10, issued: 3 });
  });

  it("checks every request, so staging never reaches *.sectigo.com", async () => {
    const calls: string[] = [];
    const fetchImpl = (async (url: Parameters<typeof fetch>[0]) => {
      calls.push(String(url));
      return new Response("{}");
    }) as typeof fetch;
    const c = client({ endpoint: "https://iot.sectigo.com", environment: "staging", fetchImpl });
    const err = await rejection(c.authenticate());
    expect(err.message).toBe("cannot connect to iot.sectigo.com in staging");
    expect(calls).toEqual([]);
  });
});
