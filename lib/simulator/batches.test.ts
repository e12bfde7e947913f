import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorBodySchema, batchResponseSchema, processingInfoSchema } from "@/lib/sectigo/schemas";
import type { RunningSimulator } from "./server";
import {
  api,
  login,
  openssl,
  removeDir,
  singleParams,
  startTestSimulator,
  tempDir,
  unzip,
  waitForBatch,
} from "./test-support";

let dir: string;
let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  dir = await tempDir();
  sim = await startTestSimulator(path.join(dir, "data"));
  token = (await login(sim)).accessToken;
});

afterAll(async () => {
  await sim.close();
  await removeDir(dir);
});

const create = (body: unknown, s = sim, t = token) => api(s, t, "PUT", "/api/v1/batches/createSingleCertBatch", body);
const getJson = async (p: string, s = sim, t = token) => (await (await api(s, t, "GET", p)).json()) as unknown;

async function errorOf(res: Response): Promise<{ status: number; message: string }> {
  return apiErrorBodySchema.parse(await res.json());
}

describe("single-certificate batch lifecycle", () => {
  it("creates a batch (201 PROCESSING), issues it after the delay, and spends one licence", async () => {
    const balanceBefore = (await getJson("/api/v1/authorities/423/balanceavailable")) as number;
    const issuedBefore = ((await getJson("/api/v1/devices")) as { issued: number }).issued;

    const res = await create({ authorityId: 423, batchName: "first", profileParams: singleParams("alpha.example.com", ["www.alpha.example.com"]) });
    expect(res.status).toBe(201);
    const batch = batchResponseSchema.parse(await res.json());
    expect(batch).toMatchObject({
      status: "PROCESSING",
      active: true,
      downloadable: false,
      rejectable: true,
      generatorParametersValues: null,
      userId: 42,
      size: 1,
      profile: "CipherTrace EE",
      batchName: "first",
      rejectReason: "",
    });
    expect(batch.batchId).toBeGreaterThanOrEqual(10000);
    expect(batch.creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

    const done = batchResponseSchema.parse(await waitForBatch(sim, token, batch.batchId));
    expect(done).toMatchObject({ status: "READY_FOR_DOWNLOAD", active: false, downloadable: true, rejectable: false });
    expect(processingInfoSchema.parse(await getJson(`/api/v1/batches/${batch.batchId}/processing_info`))).toEqual({ active: 0, success: 1, failed: 0 });
    const status = await api(sim, token, "GET", `/api/v1/batches/${batch.batchId}/status`);
    expect(status.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await status.text()).toBe("Ready for download");
    expect(await getJson("/api/v1/authorities/423/balanceavailable")).toBe(balanceBefore - 1);
    expect(((await getJson("/api/v1/devices")) as { issued: number }).issued).toBe(issuedBefore + 1);

    // The download: one <cn>.p12 that OpenSSL 3 opens as is, whose leaf chains to the simulator CA.
    const dl = await api(sim, token, "GET", `/api/v1/batches/${batch.batchId}/download`, undefined, {
      "Content-Type": "application/octet-stream",
      Accept: "application/octet-stream",
    });
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe("application/octet-stream");
    expect(dl.headers.get("content-disposition")).toBe(`attachment; filename="${batch.batchId}.zip"`);
    const entries = unzip(new Uint8Array(await dl.arrayBuffer()));
    expect(Object.keys(entries)).toEqual(["alpha.example.com.p12"]);

    const work = path.join(dir, "p12");
    await fs.mkdir(work, { recursive: true });
    await fs.writeFile(path.join(work, "x.p12"), entries["alpha.example.com.p12"] ?? new Uint8Array());
    const chain = sim.caChainPem();
    await fs.writeFile(path.join(work, "chain.pem"), `${chain.issuing}\n${chain.root}`);
    const pass = `pass:${singleParams("x").pkcs12Password}`;
    const all = await openssl(["pkcs12", "-in", "x.p12", "-nodes", "-passin", pass], work);
    expect(all).toContain("-----BEGIN PRIVATE KEY-----");
    await fs.writeFile(path.join(work, "leaf.pem"), await openssl(["pkcs12", "-in", "x.p12", "-clcerts", "-nokeys", "-passin", pass], work));
    expect(await openssl(["verify", "-CAfile", "chain.pem", "leaf.pem"], work)).toContain("leaf.pem: OK");
    const text = await openssl(["x509", "-in", "leaf.pem", "-noout", "-text"], work);
    expect(text).toContain("DNS:alpha.example.com, DNS:www.alpha.example.com");
    expect(text).toContain("Subject: C = US, ST = California, L = Menlo Park, O = TRISA Member VASP, CN = alpha.example.com");
    expect(text).toContain("sha384WithRSAEncryption");
    expect(text).toMatch(/Extended Key Usage: critical\s+TLS Web Client Authentication, TLS Web Server Authentication/);
    expect(text).toContain(`URI:${sim.url}/crl/issuing-ca.crl`);
    // The modern format: AES-256 under PBES2, as OpenSSL 3 writes it.
    const info = await openssl(["pkcs12", "-in", "x.p12", "-info", "-noout", "-passin", pass], work);
    expect(info).toMatch(/PBES2.*AES-256-CBC/s);
  });

  it("takes the subject of profile 85 from its parameters", async () => {
    const params = {
      ...singleParams("beta.example.org"),
      organizationName: "Beta Exchange, Ltd",
      localityName: "Berlin",
      stateOrProvinceName: "Berlin",
      countryName: "DE",
    };
    const res = await create({ authorityId: 489, batchName: "mainnet", profileParams: params });
    expect(res.status).toBe(201);
    const { batchId } = batchResponseSchema.parse(await res.json());
    expect((await waitForBatch(sim, token, batchId)).status).toBe("READY_FOR_DOWNLOAD");
    const find = await api(sim, token, "POST", "/api/v1/certificates/find", { commonName: "beta.example.org" });
    const found = (await find.json()) as { items: { commonName: string }[] };
    expect(found.items[0]?.commonName).toBe("CN=beta.example.org,O=Beta Exchange\\, Ltd,L=Berlin,ST=Berlin,C=DE");
  });

  it("answers 404 for an unknown batch on every batch endpoint", async () => {
    for (const suffix of ["", "/status", "/processing_info", "/download"]) {
      expect((await api(sim, token, "GET", `/api/v1/batches/99999${suffix}`)).status).toBe(404);
    }
    expect((await api(sim, token, "GET", "/api/v1/batches/not-a-number")).status).toBe(404);
  });
});

describe("concurrent requests", () => {
  it("gives concurrent creates distinct, consecutive ids and spends the balance once each", async () => {
    const before = (await getJson("/api/v1/authorities/423/balanceavailable")) as number;
    const replies = await Promise.all(
      Array.from({ length: 4 }, (_, i) => create({ authorityId: 423, batchName: `c${i}`, profileParams: singleParams(`c${i}.example.com`) })),
    );
    const ids = await Promise.all(replies.map(async (r) => batchResponseSchema.parse(await r.json()).batchId));
    const sorted = [...ids].sort((a, b) => a - b);
    expect(new Set(ids).size).toBe(4);
    expect((sorted.at(-1) ?? 0) - (sorted[0] ?? 0)).toBe(3);
    for (const id of ids) expect((await waitForBatch(sim, token, id)).status).toBe("READY_FOR_DOWNLOAD");
    expect(await getJson("/api/v1/authorities/423/balanceavailable")).toBe(before - 4);
  });
});

describe("createSingleCertBatch validation", () => {
  const cases: [string, unknown, RegExp][] = [
    ["an unknown authority", { authorityId: 17, batchName: "x", profileParams: singleParams("a.example.com") }, /unknown profile/],
    ["a missing commonName", { authorityId: 423, batchName: "x", profileParams: { dNSName: "a.example.com", pkcs12Password: "Secret-Pass-1234" } }, /missing required parameter: commonName/],
    ["a common name that is not a domain", { authorityId: 423, batchName: "x", profileParams: singleParams("not a domain") }, /DNS host name/],
    ["an extra parameter", { authorityId: 423, batchName: "x", profileParams: { ...singleParams("a.example.com"), organizationName: "X" } }, /extra profile parameter: organizationName/],
    ["a number as a parameter value", { authorityId: 423, batchName: "x", profileParams: { commonName: 5 } }, /profileParams/],
  ];
  for (const [what, body, message] of cases) {
    it(`answers 400 to ${what}`, async () => {
      const res = await create(body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toMatch(message);
    });
  }

  it("answers 400 to a body that is not JSON, and never echoes the PKCS#12 password", async () => {
    const bad = await create("{oops");
    expect(bad.status).toBe(400);
    const res = await create({ authorityId: 423, batchName: "x", profileParams: { ...singleParams("a.example.com"), pkcs12Password: "short" } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).not.toContain("short");
  });
});

describe("balances and rejection", () => {
  let sdir: string;
  let s: RunningSimulator;
  let t: string;
  let clock = new Date("2026-03-01T12:00:00Z");

  beforeAll(async () => {
    sdir = await tempDir();
    const stateDir = path.join(sdir, "simulator");
    await fs.mkdir(stateDir, { recursive: true });
    const seeded = { version: 1, nextBatchId: 10000, nextOrderNumber: 1, crlNumber: 0, issuedCount: 0, balances: { "423": 0, "489": 1 }, batches: [], certificates: [] };
    await fs.writeFile(path.join(stateDir, "state.json"), JSON.stringify(seeded));
    s = await startTestSimulator(sdir, { processingDelayMs: 3000, now: () => clock });
    t = (await login(s)).accessToken;
  });

  afterAll(async () => {
    await s.close();
    await removeDir(sdir);
  });

  it("refuses a batch on an authority with no balance left", async () => {
    const res = await create({ authorityId: 423, batchName: "x", profileParams: singleParams("a.example.com") }, s, t);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe("no balance available on authority 423");
  });

  it("says Processing while waiting, refuses the download, and rejects a batch whose balance was spent meanwhile", async () => {
    const params = { ...singleParams("c.example.com"), organizationName: "C", localityName: "L", stateOrProvinceName: "S", countryName: "US" };
    const first = batchResponseSchema.parse(await (await create({ authorityId: 489, batchName: "1", profileParams: params }, s, t)).json());
    const second = batchResponseSchema.parse(await (await create({ authorityId: 489, batchName: "2", profileParams: params }, s, t)).json());
    expect(await (await api(s, t, "GET", `/api/v1/batches/${first.batchId}/status`)).text()).toBe("Processing");
    expect(await getJson(`/api/v1/batches/${first.batchId}/processing_info`, s, t)).toEqual({ active: 1, success: 0, failed: 0 });
    const early = await api(s, t, "GET", `/api/v1/batches/${first.batchId}/download`);
    expect(early.status).toBe(400);
    expect((await errorOf(early)).message).toBe("batch is not in downloadable state");

    clock = new Date(clock.getTime() + 3000);
    await s.runDueBatches();
    expect(((await getJson(`/api/v1/batches/${first.batchId}`, s, t)) as { status: string }).status).toBe("READY_FOR_DOWNLOAD");
    const rejected = batchResponseSchema.parse(await getJson(`/api/v1/batches/${second.batchId}`, s, t));
    expect(rejected.status).toBe("REJECTED");
    expect(rejected.rejectReason).toBe("no balance available on authority 489");
    expect(await getJson(`/api/v1/batches/${second.batchId}/processing_info`, s, t)).toEqual({ active: 0, success: 0, failed: 1 });
    expect(await (await api(s, t, "GET", `/api/v1/batches/${second.batchId}/status`)).text()).toBe("Rejected");
    expect(await getJson("/api/v1/authorities/489/balanceavailable", s, t)).toBe(0);
  });
});

describe("legacy PKCS#12 format", () => {
  it("encrypts the download with 3DES, which OpenSSL 3 still opens", async () => {
    const ldir = await tempDir();
    const s = await startTestSimulator(ldir, { pkcs12Format: "legacy", processingDelayMs: 0 });
    try {
      const t = (await login(s)).accessToken;
      const { batchId } = batchResponseSchema.parse(await (await create({ authorityId: 423, batchName: "l", profileParams: singleParams("legacy.example.com") }, s, t)).json());
      await waitForBatch(s, t, batchId);
      const entries = unzip(new Uint8Array(await (await api(s, t, "GET", `/api/v1/batches/${batchId}/download`)).arrayBuffer()));
      await fs.writeFile(path.join(ldir, "l.p12"), entries["legacy.example.com.p12"] ?? new Uint8Array());
      const info = await openssl(["pkcs12", "-in", "l.p12", "-info", "-nodes", "-passin", `pass:${singleParams("x").pkcs12Password}`], ldir);
      expect(info).toContain("pbeWithSHA1And3-KeyTripleDES-CBC");
      expect(info).toContain("-----BEGIN PRIVATE KEY-----");
    } finally {
      await s.close();
      await removeDir(ldir);
    }
  });
});
