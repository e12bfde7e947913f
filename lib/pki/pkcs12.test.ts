import { spawnSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { createSecureContext } from "node:tls";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { isPkiError, PkiError } from "./errors";
import { readPkcs12, readPkcs12Certificates } from "./pkcs12-read";
import { writePkcs12 } from "./pkcs12-write";
import { makeChain, openssl, privateKeyPem, scratchDir, type IssuedChain } from "./testdata/make";

const PASSWORD = "Xq7dK2mPz9RtL4wB"; // 16 alphanumerics, like GDS's
let chain: IssuedChain;
let keyPem: string;
let chainPems: string[];

beforeAll(async () => {
  chain = await makeChain();
  keyPem = await privateKeyPem(chain.leafKeys);
  chainPems = [chain.leaf, chain.issuing, chain.root].map((c) => `${c.toString("pem")}\n`);
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PkiError);
    return (err as PkiError).code;
  }
  return "no error";
}

function sameKey(a: string, b: string): boolean {
  const der = (pem: string) => createPrivateKey(pem).export({ type: "pkcs8", format: "der" });
  return der(a).equals(der(b));
}

function expectSectigoShape(contents: ReturnType<typeof readPkcs12>) {
  const [leaf, issuing, root] = contents.certificates;
  expect(contents.certificates).toHaveLength(3);
  expect(leaf?.serial).toBe("5A1E2F3D4C5B6A798877665544332211");
  expect(leaf?.subject.commonName).toBe("trisa.example.com");
  expect(issuing?.subject.commonName).toBe("Test Issuing CA");
  expect(root?.subject.commonName).toBe("Test Root CA");
  expect(contents.certificates.slice(1).every((c) => c.basicConstraints?.ca)).toBe(true);
  expect(sameKey(contents.privateKeyPem, keyPem)).toBe(true);
}

