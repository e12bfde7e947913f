// Interoperability with the real `openssl` binary, as a TRISA member would check what it
// receives: a CSR made with the seed recipe (RSA 4096, SHA-384, trisa.conf extensions) →
// upload → wait → download → unzip → openssl verify against the simulator's CA; a
// single-certificate batch → `openssl pkcs12 -nodes` with the batch password; then
// revoke → fetch the CRL → `openssl verify -crl_check` says revoked.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProfileParams, findProfile, generatePkcs12Password, parseReason, type SectigoClient } from "@/lib/sectigo";
import { run, startHarness, tempDir, waitForBatch, type Harness } from "./support";

const TRISA_CONF = `[req]
distinguished_name = dn
req_extensions = v3_req
prompt = no

[dn]
C = US
ST = California
L = Menlo Park
O = Example VASP Inc
CN = interop.example.com

[v3_req]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment, nonRepudiation
extendedKeyUsage = clientAuth, serverAuth
subjectAltName = @alt_names

[alt_names]
DNS.1 = interop.example.com
DNS.2 = trisa.interop.example.com
`;

let h: Harness;
let client: SectigoClient;
let dir: string;
let chainFile: string;

beforeAll(async () => {
  h = await startHarness({ processingDelayMs: 100 });
  client = h.client();
  dir = await tempDir("contract-openssl-");
  const { root, issuing } = h.sim.caChainPem();
  chainFile = path.join(dir, "ca-chain.pem");
  await fs.writeFile(chainFile, `${issuing.trim()}\n${root.trim()}\n`);
});
afterAll(async () => {
  await h.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function openssl(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run("openssl", args, { cwd: dir });
  return `${stdout}${stderr}`;
}

async function verifyWithCrl(leafFile: string): Promise<string> {
  const res = await fetch(`${h.sim.url}/crl/issuing-ca.crl`);
  expect(res.status).toBe(200);
  await fs.writeFile(path.join(dir, "crl.der"), new Uint8Array(await res.arrayBuffer()));
  await openssl("crl", "-inform", "DER", "-in", "crl.der", "-out", "crl.pem");
  return run("openssl", ["verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", chainFile, leafFile], { cwd: dir }).then(
    ({ stdout, stderr }) => `${stdout}${stderr}`,
    (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ""}${err.stderr ?? ""}`,
  );
}

function firstCertificate(pem: string): string {
  const match = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!match) throw new Error("no certificate in PEM");
  return `${match[0]}\n`;
}

describe("openssl interoperability", () => {
  it("signs a CSR made with the TRISA openssl recipe; openssl verifies it; after a revoke the CRL check says revoked", async () => {
    await fs.writeFile(path.join(dir, "trisa.conf"), TRISA_CONF);
    await openssl("req", "-new", "-newkey", "rsa:4096", "-nodes", "-sha384", "-config", "trisa.conf", "-keyout", "vasp.key", "-out", "vasp.csr");
    const csr = await fs.readFile(path.join(dir, "vasp.csr"), "utf8");

    const batch = await client.uploadCsrBatch(17, "vasp.csr", csr);
    expect(await waitForBatch(client, batch.batchId)).toBe("READY_FOR_DOWNLOAD");
    const zipFile = await client.downloadTo(batch.batchId, dir);
    const out = path.join(dir, "csr-batch");
    await run("unzip", ["-o", zipFile, "-d", out]);
    const files = await fs.readdir(out);
    expect(files).toHaveLength(1);
    const leafFile = path.join(dir, "csr-leaf.pem");
    await fs.writeFile(leafFile, firstCertificate(await fs.readFile(path.join(out, files[0]!), "utf8")));

    expect(await openssl("verify", "-CAfile", chainFile, leafFile)).toContain(": OK");
    const text = await openssl("x509", "-in", leafFile, "-noout", "-text");
    expect(text).toContain("Subject: C = US, ST = California, L = Menlo Park, O = Example VASP Inc, CN = interop.example.com");
    expect(text).toContain("DNS:interop.example.com, DNS:trisa.interop.example.com");
    expect(text).toContain("TLS Web Client Authentication");
    expect(text).toContain("Public-Key: (4096 bit)");
    // The certificate carries the CSR's public key: the key that stayed with the VASP matches it.
    const certKey = await openssl("x509", "-in", leafFile, "-noout", "-pubkey");
    const ownKey = await openssl("pkey", "-in", "vasp.key", "-pubout");
    expect(certKey.trim()).toBe(ownKey.trim());

    expect(await verifyWithCrl(leafFile)).toContain(": OK");
    const serial = (await openssl("x509", "-in", leafFile, "-noout", "-serial")).trim().replace(/^serial=/, "");
    await client.revokeCertificate(17, parseReason("superseded").code, serial);
    const verdict = await verifyWithCrl(leafFile);
    expect(verdict).toMatch(/certificate revoked/);
    const crlText = await openssl("crl", "-in", "crl.pem", "-noout", "-text");
    expect(crlText).toContain(`Serial Number: ${serial}`);
    expect(crlText).toContain("Superseded");
  });

  it("makes a single-certificate PKCS#12 that openssl opens with the batch password (no -legacy)", async () => {
    const password = generatePkcs12Password();
    const created = await client.createSingleCertBatch({
      authorityId: 423,
      batchName: "openssl p12",
      profileParams: buildProfileParams(findProfile(17)!, { commonName: "p12.example.com", pkcs12Password: password }),
    });
    await waitForBatch(client, created.batchId);
    const zipFile = await client.downloadTo(created.batchId, dir);
    const out = path.join(dir, "single");
    await run("unzip", ["-o", zipFile, "-d", out]);
    expect(await fs.readdir(out)).toEqual(["p12.example.com.p12"]);
    await openssl("pkcs12", "-in", path.join(out, "p12.example.com.p12"), "-out", "p12.pem", "-nodes", "-passin", `pass:${password}`);
    const pem = await fs.readFile(path.join(dir, "p12.pem"), "utf8");
    expect(pem).toContain("PRIVATE KEY");
    await fs.writeFile(path.join(dir, "p12-leaf.pem"), firstCertificate(pem));
    expect(await openssl("verify", "-CAfile", chainFile, "p12-leaf.pem")).toContain(": OK");

    const wrong = await run("openssl", ["pkcs12", "-in", path.join(out, "p12.example.com.p12"), "-nodes", "-passin", "pass:wrong"], { cwd: dir }).then(
      () => "opened",
      () => "refused",
    );
    expect(wrong).toBe("refused");
  });
});

describe("legacy PKCS#12 downloads (SIMULATOR_PKCS12_FORMAT=legacy)", () => {
  it("are 3DES files that the client's extraction and openssl both open with the batch password", async () => {
    const legacy = await startHarness({ processingDelayMs: 0, pkcs12Format: "legacy" });
    try {
      const c = legacy.client();
      const password = generatePkcs12Password();
      const created = await c.createSingleCertBatch({
        authorityId: 423,
        batchName: "legacy p12",
        profileParams: buildProfileParams(findProfile(17)!, { commonName: "legacy.example.com", pkcs12Password: password }),
      });
      await waitForBatch(c, created.batchId);
      const zipFile = await c.downloadTo(created.batchId, dir);
      const out = path.join(dir, "legacy");
      await run("unzip", ["-o", zipFile, "-d", out]);
      const p12 = path.join(out, "legacy.example.com.p12");
      const info = await openssl("pkcs12", "-in", p12, "-info", "-noout", "-passin", `pass:${password}`);
      expect(info).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC/);
      const { extractCertificateFromDownload } = await import("@/lib/pki");
      const contents = extractCertificateFromDownload(new Uint8Array(await fs.readFile(zipFile)), path.basename(zipFile), password);
      expect(contents.certificates[0]!.subject.commonName).toBe("legacy.example.com");
      expect(contents.privateKeyPem).toContain("PRIVATE KEY");
    } finally {
      await legacy.close();
    }
  });
});
