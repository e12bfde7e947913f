import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { recordAudit } from "@/lib/audit/append";
import { AuditInputError } from "@/lib/audit/errors";
import { isSecretKey, REDACTED, scrubDetails, scrubText } from "@/lib/audit/redact";

const JWT =
  "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiIvYWNjb3VudC80Mi91c2VyLzQyIiwiZXhwIjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU";
const PRIVATE_KEY = [
  "-----BEGIN PRIVATE KEY-----",
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
  "-----END PRIVATE KEY-----",
].join("\n");
const RSA_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";

describe("isSecretKey", () => {
  it.each([
    "password",
    "Password",
    "pkcs12Password",
    "pkcs12_password",
    "token",
    "accessToken",
    "refresh_token",
    "clientSecret",
    "privateKey",
    "private-key",
    "apiKey",
    "Authorization",
    "pwd",
  ])("treats %s as secret", (key) => expect(isSecretKey(key)).toBe(true));

  it.each(["commonName", "serial", "reasonCode", "batchName", "key", "profileId", "keyAlgorithm"])(
    "leaves %s alone",
    (key) => expect(isSecretKey(key)).toBe(false),
  );
});

describe("scrubDetails", () => {
  it("redacts secret-named values at any depth, keeping booleans so facts like passwordSet survive", () => {
    const input = {
      commonName: "vasp.example.com",
      pkcs12Password: "Zx81abcdQWERty12",
      passwordSet: true,
      nested: { tokens: { accessToken: "aaa", refreshToken: "bbb" }, list: [{ password: "p" }] },
    };
    expect(scrubDetails(input)).toEqual({
      commonName: "vasp.example.com",
      pkcs12Password: REDACTED,
      passwordSet: true,
      nested: { tokens: REDACTED, list: [{ password: REDACTED }] },
    });
    expect(input.pkcs12Password).toBe("Zx81abcdQWERty12"); // not modified in place
  });

  it("removes PEM private keys, JWTs and bearer credentials from any string, wherever they sit", () => {
    const out = scrubDetails({
      note: `got ${JWT} back`,
      header: `Bearer ${JWT}`,
      pem: `${PRIVATE_KEY}\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----`,
      rsa: RSA_KEY,
      list: [RSA_KEY],
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain("eyJhbGciOiJIUzUxMiJ9");
    expect(text).not.toContain("PRIVATE KEY");
    expect(text).not.toContain("MIIEvQIBADAN");
    // public material is kept
    expect(out.pem).toContain("-----BEGIN CERTIFICATE-----");
    expect(out.note).toBe(`got ${REDACTED} back`);
  });

  it("scrubs an unterminated private key to the end of the string", () => {
    expect(scrubText("before -----BEGIN EC PRIVATE KEY-----\nMHcCAQEE")).toBe(`before ${REDACTED}`);
  });

  it("turns Errors, Dates, bigints and bytes into plain JSON, and refuses cycles", () => {
    const err = Object.assign(new Error(`login failed for token ${JWT}`), { code: "INVALID_CREDENTIALS" });
    expect(
      scrubDetails({ err, when: new Date("2026-01-02T03:04:05.000Z"), big: 10n ** 20n, bytes: new Uint8Array(5), fn: () => 1 }),
    ).toEqual({
      err: { name: "Error", code: "INVALID_CREDENTIALS", message: `login failed for token ${REDACTED}` },
      when: "2026-01-02T03:04:05.000Z",
      big: "100000000000000000000",
      bytes: "[5 bytes]",
      fn: null,
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => scrubDetails(cyclic)).toThrow(AuditInputError);
  });
});

describe("no secret reaches a stored entry", () => {
  let t: TempDb;
  let db: Db;
  beforeEach(() => {
    t = tempDb();
    db = t.db;
  });
  afterEach(() => t.cleanup());

  it("details, target and ip are scrubbed before they are hashed and stored", () => {
    recordAudit(db, {
      actor: { id: 1, email: "op@example.com", role: "operator" },
      action: "batch.create",
      outcome: "requested",
      target: { type: "batch", id: `name-${JWT}` },
      details: { pkcs12Password: "Zx81abcdQWERty12", commonName: "vasp.example.com", error: `bad ${PRIVATE_KEY}` },
    });
    const stored = JSON.stringify(db.select().from(auditLog).all());
    expect(stored).not.toContain("Zx81abcdQWERty12");
    expect(stored).not.toContain("eyJhbGciOiJIUzUxMiJ9");
    expect(stored).not.toContain("MIIEvQIBADAN");
    expect(stored).toContain("vasp.example.com");
  });
});
