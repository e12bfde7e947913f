/**
 * `sectigo inspect` on files made by openssl: a legacy PKCS#12 exactly like a real
 * Sectigo download (RC2-40 certificates, 3DES key, SHA-1 MAC), PEM chains in either
 * order, openssl's `-nodes` output, DER; kinds told by content; keys never printed.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectKind } from "./inspect-view";
import { jsonDocuments, openssl, runCaptured, STACK_FRAME } from "./test-support";

let dir: string;
let leafSerial: string;
let leafSha256: string;

const inspect = (...argv: string[]) => runCaptured(["inspect", ...argv], {}, dir);
const file = (name: string) => path.join(dir, name);

type CertView = { commonName: string; serial: string; fingerprints: { sha256: string } };
type Report = { kind: string; privateKey?: string; certificates: CertView[] };

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "cli-inspect-"));
  const o = (...args: string[]) => openssl(args, dir);
  await o("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Test Root", "-days", "30",
    "-addext", "basicConstraints=critical,CA:TRUE");
  await o("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=leaf.example.com");
  await fs.writeFile(file("ext"), "subjectAltName=DNS:leaf.example.com\nbasicConstraints=CA:FALSE\n");
  await o("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "10", "-extfile", "ext");
  await o("pkcs12", "-export", "-legacy", "-in", "leaf.pem", "-inkey", "leaf.key", "-certfile", "ca.pem", "-out", "legacy.p12", "-passout", "pass:s3cret");
  await o("pkcs12", "-in", "legacy.p12", "-legacy", "-nodes", "-passin", "pass:s3cret", "-out", "nodes.pem");
  await o("x509", "-in", "leaf.pem", "-outform", "DER", "-out", "leaf.der");
  await fs.writeFile(file("chain.pem"), (await fs.readFile(file("ca.pem"), "utf8")) + (await fs.readFile(file("leaf.pem"), "utf8")));
  await fs.copyFile(file("legacy.p12"), file("download.bin"));
  leafSerial = (await o("x509", "-in", "leaf.pem", "-noout", "-serial")).stdout.trim().replace(/^serial=/, "");
  leafSha256 = (await o("x509", "-in", "leaf.pem", "-noout", "-fingerprint", "-sha256")).stdout.trim().replace(/^.*Fingerprint=/, "");
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("detectKind", () => {
  it("tells a file's kind from its bytes", async () => {
    expect(detectKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe("zip");
    expect(detectKind(await fs.readFile(file("leaf.pem")))).toBe("pem");
    expect(detectKind(await fs.readFile(file("legacy.p12")))).toBe("pkcs12");
    expect(detectKind(await fs.readFile(file("leaf.der")))).toBe("der");
    expect(detectKind(Buffer.from("hello\n"))).toBe("unknown");
    expect(detectKind(new Uint8Array([]))).toBe("unknown");
  });
});

describe("sectigo inspect", () => {
  it("opens a legacy RC2-40 PKCS#12 (OpenSSL 3 needs -legacy), leaf first, and hides the key", async () => {
    const r = await inspect("legacy.p12", "-p", "s3cret");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/PRIVATE KEY|BEGIN/);
    const report = jsonDocuments(r.stdout)[0] as Report;
    expect(report).toMatchObject({ kind: "pkcs12", privateKey: "present (not shown)" });
    expect(report.certificates.map((c) => c.commonName)).toEqual(["leaf.example.com", "Test Root"]);
    expect(report.certificates[0]?.serial).toBe(leafSerial);
    expect(report.certificates[0]?.fingerprints.sha256).toBe(leafSha256);
  });

  it("reads a PKCS#12 by content whatever its name", async () => {
    const report = jsonDocuments((await inspect("download.bin", "-p", "s3cret")).stdout)[0] as Report;
    expect(report.kind).toBe("pkcs12");
  });

  it("says when the password is wrong or missing, without a stack or the password", async () => {
    const wrong = await inspect("legacy.p12", "-p", "nope-nope");
    expect(wrong).toMatchObject({ code: 1, stdout: "", stderr: "The password does not open this PKCS#12 file.\n" });
    const missing = await inspect("legacy.p12");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^legacy\.p12 is protected by a PKCS#12 password: give it with -p PASSWORD\n/);
    expect(missing.stderr).not.toMatch(STACK_FRAME);
  });

  it("puts the leaf first in a PEM chain written CA first", async () => {
    const report = jsonDocuments((await inspect("chain.pem")).stdout)[0] as Report;
    expect(report.kind).toBe("certificates");
    expect(report.certificates.map((c) => c.commonName)).toEqual(["leaf.example.com", "Test Root"]);
  });

  it("reads openssl -nodes output: certificates shown, the key only mentioned", async () => {
    const r = await inspect("nodes.pem");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/PRIVATE KEY-----|MII/);
    expect(jsonDocuments(r.stdout)[0]).toMatchObject({ kind: "certificates", privateKey: "present (not shown)" });
  });

  it("reads a DER certificate", async () => {
    const report = jsonDocuments((await inspect("leaf.der")).stdout)[0] as Report;
    expect(report).toMatchObject({ kind: "certificate", certificates: [{ commonName: "leaf.example.com", serial: leafSerial }] });
  });

  it("refuses a key-only file without echoing it, and unknown or missing files", async () => {
    const key = await inspect("leaf.key");
    expect(key).toMatchObject({ code: 1, stdout: "" });
    expect(key.stderr).toMatch(/holds only a private key/);
    expect(key.stderr).not.toMatch(/MII/);
    expect((await inspect("ext")).stderr).toMatch(/is not a download ZIP, a PKCS#12 file, a certificate or a CSR/);
    expect((await inspect("missing.p12")).stderr).toBe("could not read missing.p12: no such file\n");
    expect((await inspect()).stderr).toMatch(/^specify the path to one file to inspect/);
  });
});
