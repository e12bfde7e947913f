import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSecretBox, loadDataKey, SecretBoxError } from "@/lib/crypto/secret-box";

const key = randomBytes(32);

describe("createSecretBox", () => {
  const box = createSecretBox(key);

  it("round-trips a secret in a versioned text format that does not contain it", () => {
    const sealed = box.encrypt("Zx81abcdQWERty12", "batch:1:pkcs12Password");
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain("Zx81");
    expect(box.decrypt(sealed, "batch:1:pkcs12Password")).toBe("Zx81abcdQWERty12");
  });

  it("uses a fresh IV each time", () => {
    expect(box.encrypt("same")).not.toBe(box.encrypt("same"));
  });

  it("refuses a ciphertext moved to another context, altered, or sealed with another key", () => {
    const sealed = box.encrypt("secret", "batch:1");
    expect(() => box.decrypt(sealed, "batch:2")).toThrow(SecretBoxError);
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[2]!, "base64url");
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(() => box.decrypt([parts[0], parts[1], ct.toString("base64url"), parts[3]].join("."), "batch:1")).toThrow(
      /could not be decrypted/,
    );
    expect(() => createSecretBox(randomBytes(32)).decrypt(sealed, "batch:1")).toThrow(SecretBoxError);
    expect(() => box.decrypt("v2.a.b.c")).toThrow(/not in a format/);
  });

  it("never puts the secret or the key in an error message", () => {
    try {
      createSecretBox(randomBytes(32)).decrypt(box.encrypt("hunter2-secret"));
    } catch (err) {
      expect((err as Error).message).not.toContain("hunter2");
      expect((err as Error).message).not.toContain(key.toString("base64"));
    }
  });

  it("refuses a key of the wrong size", () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(expect.objectContaining({ code: "DATA_KEY_INVALID" }));
  });
});

describe("loadDataKey", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "secret-box-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("takes DATA_KEY (base64) when set", () => {
    expect(loadDataKey({ DATA_KEY: key.toString("base64"), DATA_DIR: dir })).toEqual(key);
    expect(fs.existsSync(path.join(dir, "secret.key"))).toBe(false);
  });

  it("refuses a DATA_KEY that is not 32 bytes, saying how to make one", () => {
    expect(() => loadDataKey({ DATA_KEY: "c2hvcnQ=", DATA_DIR: dir })).toThrow(/openssl rand -base64 32/);
  });

  it("creates DATA_DIR/secret.key once, mode 0600, and reads the same key afterwards", () => {
    const env = { DATA_DIR: path.join(dir, "data") };
    const first = loadDataKey(env);
    const file = path.join(dir, "data", "secret.key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toHaveLength(32);
    expect(loadDataKey(env)).toEqual(first);
    expect(fs.readdirSync(path.join(dir, "data"))).toEqual(["secret.key"]); // no temporary file left behind
  });

  it("refuses a key file other users can read", () => {
    const file = path.join(dir, "secret.key");
    fs.writeFileSync(file, key.toString("base64"), { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(() => loadDataKey({ DATA_DIR: dir })).toThrow(/chmod 600/);
  });
});
