import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorBodySchema, batchResponseSchema, findCertificateResponseSchema } from "@/lib/sectigo/schemas";
import { crlToPem } from "./crl";
import type { RunningSimulator } from "./server";
import { api, login, openssl, opensslStatus, removeDir, singleParams, startTestSimulator, tempDir, unzip, waitForBatch } from "./test-support";

let dir: string;
let sim: RunningSimulator;
let token: string;
let batchA: number;
let batchB: number;
let serialA: string;
let serialB: string;

async function issue(cn: string): Promise<number> {
  const res = await api(sim, token, "PUT", "/api/v1/batches/createSingleCertBatch", {
    authorityId: 423,
    batchName: cn,
    profileParams: singleParams(cn),
  });
  const { batchId } = batchResponseSchema.parse(await res.json());
  return batchId;
}

async function find(body: unknown) {
  const res = await api(sim, token, "POST", "/api/v1/certificates/find", body);
  return { status: res.status, body: (await res.json()) as unknown };
}

const revoke = (profileId: number | string, body: unknown) =>
  api(sim, token, "POST", `/api/v1/certificates/${profileId}/revoke`, body);

async function crlText(): Promise<string> {
  const res = await fetch(`${sim.url}/crl/issuing-ca.crl`);
  expect(res.headers.get("content-type")).toBe("application/pkix-crl");
  await fs.writeFile(path.join(dir, "crl.der"), Buffer.from(await res.arrayBuffer()));
  return openssl(["crl", "-inform", "DER", "-in", "crl.der", "-noout", "-text"], dir);
}

beforeAll(async () => {
  dir = await tempDir();
  sim = await startTestSimulator(path.join(dir, "data"), { processingDelayMs: 0 });
  token = (await login(sim)).accessToken;
  batchA = await issue("shared.example.com");
  batchB = await issue("shared.example.com");
  await waitForBatch(sim, token, batchA);
  await waitForBatch(sim, token, batchB);
  const all = findCertificateResponseSchema.parse((await find({ commonName: "shared.example.com" })).body);
  const bySerial = new Map(all.items.map((i) => [i.serialNumber, i]));
  expect(bySerial.size).toBe(2);
  [serialA, serialB] = [...bySerial.keys()] as [string, string];
});

afterAll(async () => {
  await sim.close();
  await removeDir(dir);
});

describe("find", () => {
  it("finds every certificate with a common name, in cathy's item shape", async () => {
    const found = findCertificateResponseSchema.parse((await find({ commonName: "SHARED.example.com" })).body);
    expect(found.totalCount).toBe(2);
    for (const item of found.items) {
      expect(item.deviceId).toMatch(/^[0-9a-f-]{36}$/);
      expect(item.commonName).toBe("CN=shared.example.com,O=TRISA Member VASP,L=Menlo Park,ST=California,C=US");
      expect(item.serialNumber).toMatch(/^[0-9A-F]{32}$/);
      expect(item.status).toBe("READY_FOR_DOWNLOAD");
    }
  });

  it("finds one certificate by serial in lower case with colons", async () => {
    const colons = serialA.toLowerCase().match(/../g)?.join(":") ?? "";
    const found = findCertificateResponseSchema.parse((await find({ serialNumber: colons })).body);
    expect(found.items.map((i) => i.serialNumber)).toEqual([serialA]);
  });

  it("answers 400 to an empty query and finds nothing for an unknown name", async () => {
    const empty = await find({});
    expect(empty.status).toBe(400);
    expect(apiErrorBodySchema.parse(empty.body).message).toBe("specify common name or serial number");
    expect(findCertificateResponseSchema.parse((await find({ commonName: "nobody.example.com" })).body)).toEqual({ totalCount: 0, items: [] });
  });
});