describe("readPkcs12 on files made by openssl", () => {
  it("opens the real Sectigo layout: RC2-40 certificate bag, 3DES key bag, SHA-1 MAC of 1 iteration", () => {
    const tmp = scratchDir();
    try {
      tmp.write("chain.txt", chainPems.join(""));
      tmp.write("key.txt", keyPem);
      openssl(
        [
          "pkcs12", "-export", "-legacy", "-certpbe", "PBE-SHA1-RC2-40", "-keypbe", "PBE-SHA1-3DES",
          "-macalg", "sha1", "-iter", "2048", "-nomaciter",
          "-in", "chain.txt", "-inkey", "key.txt", "-out", "sectigo.p12", "-passout", `pass:${PASSWORD}`,
        ],
        { cwd: tmp.dir },
      );
      // Prove the fixture has the legacy layout (openssl prints -info on stderr).
      const info = execInfo(tmp.dir, ["-legacy"]);
      expect(info).toMatch(/MAC: sha1, Iteration 1\b/);
      expect(info).toMatch(/PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC, Iteration 2048/);
      expect(info).toMatch(/Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
      // …and that OpenSSL 3 cannot open it without -legacy, which is why we read it ourselves.
      expect(() => execInfo(tmp.dir, [])).toThrow();

      const p12 = new Uint8Array(tmp.read("sectigo.p12"));
      expectSectigoShape(readPkcs12(p12, PASSWORD));
      expect(codeOf(() => readPkcs12(p12, "wrong-password"))).toBe("WRONG_PASSWORD");
      expect(() => readPkcs12(p12, "wrong-password")).toThrow("The password does not open this PKCS#12 file.");
    } finally {
      tmp.cleanup();
    }
  });

  it("opens a modern file from `openssl pkcs12 -export` with OpenSSL 3 defaults", () => {
    const tmp = scratchDir();
    try {
      tmp.write("chain.txt", chainPems.join(""));
      tmp.write("key.txt", keyPem);
      openssl(["pkcs12", "-export", "-in", "chain.txt", "-inkey", "key.txt", "-out", "modern.p12", "-passout", `pass:${PASSWORD}`], { cwd: tmp.dir });
      const info = execInfo(tmp.dir, [], "modern.p12");
      expect(info).toMatch(/MAC: sha256/);
      expect(info).toMatch(/PBES2, PBKDF2, AES-256-CBC/);
      const p12 = new Uint8Array(tmp.read("modern.p12"));
      expectSectigoShape(readPkcs12(p12, PASSWORD));
      expect(codeOf(() => readPkcs12(p12, "nope"))).toBe("WRONG_PASSWORD");
    } finally {
      tmp.cleanup();
    }
  });
});

/** `openssl pkcs12 -info` output (it prints the structure on stderr); throws when openssl fails. */
function execInfo(cwd: string, extra: string[], file = "sectigo.p12"): string {
  const r = spawnSync("openssl", ["pkcs12", "-info", "-noout", ...extra, "-in", file, "-passin", `pass:${PASSWORD}`], { cwd });
  const out = `${r.stdout.toString()}${r.stderr.toString()}`;
  if (r.status !== 0) throw new Error(`openssl pkcs12 -info failed: ${out}`);
  return out;
}

describe("readPkcs12 on less common openssl files", () => {
  it("tells a wrong password without a MAC (-nomac) and opens an empty-password file", () => {
    const tmp = scratchDir();
    try {
      tmp.write("chain.txt", chainPems.join(""));
      tmp.write("key.txt", keyPem);
      const base = ["pkcs12", "-export", "-in", "chain.txt", "-inkey", "key.txt", "-iter", "16"];
      openssl([...base, "-nomac", "-out", "nomac.p12", "-passout", `pass:${PASSWORD}`], { cwd: tmp.dir });
      openssl([...base, "-out", "empty.p12", "-passout", "pass:"], { cwd: tmp.dir });
      const nomac = new Uint8Array(tmp.read("nomac.p12"));
      expectSectigoShape(readPkcs12(nomac, PASSWORD));
      expect(codeOf(() => readPkcs12(nomac, "wrong"))).toBe("WRONG_PASSWORD");
      const empty = new Uint8Array(tmp.read("empty.p12"));
      expectSectigoShape(readPkcs12(empty, ""));
      expect(codeOf(() => readPkcs12(empty, "x"))).toBe("WRONG_PASSWORD");
    } finally {
      tmp.cleanup();
    }
  });
});

describe("writePkcs12", () => {
  it("writes a modern file that OpenSSL 3 opens without -legacy, Node's TLS loads, and readPkcs12 reads back", async () => {
    const p12 = await writePkcs12({ privateKeyPem: keyPem, certificatePems: chainPems, password: PASSWORD, format: "modern", iterations: 2048 });
    const tmp = scratchDir();
    try {
      tmp.write("out.p12", p12);
      const info = execInfo(tmp.dir, [], "out.p12");
      expect(info).toMatch(/MAC: sha256/);
      expect(info).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
      expect(info).toMatch(/PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC/);
      const dump = openssl(["pkcs12", "-in", "out.p12", "-nodes", "-passin", `pass:${PASSWORD}`], { cwd: tmp.dir });
      expect(dump.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
      expect(dump).toMatch(/BEGIN PRIVATE KEY/);
      expect(dump).toMatch(/localKeyID: /);
    } finally {
      tmp.cleanup();
    }
    expect(() => createSecureContext({ pfx: Buffer.from(p12), passphrase: PASSWORD })).not.toThrow();
    expect(() => createSecureContext({ pfx: Buffer.from(p12), passphrase: "wrong" })).toThrow();
    expectSectigoShape(readPkcs12(p12, PASSWORD));
  });

  it("writes a legacy 3DES file that round-trips and opens with openssl and Node", async () => {
    const p12 = await writePkcs12({ privateKeyPem: keyPem, certificatePems: chainPems, password: PASSWORD, format: "legacy" });
    const tmp = scratchDir();
    try {
      tmp.write("out.p12", p12);
      const info = execInfo(tmp.dir, [], "out.p12");
      expect(info).toMatch(/MAC: sha1, Iteration 2048/);
      expect(info).toMatch(/PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
      expect(info).toMatch(/Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
      const dump = openssl(["pkcs12", "-in", "out.p12", "-nodes", "-passin", `pass:${PASSWORD}`], { cwd: tmp.dir });
      expect(dump.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    } finally {
      tmp.cleanup();
    }
    expect(() => createSecureContext({ pfx: Buffer.from(p12), passphrase: PASSWORD })).not.toThrow();
    expectSectigoShape(readPkcs12(p12, PASSWORD));
    expect(codeOf(() => readPkcs12(p12, "wrong"))).toBe("WRONG_PASSWORD");
  });

  it("refuses a key that does not belong to the leaf", async () => {
    const otherKey = await privateKeyPem(chain.issuingKeys);
    await expect(writePkcs12({ privateKeyPem: otherKey, certificatePems: chainPems, password: PASSWORD, format: "legacy" })).rejects.toMatchObject({
      code: "BAD_PKCS12",
      message: expect.stringMatching(/does not belong to the first certificate/),
    });
  });

  it("refuses non-ASCII passwords and unreadable keys without echoing them", async () => {
    await expect(writePkcs12({ privateKeyPem: keyPem, certificatePems: chainPems, password: "pässwörd", format: "modern" })).rejects.toMatchObject({ code: "BAD_PKCS12" });
    const err = await writePkcs12({ privateKeyPem: "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----", certificatePems: chainPems, password: PASSWORD, format: "modern" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "BAD_DER" });
    expect((err as Error).message).not.toContain("c2VjcmV0");
  });
});

describe("readPkcs12 on bad input", () => {
  let legacy: Uint8Array;
  beforeAll(async () => {
    legacy = await writePkcs12({ privateKeyPem: keyPem, certificatePems: chainPems, password: PASSWORD, format: "legacy", iterations: 16 });
  });

  it("refuses iteration counts above the limit before deriving keys", () => {
    expect(() => readPkcs12(legacy, PASSWORD, { maxIterations: 10 })).toThrow(/asks for 16 key-derivation iterations/);
  });

  it("says BAD_PKCS12 for garbage and truncation, EMPTY_INPUT for nothing", () => {
    expect(codeOf(() => readPkcs12(new Uint8Array([1, 2, 3, 4]), PASSWORD))).toBe("BAD_PKCS12");
    expect(codeOf(() => readPkcs12(legacy.subarray(0, legacy.length - 10), PASSWORD))).toBe("BAD_PKCS12");
    expect(codeOf(() => readPkcs12(new TextEncoder().encode(chainPems.join("")), PASSWORD))).toBe("BAD_PKCS12");
    expect(codeOf(() => readPkcs12(new Uint8Array(), PASSWORD))).toBe("EMPTY_INPUT");
  });

  it("lists the certificates without the key for inspection", () => {
    const certs = readPkcs12Certificates(legacy, PASSWORD);
    expect(certs.map((c) => c.subject.commonName)).toEqual(["trisa.example.com", "Test Issuing CA", "Test Root CA"]);
  });

  it("never throws anything but a PkiError on mutated files", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (at, value, truncate) => {
        const bytes = new Uint8Array(legacy);
        const i = at % bytes.length;
        const input = truncate ? bytes.subarray(0, i) : (bytes.set([value], i), bytes);
        try {
          readPkcs12(input, PASSWORD);
        } catch (err) {
          if (!isPkiError(err)) throw err;
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
