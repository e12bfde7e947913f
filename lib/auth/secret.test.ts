import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "@/db/testing/temp-db";
import { AUTH_SECRET_FILE, authSecret, loadOrCreateSecretFile, resolveAuthSecret } from "@/lib/auth/secret";

let dir: string;
beforeEach(() => {
  dir = tempDir("auth-secret-");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("AUTH_SECRET", () => {
  it("uses the environment's secret when set and writes no file", () => {
    expect(resolveAuthSecret({ AUTH_SECRET: "x".repeat(44), DATA_DIR: dir })).toEqual({ secret: "x".repeat(44), source: "environment" });
    expect(fs.existsSync(path.join(dir, AUTH_SECRET_FILE))).toBe(false);
  });

  it("is generated once into DATA_DIR with mode 0600 and reused on the next start", () => {
    const first = resolveAuthSecret({ DATA_DIR: dir });
    expect(first.source).toBe("created");
    const file = path.join(dir, AUTH_SECRET_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(resolveAuthSecret({ DATA_DIR: dir })).toEqual({ secret: first.secret, source: "file" });
    delete (globalThis as { __authSecret?: string }).__authSecret;
    expect(authSecret({ DATA_DIR: dir })).toBe(first.secret);
  });

  it("refuses a secret file that other users can read, naming the fix but not the secret", () => {
    const { secret } = loadOrCreateSecretFile(dir);
    const file = path.join(dir, AUTH_SECRET_FILE);
    fs.chmodSync(file, 0o644);
    let message = "";
    try {
      loadOrCreateSecretFile(dir);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("chmod 600");
    expect(message).not.toContain(secret);
  });
});