describe("revoke", () => {
  it("validates the request: bad JSON, empty serial, reason 7 or out of range, wrong profile, unknown serial", async () => {
    expect((await revoke(17, "{bad")).status).toBe(400);
    expect((await revoke(17, { reasonCode: 1, serialNumber: "" })).status).toBe(400);
    for (const reasonCode of [7, 11, -1, 1.5, "1"]) {
      expect((await revoke(17, { reasonCode, serialNumber: serialA })).status).toBe(400);
    }
    const wrong = await revoke(85, { reasonCode: 1, serialNumber: serialA });
    expect(wrong.status).toBe(400);
    expect(apiErrorBodySchema.parse(await wrong.json()).message).toContain(`was not issued under profile 85`);
    expect((await revoke(17, { reasonCode: 1, serialNumber: "0BADC0FFEE" })).status).toBe(404);
    // None of that changed anything.
    expect(await crlText()).toContain("No Revoked Certificates");
  });

  it("revokes: find shows REVOKED, the CRL lists the serial with its reason, openssl says revoked, and the download fails", async () => {
    const res = await revoke(17, { reasonCode: 1, serialNumber: serialA });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });

    const found = findCertificateResponseSchema.parse((await find({ serialNumber: serialA })).body);
    expect(found.items[0]?.status).toBe("REVOKED");

    const text = await crlText();
    expect(text).toContain("Version 2");
    expect(text).toMatch(/X509v3 CRL Number:\s+\d+/);
    expect(text).toContain("X509v3 Authority Key Identifier");
    expect(text).toContain(`Serial Number: ${serialA}`);
    expect(text).toContain("Key Compromise");
    expect(text).not.toContain(serialB);

    // Verify the way a relying party would: chain + CRL from the URL in the certificate.
    await fs.writeFile(path.join(dir, "other.pem"), await leafOf(batchB));
    const chain = sim.caChainPem();
    await fs.writeFile(path.join(dir, "chain.pem"), `${chain.issuing}\n${chain.root}`);
    const crlPem = crlToPem(new Uint8Array(await fs.readFile(path.join(dir, "crl.der"))));
    await fs.writeFile(path.join(dir, "crl.pem"), crlPem);
    const good = await opensslStatus(["verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "chain.pem", "other.pem"], dir);
    expect(good.output).toContain("other.pem: OK");

    const download = await api(sim, token, "GET", `/api/v1/batches/${batchA}/download`);
    expect(download.status).toBe(500);
    expect(apiErrorBodySchema.parse(await download.json()).message).toContain("cannot get certs in status REVOKED");
  });

  it("answers 200 again to a second revoke without a second CRL entry, and accepts the authority id", async () => {
    const before = await crlText();
    const again = await revoke(423, { reasonCode: 4, serialNumber: serialA.toLowerCase() });
    expect(again.status).toBe(200);
    const after = await crlText();
    expect(after.split(`Serial Number: ${serialA}`)).toHaveLength(2);
    expect(after).toContain("Key Compromise");
    expect(after).not.toContain("Superseded");
    expect(before).toContain(serialA);
  });

  it("makes openssl report the revoked leaf as revoked against the published CRL", async () => {
    // A revoked certificate can no longer be downloaded: save the second leaf first, then revoke it.
    const leafPem = await leafOf(batchB);
    await fs.writeFile(path.join(dir, "b.pem"), leafPem);
    expect((await revoke(17, { reasonCode: 5, serialNumber: serialB })).status).toBe(200);
    const text = await crlText();
    expect(text).toContain("Cessation Of Operation");
    await fs.writeFile(path.join(dir, "crl.pem"), crlToPem(new Uint8Array(await fs.readFile(path.join(dir, "crl.der")))));
    const result = await opensslStatus(["verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "chain.pem", "b.pem"], dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("certificate revoked");
  });
});

/** The leaf certificate (PEM) of a downloadable single-certificate batch. */
async function leafOf(batchId: number): Promise<string> {
  const res = await api(sim, token, "GET", `/api/v1/batches/${batchId}/download`);
  expect(res.status).toBe(200);
  const entries = unzip(new Uint8Array(await res.arrayBuffer()));
  const [name, data] = Object.entries(entries)[0] ?? ["", new Uint8Array()];
  await fs.writeFile(path.join(dir, name), data);
  return openssl(["pkcs12", "-in", name, "-clcerts", "-nokeys", "-passin", `pass:${singleParams("x").pkcs12Password}`], dir);
}
