import { promises as fs } from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { x509, crypto } from "@/lib/pki/x509";
import { apiErrorBodySchema, batchResponseSchema } from "@/lib/sectigo/schemas";
import type { RunningSimulator } from "./server";
import { login, openssl, removeDir, startTestSimulator, tempDir, unzip, waitForBatch } from "./test-support";

let dir: string;
let sim: RunningSimulator;
let token: string;
let opensslCsr: string; // made by the openssl binary, SAN one.example.com + alt.example.com
let libraryCsr: string; // made with @peculiar/x509, SAN two.example.com
let noSanCsr: string;

async function makeLibraryCsr(cn: string): Promise<string> {
  const alg = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = (await crypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${cn}, O=Two Corp`,
    keys,
    signingAlgorithm: alg,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: "dns", value: cn }])],
  });
  return csr.toString("pem");
}

function forge(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
  der[der.length - 10] = (der[der.length - 10] ?? 0) ^ 0xff; // a byte inside the signature
  return x509.PemConverter.encode(der, "CERTIFICATE REQUEST");
}

beforeAll(async () => {
  dir = await tempDir();
  sim = await startTestSimulator(path.join(dir, "data"), { processingDelayMs: 20 });
  token = (await login(sim)).accessToken;
  const req = (cn: string, san?: string) => [
    "req", "-new", "-newkey", "rsa:2048", "-nodes", "-sha384", "-subj", `/CN=${cn}`,
    ...(san ? ["-addext", `subjectAltName=${san}`] : []),
    "-keyout", `${cn}.key`, "-out", `${cn}.csr`,
  ];
  await openssl(req("one.example.com", "DNS:one.example.com,DNS:alt.example.com"), dir);
  await openssl(req("nosan.example.com"), dir);
  opensslCsr = await fs.readFile(path.join(dir, "one.example.com.csr"), "utf8");
  noSanCsr = await fs.readFile(path.join(dir, "nosan.example.com.csr"), "utf8");
  libraryCsr = await makeLibraryCsr("two.example.com");
});

afterAll(async () => {
  await sim.close();
  await removeDir(dir);
});

function upload(file: Blob, fileName = "csrs.pem", profileId = 17): Promise<Response> {
  const form = new FormData();
  form.append("profileId", String(profileId));
  form.append("csrBatchRequest", new Blob([JSON.stringify({ profileId, batchType: "BATCH", profileParams: {} })], { type: "application/json" }), "blob");
  form.append("files", file, fileName);
  return fetch(`${sim.url}/api/v1/batches/upload`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: form });
}

const pemFile = (...pems: string[]) => new Blob([pems.join("\n")], { type: "application/octet-stream" });

async function uploadAndWait(file: Blob, fileName?: string) {
  const res = await upload(file, fileName);
  expect(res.status).toBe(201);
  const created = batchResponseSchema.parse(await res.json());
  expect(created.status).toBe("PROCESSING");
  return batchResponseSchema.parse(await waitForBatch(sim, token, created.batchId));
}

async function download(batchId: number): Promise<Record<string, Uint8Array>> {
  const res = await fetch(`${sim.url}/api/v1/batches/${batchId}/download`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return unzip(new Uint8Array(await res.arrayBuffer()));
}

describe("CSR batch upload", () => {
  it("signs two good CSRs from one PEM file and returns one PEM chain per certificate", async () => {
    const batch = await uploadAndWait(pemFile(opensslCsr, libraryCsr));
    expect(batch.status).toBe("READY_FOR_DOWNLOAD");
    expect(batch.size).toBe(2);
    const entries = await download(batch.batchId);
    expect(Object.keys(entries).sort()).toEqual(["one.example.com.pem", "two.example.com.pem"]);

    const chain = sim.caChainPem();
    await fs.writeFile(path.join(dir, "chain.pem"), `${chain.issuing}\n${chain.root}`);
    for (const [name, data] of Object.entries(entries)) {
      const text = Buffer.from(data).toString("utf8");
      expect(text.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
      expect(text).toContain(chain.issuing.trim());
      expect(text).toContain(chain.root.trim());
      await fs.writeFile(path.join(dir, name), text);
      expect(await openssl(["verify", "-CAfile", "chain.pem", name], dir)).toContain(`${name}: OK`);
    }
    const one = await openssl(["x509", "-in", "one.example.com.pem", "-noout", "-ext", "subjectAltName", "-pubkey"], dir);
    expect(one).toContain("DNS:one.example.com, DNS:alt.example.com");
    // Signed for the CSR's own key: the certificate's public key is the one in the CSR.
    const csrKey = await openssl(["req", "-in", "one.example.com.csr", "-noout", "-pubkey"], dir);
    expect(one).toContain(csrKey.trim());
    const two = await openssl(["x509", "-in", "two.example.com.pem", "-noout", "-subject"], dir);
    expect(two).toContain("subject=CN = two.example.com, O = Two Corp");
  });

  it("accepts a ZIP of .csr files when the part is application/zip", async () => {
    const zip = zipSync({ "a.csr": new TextEncoder().encode(opensslCsr), "b.pem": new TextEncoder().encode(libraryCsr), "readme.txt": new Uint8Array([1]) });
    const batch = await uploadAndWait(new Blob([zip], { type: "application/zip" }), "csrs.zip");
    expect(batch.status).toBe("READY_FOR_DOWNLOAD");
    expect(batch.size).toBe(2);
  });

  it("ends NOT_ACCEPTABLE with a reason naming the forged CSR", async () => {
    const batch = await uploadAndWait(pemFile(opensslCsr, forge(libraryCsr)));
    expect(batch.status).toBe("NOT_ACCEPTABLE");
    expect(batch.rejectReason).toMatch(/^CSR 2: .*signature/);
    const status = await fetch(`${sim.url}/api/v1/batches/${batch.batchId}/status`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await status.text()).toBe(`Not Acceptable. Status: ${batch.rejectReason}`);
    const info = await fetch(`${sim.url}/api/v1/batches/${batch.batchId}/processing_info`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await info.json()).toEqual({ active: 0, success: 0, failed: 2 });
  });

  it("ends BROKEN with Sectigo's message when a CSR has no SAN dNSName", async () => {
    const batch = await uploadAndWait(pemFile(noSanCsr));
    expect(batch.status).toBe("BROKEN");
    expect(batch.rejectReason).toBe("Cert subject name error: SubjectAlternativeName dNSName value is missing");
  });

  it("refuses a file without a CSR (400), an unknown profile (400) and an oversize body (413)", async () => {
    const empty = await upload(pemFile("hello"));
    expect(empty.status).toBe(400);
    expect(apiErrorBodySchema.parse(await empty.json()).message.length).toBeGreaterThan(0);
    const unknown = await upload(pemFile(opensslCsr), "x.pem", 99);
    expect(unknown.status).toBe(400);
    expect(apiErrorBodySchema.parse(await unknown.json()).message).toMatch(/unknown profile/);
    const big = await upload(new Blob([new Uint8Array(5 * 1024 * 1024 + 1)], { type: "application/octet-stream" }));
    expect(big.status).toBe(413);
  });
});
