import { beforeAll, describe, expect, it } from "vitest";
import { extractCertificateFromDownload, inspectDownload } from "./download";
import { PkiError } from "./errors";
import { writePkcs12 } from "./pkcs12-write";
import { makeChain, openssl, privateKeyPem, scratchDir, type IssuedChain } from "./testdata/make";
import { writeZip } from "./zip";

const PASSWORD = "Xq7dK2mPz9RtL4wB";
let chain: IssuedChain;
let chainPems: string[];
let p12: Uint8Array;

beforeAll(async () => {
  chain = await makeChain();
  chainPems = [chain.leaf, chain.issuing, chain.root].map((c) => `${c.toString("pem")}\n`);
  p12 = await writePkcs12({ privateKeyPem: await privateKeyPem(chain.leafKeys), certificatePems: chainPems, password: PASSWORD, format: "legacy", iterations: 64 });
});

function error(fn: () => unknown): PkiError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PkiError);
    return err as PkiError;
  }
  throw new Error("expected a PkiError");
}

describe("extractCertificateFromDownload (GDS rules)", () => {
  it("opens the single .p12 of a download: leaf first, serial in upper hex, two CAs", () => {
    const zip = writeZip([{ name: "trisa.example.com.p12", data: p12 }]);
    const contents = extractCertificateFromDownload(zip, "10042.zip", PASSWORD);
    expect(contents.certificates.map((c) => c.subject.commonName)).toEqual(["trisa.example.com", "Test Issuing CA", "Test Root CA"]);
    expect(contents.certificates[0]?.serial).toBe("5A1E2F3D4C5B6A798877665544332211");
    expect(contents.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("opens a real-Sectigo-layout download (RC2-40 certificates) made by openssl", async () => {
    const key = await privateKeyPem(chain.leafKeys);
    const tmp = scratchDir();
    try {
      tmp.write("chain.txt", chainPems.join(""));
      tmp.write("key.txt", key);
      openssl(
        ["pkcs12", "-export", "-legacy", "-certpbe", "PBE-SHA1-RC2-40", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1", "-iter", "2048", "-nomaciter",
          "-in", "chain.txt", "-inkey", "key.txt", "-out", "x.p12", "-passout", `pass:${PASSWORD}`],
        { cwd: tmp.dir },
      );
      const zip = writeZip([{ name: "trisa.example.com.p12", data: new Uint8Array(tmp.read("x.p12")) }]);
      const contents = extractCertificateFromDownload(zip, "certificate.zip", PASSWORD);
      expect(contents.certificates[0]?.serial).toBe("5A1E2F3D4C5B6A798877665544332211");
      expect(contents.certificates).toHaveLength(3);
      expect(error(() => extractCertificateFromDownload(zip, "certificate.zip", "wrong")).code).toBe("WRONG_PASSWORD");
    } finally {
      tmp.cleanup();
    }
  });

  it("refuses a name that does not end in .zip, with GDS's wording", () => {
    const zip = writeZip([{ name: "a.p12", data: p12 }]);
    const err = error(() => extractCertificateFromDownload(zip, "10042.p12", PASSWORD));
    expect(err.code).toBe("NOT_A_ZIP_NAME");
    expect(err.message).toMatch(/^cannot write \.zip format to 10042\.p12/);
  });

  it("refuses a ZIP with no entry", () => {
    const err = error(() => extractCertificateFromDownload(writeZip([]), "10042.zip", PASSWORD));
    expect(err.code).toBe("ZIP_ENTRY_COUNT");
    expect(err.message).toMatch(/^zip archive contains no providers/);
  });

  it("refuses a ZIP with two entries", () => {
    const zip = writeZip([
      { name: "a.p12", data: p12 },
      { name: "b.p12", data: p12 },
    ]);
    const err = error(() => extractCertificateFromDownload(zip, "10042.zip", PASSWORD));
    expect(err.code).toBe("ZIP_ENTRY_COUNT");
    expect(err.message).toMatch(/^multiple providers in zip, is this a provider pool\?/);
  });

  it("says WRONG_PASSWORD for the wrong batch password", () => {
    const zip = writeZip([{ name: "a.p12", data: p12 }]);
    expect(error(() => extractCertificateFromDownload(zip, "10042.zip", "not-it")).message).toBe("The password does not open this PKCS#12 file.");
  });
});

describe("inspectDownload", () => {
  it("decodes a PKCS#12 download with its password and never returns the key", () => {
    const zip = writeZip([{ name: "trisa.example.com.p12", data: p12 }]);
    const result = inspectDownload(zip, PASSWORD);
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]?.kind).toBe("pkcs12");
    expect(result.entries[0]?.certificates.map((c) => c.subject.commonName)).toEqual(["trisa.example.com", "Test Issuing CA", "Test Root CA"]);
    expect(JSON.stringify(result)).not.toMatch(/PRIVATE KEY/);
  });

  it("asks for the password a PKCS#12 entry needs", () => {
    const zip = writeZip([{ name: "trisa.example.com.p12", data: p12 }]);
    expect(() => inspectDownload(zip)).toThrow(/trisa.example.com.p12 is a PKCS#12 file; give the batch's PKCS#12 password/);
  });

  it("decodes a CSR-batch download of PEM chains, one per certificate", () => {
    const zip = writeZip([
      { name: "one.example.com.pem", data: new TextEncoder().encode(chainPems.join("")) },
      { name: "two.example.com.crt", data: new TextEncoder().encode(chainPems.join("")) },
      { name: "root.cer", data: new Uint8Array(chain.root.rawData) },
    ]);
    const result = inspectDownload(zip);
    expect(result.entries.map((e) => [e.name, e.kind, e.certificates.length])).toEqual([
      ["one.example.com.pem", "pem", 3],
      ["two.example.com.crt", "pem", 3],
      ["root.cer", "der", 1],
    ]);
  });

  it("names the entry that cannot be read", () => {
    const zip = writeZip([{ name: "notes.bin", data: new Uint8Array([1, 2, 3]) }]);
    expect(error(() => inspectDownload(zip)).message).toMatch(/^notes.bin is neither a PKCS#12 file nor a certificate/);
    const wrong = writeZip([{ name: "x.p12", data: p12 }]);
    expect(error(() => inspectDownload(wrong, "wrong")).message).toBe("x.p12: The password does not open this PKCS#12 file.");
  });
});
