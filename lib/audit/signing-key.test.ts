// The audit signing key (docs/security.md S21): created once in the data folder with mode 0600
// or taken from AUDIT_SIGNING_KEY, its key id and fingerprint, and Ed25519 signatures (RFC 8032).
import { generateKeyPairSync, hash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "@/db/testing/temp-db";
import {
  AUDIT_SIGNING_KEY_FILE,
  parsePublicKeyPem,
  readSigningKeyFile,
  resolveSigningKey,
  signingKeyFrom,
  verifySignature,
} from "@/lib/audit/signing-key";
import { parseEnv } from "@/lib/env";

let dir: string;
beforeEach(() => {
  dir = tempDir("audit-key-");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ed25519Pem = () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

describe("the audit signing key", () => {
  it("is generated once into DATA_DIR with mode 0600 and reused on the next start", () => {
    const first = resolveSigningKey({ DATA_DIR: dir });
    expect(first.source).toBe("created");
    const file = path.join(dir, AUDIT_SIGNING_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const again = resolveSigningKey({ DATA_DIR: dir });
    expect(again.source).toBe("file");
    expect(again.key.keyId).toBe(first.key.keyId);
  });

  it("uses AUDIT_SIGNING_KEY when set and writes no file", () => {
    const pem = ed25519Pem();
    const { key, source } = resolveSigningKey({ AUDIT_SIGNING_KEY: pem, DATA_DIR: dir });
    expect(source).toBe("environment");
    expect(key.keyId).toBe(signingKeyFrom(pem).keyId);
    expect(fs.existsSync(path.join(dir, AUDIT_SIGNING_KEY_FILE))).toBe(false);
  });

  it("refuses a key file that other users can read, naming the fix but not the key", () => {
    resolveSigningKey({ DATA_DIR: dir });
    const file = path.join(dir, AUDIT_SIGNING_KEY_FILE);
    const pem = fs.readFileSync(file, "utf8");
    fs.chmodSync(file, 0o644);
    expect(() => readSigningKeyFile(dir)).toThrow(/chmod 600/);
    try {
      readSigningKeyFile(dir);
    } catch (err) {
      expect((err as Error).message).not.toContain(pem.split("\n")[1]);
    }
  });

  it("has key id = 16 hex of SHA-256(SPKI DER) and the whole digest as a colon-grouped fingerprint", () => {
    const key = signingKeyFrom(ed25519Pem());
    const digest = hash("sha256", key.key.export({ type: "spki", format: "der" }), "hex");
    expect(key.keyId).toBe(digest.slice(0, 16));
    expect(key.fingerprint.replaceAll(":", "").toLowerCase()).toBe(digest);
    expect(key.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(parsePublicKeyPem(key.pem).keyId).toBe(key.keyId);
  });

  it("signs exactly the bytes: a changed byte, another key or a cut signature does not verify", () => {
    const key = signingKeyFrom(ed25519Pem());
    const other = signingKeyFrom(ed25519Pem());
    const data = Buffer.from("seq,at\r\n1,2026-11-25T10:00:00.000Z\r\n");
    const sig = key.sign(data);
    expect(sig).toHaveLength(64);
    expect(verifySignature(key, data, sig)).toBe(true);
    const changed = Buffer.from(data);
    changed.writeUInt8(changed.readUInt8(changed.length - 3) ^ 1, changed.length - 3);
    expect(verifySignature(key, changed, sig)).toBe(false);
    expect(verifySignature(other, data, sig)).toBe(false);
    expect(verifySignature(key, data, sig.subarray(0, 63))).toBe(false);
  });
});

describe("AUDIT_SIGNING_KEY and AUDIT_CHECKPOINT_INTERVAL_MINUTES in the configuration", () => {
  it("accept an Ed25519 PKCS#8 PEM, also with literal \\n, and a whole number of minutes", () => {
    const pem = ed25519Pem();
    const env = parseEnv({ AUDIT_SIGNING_KEY: pem.trim().replaceAll("\n", "\\n"), AUDIT_CHECKPOINT_INTERVAL_MINUTES: "15" });
    expect(env.AUDIT_SIGNING_KEY).toBe(pem.trim());
    expect(env.AUDIT_CHECKPOINT_INTERVAL_MINUTES).toBe(15);
  });

  it("refuse another kind of key, naming the variable but never echoing the value", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    let message = "";
    try {
      parseEnv({ AUDIT_SIGNING_KEY: rsa });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("AUDIT_SIGNING_KEY: must be an Ed25519 private key");
    expect(message).not.toContain(rsa.split("\n")[1]);
    expect(() => parseEnv({ AUDIT_CHECKPOINT_INTERVAL_MINUTES: "0" })).toThrow(/AUDIT_CHECKPOINT_INTERVAL_MINUTES: must be at least 1 minute/);
    expect(() => parseEnv({ AUDIT_CHECKPOINT_INTERVAL_MINUTES: "1.5" })).toThrow(/whole number/);
  });
});
