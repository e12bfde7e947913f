/**
 * The README's terminal session, run in-process against a real simulator over HTTP: what
 * an operator types, in order, and what they rely on seeing. Each step builds on the
 * previous one (the batch created is the one downloaded, inspected, found and revoked).
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { jsonDocuments, openssl, run, runCaptured, STACK_FRAME } from "./test-support";

let root: string;
let work: string;
let sim: RunningSimulator;
let env: Record<string, string>;

const cli = (...argv: string[]) => runCaptured(argv, env, work);

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "cli-session-"));
  work = path.join(root, "work");
  await fs.mkdir(work);
  sim = await startSimulator({
    dataDir: path.join(root, "data"),
    port: 0,
    username: "tester",
    password: "supersecretsquirrel",
    processingDelayMs: 20,
    leafKeyBits: 2048,
    caKeyBits: 2048,
  });
  env = {
    SECTIGO_ENDPOINT: sim.url,
    SECTIGO_USERNAME: "tester",
    SECTIGO_PASSWORD: "supersecretsquirrel",
    XDG_CACHE_HOME: path.join(root, "cache"),
    HOME: path.join(root, "home"),
  };
});

afterAll(async () => {
  await sim?.close();
  await fs.rm(root, { recursive: true, force: true });
});

async function untilReady(batchId: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const r = await cli("batches", "-i", String(batchId), "--status");
      expect(r.stdout.trim()).toBe("READY_FOR_DOWNLOAD");
    },
    { timeout: 15_000, interval: 25 },
  );
}

describe("sectigo CLI session against the simulator", () => {
  const cachePath = () => path.join(root, "cache", "trisa", "sectigo", "credentials.yaml");
  let batchId = 0;
  let pkcs12Password = "";
  let serial = "";

  it("auth logs in once, caches the tokens (never the password), and reports them", async () => {
    expect((await cli("auth", "--cache")).stdout).toBe("no credentials cache file exists\n");
    expect((await cli("auth", "--debug")).stdout).toBe("credentials are expired or invalid\n");

    const first = await cli("auth");
    expect(first).toMatchObject({ code: 0, stdout: "user authenticated and credentials cached\n", stderr: "" });
    const cached = await fs.readFile(cachePath(), "utf8");
    expect(cached).toMatch(/^access_token: /m);
    expect(cached).not.toContain("supersecretsquirrel");

    const logins = sim.stats().calls["POST /auth/pwd"];
    expect(await cli("auth")).toMatchObject({ code: 0, stdout: "user authenticated and credentials cached\n" });
    expect(sim.stats().calls["POST /auth/pwd"]).toBe(logins);

    expect((await cli("auth", "-C")).stdout).toBe(`${cachePath()}\n`);
    expect((await cli("auth", "-d")).stdout).toMatch(/^credentials are valid until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} \S+\n$/);
  });

  it("authorities -b prints the authorities, then their balances by id", async () => {
    const r = await cli("authorities", "-b");
    expect(r.code).toBe(0);
    const [authorities, balances] = jsonDocuments(r.stdout) as [{ id: number }[], Record<string, number>];
    expect(authorities.map((a) => a.id)).toEqual([423, 489]);
    expect(balances).toEqual({ "423": 100, "489": 50 });
    expect(r.stdout).toContain('[\n  {\n    "id": 423,');
  });

  it("licenses, profiles, profile detail and parameters, organization", async () => {
    expect(jsonDocuments((await cli("licenses")).stdout)[0]).toMatchObject({ ordered: 1000, issued: 0 });
    const profiles = jsonDocuments((await cli("profiles")).stdout)[0] as { profileId: number }[];
    expect(profiles.map((p) => p.profileId)).toEqual([17, 85]);
    expect(jsonDocuments((await cli("profile", "-i", "85")).stdout)[0]).toMatchObject({ profileId: 85 });
    const params = jsonDocuments((await cli("profiles", "-i", "17", "--params")).stdout)[0] as { name: string }[];
    expect(params.map((p) => p.name)).toEqual(["commonName", "dNSName", "pkcs12Password"]);
    expect(jsonDocuments((await cli("organization")).stdout)[0]).toMatchObject({ organizationId: 42 });
  });

  it("create prints a fresh 16-character PKCS#12 password, then the batch", async () => {
    const r = await cli("create", "-a", "423", "-d", "example.com");
    expect(r.code).toBe(0);
    const [firstLine] = r.stdout.split("\n");
    expect(firstLine).toMatch(/^pkcs12 password: [A-Za-z0-9]{16}$/);
    pkcs12Password = (firstLine as string).slice("pkcs12 password: ".length);
    const batch = jsonDocuments(r.stdout)[0] as { batchId: number; batchName: string; profile: string };
    expect(batch).toMatchObject({ batchName: "new certs for example.com", profile: "CipherTrace EE" });
    batchId = batch.batchId;
  });

  it("create under the End Entity profile (85) fills the subject the Go tool could not", async () => {
    const r = await cli("create", "-a", "489", "-d", "vasp.example.org", "-p", "given-password-1", "-c", "DE", "-b", "mainnet");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("pkcs12 password:");
    expect(jsonDocuments(r.stdout)[0]).toMatchObject({ batchName: "mainnet", profile: "CipherTrace End Entity Certificate" });
  });

  it("batches reports status text, processing info and detail", async () => {
    await untilReady(batchId);
    expect(jsonDocuments((await cli("batches", "-i", String(batchId), "-I")).stdout)[0]).toEqual({ active: 0, success: 1, failed: 0 });
    expect(jsonDocuments((await cli("batches", "-i", String(batchId))).stdout)[0]).toMatchObject({
      batchId,
      status: "READY_FOR_DOWNLOAD",
      downloadable: true,
    });
  });

  it("download writes the ZIP and says how to open it; openssl opens the PKCS#12 with the password", async () => {
    await fs.mkdir(path.join(work, "out"));
    const r = await cli("download", "-i", String(batchId), "-o", "out");
    expect(r.code).toBe(0);
    const file = path.join(work, "out", `${batchId}.zip`);
    expect(r.stdout.split("\n")[0]).toBe(`downloaded batch ${batchId} to ${file}`);
    expect(r.stdout).toMatch(/openssl pkcs12 -in \S+example\.com\.p12 .*-nodes/);
    expect(r.stdout).toContain("-legacy");

    const unpacked = path.join(root, "unzipped");
    await run("unzip", ["-o", file, "-d", unpacked]);
    const { stdout } = await openssl(["pkcs12", "-in", path.join(unpacked, "example.com.p12"), "-nodes", "-passin", `pass:${pkcs12Password}`]);
    expect(stdout).toContain("-----BEGIN CERTIFICATE-----");
    expect(stdout).toContain("PRIVATE KEY-----");
  });

  it("inspect decodes the ZIP with its password, leaf first, and never prints the key", async () => {
    const zip = path.join("out", `${batchId}.zip`);
    const r = await cli("inspect", zip, "-p", pkcs12Password);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/PRIVATE KEY|BEGIN/);
    type Cert = { commonName: string; serial: string; dnsNames: string[]; fingerprints: { sha256: string } };
    const report = jsonDocuments(r.stdout)[0] as { kind: string; entries: { name: string; certificates: Cert[] }[] };
    expect(report).toMatchObject({ kind: "zip", entries: [{ name: "example.com.p12" }] });
    const certificates = report.entries[0]?.certificates ?? [];
    const leaf = certificates[0];
    expect(leaf).toMatchObject({ commonName: "example.com", dnsNames: ["example.com"] });
    expect(leaf?.serial).toMatch(/^[0-9A-F]+$/);
    expect(leaf?.fingerprints.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certificates.length).toBeGreaterThan(1);
    serial = leaf?.serial ?? "";

    const wrong = await cli("inspect", zip, "-p", "not-the-password");
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr).toMatch(/password/i);
    expect(wrong.stderr).not.toContain("not-the-password");
    expect(wrong.stderr).not.toMatch(STACK_FRAME);
  });

  it("find by serial and by common name returns the issued certificate", async () => {
    const bySerial = jsonDocuments((await cli("find", "-s", serial)).stdout)[0] as { totalCount: number; items: { serialNumber: string }[] };
    expect(bySerial.totalCount).toBe(1);
    expect(bySerial.items[0]?.serialNumber).toBe(serial);
    const byName = jsonDocuments((await cli("find", "-n", "example.com")).stdout)[0] as { items: { serialNumber: string }[] };
    expect(byName.items.map((i) => i.serialNumber)).toContain(serial);
  });

  it("upload sends an openssl-made CSR; inspect reads the CSR", async () => {
    const csr = path.join(work, "vasp.csr");
    await openssl([
      "req", "-new", "-newkey", "rsa:2048", "-nodes", "-sha384", "-keyout", path.join(root, "vasp.key"), "-out", csr,
      "-subj", "/C=US/O=Example VASP/CN=upload.example.net", "-addext", "subjectAltName=DNS:upload.example.net",
    ]);
    const shown = jsonDocuments((await cli("inspect", "vasp.csr")).stdout)[0] as { csrs: { commonName: string; signatureValid: boolean }[] };
    expect(shown.csrs).toMatchObject([{ commonName: "upload.example.net", signatureValid: true }]);

    const r = await cli("upload", "-p", "17", "vasp.csr");
    expect(r.code).toBe(0);
    const batch = jsonDocuments(r.stdout)[0] as { batchId: number };
    await untilReady(batch.batchId);
    const found = jsonDocuments((await cli("find", "-n", "upload.example.net")).stdout)[0] as { totalCount: number };
    expect(found.totalCount).toBe(1);
  });

  it("upload refuses a forged CSR and sends nothing; --force lets the CA judge it", async () => {
    const pem = await fs.readFile(path.join(work, "vasp.csr"), "utf8");
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
    der[der.length - 5] = (der[der.length - 5] as number) ^ 0x01; // inside the signature
    const forged = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE REQUEST-----\n`;
    await fs.writeFile(path.join(work, "two.csr"), pem + forged);

    const uploads = () => sim.stats().calls["POST /api/v1/batches/upload"] ?? 0;
    const before = uploads();
    const refused = await cli("upload", "-p", "17", "two.csr");
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toMatch(/^CSR 2 of 2: .*signature does not match/m);
    expect(refused.stderr).toMatch(/1 of 2 CSRs cannot be submitted .*nothing was sent/);
    expect(uploads()).toBe(before);

    const forced = await cli("upload", "-p", "17", "--force", "two.csr");
    expect(forced.code).toBe(0);
    expect(uploads()).toBe(before + 1);
  });

  it("revoke with a spelled-out reason succeeds silently on stdout; reason 7 is refused", async () => {
    const r = await cli("revoke", "-p", "17", "-r", "Key Compromise", "-s", serial);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toBe(`certificate ${serial} revoked (key compromise)\n`);
    const after = jsonDocuments((await cli("find", "-s", serial)).stdout)[0] as { items: { status: string }[] };
    expect(after.items[0]?.status).toBe("REVOKED");

    const seven = await cli("revoke", "-p", "17", "-r", "7", "-s", serial);
    expect(seven.code).toBe(1);
    expect(seven.stderr).toMatch(/reason code 7 is not used/i);
  });
});
