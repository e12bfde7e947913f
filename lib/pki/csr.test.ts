import * as asn1js from "asn1js";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsr, parseCsrs } from "./csr";
import { PkiError } from "./errors";
import { MAX_CSR_UPLOAD_BYTES, toPem } from "./pem";
import { csrDer, ecKeys, makeChain, makeCsr, openssl, rsaKeys, scratchDir } from "./testdata/make";
import { x509 } from "./x509";

let keys: CryptoKeyPair;
let goodPem: string;
let goodDer: Uint8Array;
let secondPem: string;
let certificatePem: string;

async function rejection(p: Promise<unknown>): Promise<PkiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PkiError);
  return err as PkiError;
}

function syncError(fn: () => unknown): PkiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PkiError);
    return e as PkiError;
  }
  throw new Error("expected a PkiError");
}

beforeAll(async () => {
  keys = await rsaKeys();
  const csr = await makeCsr({ name: "C=US, O=Example VASP, CN=trisa.example.com", dns: ["trisa.example.com", "api.example.com"], keys });
  goodPem = csr.toString("pem");
  goodDer = csrDer(csr);
  secondPem = (await makeCsr({ name: "CN=second.example.org", dns: ["second.example.org"], keys })).toString("pem");
  certificatePem = (await makeChain()).leaf.toString("pem");
});

describe("parseCsr on a good CSR", () => {
  it("decodes subject, SANs, key and signature with no problems", async () => {
    const info = await parseCsr(goodPem);
    expect(info.subject.commonName).toBe("trisa.example.com");
    expect(info.subject.organization).toBe("Example VASP");
    expect(info.subject.text).toBe("CN=trisa.example.com, O=Example VASP, C=US");
    expect(info.dnsNames).toEqual(["trisa.example.com", "api.example.com"]);
    expect(info.publicKey).toEqual({ algorithm: "RSA", size: 2048 });
    expect(info.signatureAlgorithm).toBe("sha256WithRSAEncryption");
    expect(info.signatureValid).toBe(true);
    expect(info.problems).toEqual([]);
    expect(info.pem.replace(/\r?\n/g, "")).toBe(goodPem.replace(/\r?\n/g, ""));
  });

  it("accepts DER bytes and PEM bytes", async () => {
    expect((await parseCsr(goodDer)).subject.commonName).toBe("trisa.example.com");
    expect((await parseCsr(new TextEncoder().encode(goodPem))).subject.commonName).toBe("trisa.example.com");
  });

  it("reads CRLF line endings and whitespace inside the base64", async () => {
    const crlf = goodPem.replace(/\n/g, "\r\n");
    expect((await parseCsr(crlf)).subject.commonName).toBe("trisa.example.com");
    const lines = goodPem.trim().split("\n");
    const body = lines.slice(1, -1).map((l) => l.replace(/(.{20})/g, "$1 \t"));
    const spaced = [lines[0], ...body, lines[lines.length - 1]].join("\n");
    expect((await parseCsr(spaced)).signatureValid).toBe(true);
  });

  it("ignores text around the block", async () => {
    const text = `Hi team, here is our CSR:\n\n${goodPem}\n-- \nAlice (sent from my phone)`;
    const [r] = await parseCsrs(text);
    expect(r?.ok).toBe(true);
  });

  it("reads an EC P-256 CSR", async () => {
    const csr = await makeCsr({ name: "CN=ec.example.com", dns: ["ec.example.com"], keys: await ecKeys(), ec: true });
    const info = await parseCsr(csr.toString("pem"));
    expect(info.publicKey).toEqual({ algorithm: "EC", size: 256, curve: "P-256" });
    expect(info.signatureAlgorithm).toBe("ecdsa-with-SHA256");
    expect(info.signatureValid).toBe(true);
    expect(info.problems).toEqual([]);
  });

  it("reads a CSR made by openssl with the TRISA recipe", () => {
    const tmp = scratchDir();
    try {
      openssl(
        [
          "req", "-new", "-newkey", "rsa:4096", "-nodes", "-sha384",
          "-keyout", "key.txt", "-out", "csr.txt",
          "-subj", "/C=US/ST=California/L=Menlo Park/O=Example VASP/CN=trisa.vasp.example",
          "-addext", "subjectAltName=DNS:trisa.vasp.example,DNS:alt.vasp.example",
          "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,nonRepudiation",
          "-addext", "extendedKeyUsage=clientAuth,serverAuth",
        ],
        { cwd: tmp.dir },
      );
      return parseCsr(tmp.read("csr.txt").toString("utf8")).then((info) => {
        expect(info.subject.text).toBe("CN=trisa.vasp.example, O=Example VASP, L=Menlo Park, ST=California, C=US");
        expect(info.dnsNames).toEqual(["trisa.vasp.example", "alt.vasp.example"]);
        expect(info.publicKey).toEqual({ algorithm: "RSA", size: 4096 });
        expect(info.signatureAlgorithm).toBe("sha384WithRSAEncryption");
        expect(info.signatureValid).toBe(true);
        expect(info.requestedKeyUsage).toEqual(["digitalSignature", "nonRepudiation", "keyEncipherment"]);
        expect(info.requestedExtendedKeyUsage).toEqual(["clientAuth", "serverAuth"]);
        expect(info.problems).toEqual([]);
      });
    } finally {
      tmp.cleanup();
    }
  }, 30_000);
});

describe("parseCsrs on pasted batches", () => {
  it("returns every CSR of two pasted together, in order", async () => {
    const results = await parseCsrs(goodPem + secondPem);
    expect(results.map((r) => r.ok && r.csr.subject.commonName)).toEqual(["trisa.example.com", "second.example.org"]);
    expect(results.map((r) => r.index)).toEqual([0, 1]);
  });

  it("reports a certificate pasted among CSRs as WRONG_PEM_LABEL and keeps the others", async () => {
    const results = await parseCsrs(`${goodPem}\n${certificatePem}\n${secondPem}`);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const bad = results[1];
    expect(bad && !bad.ok && bad.error.code).toBe("WRONG_PEM_LABEL");
    expect(bad && !bad.ok && bad.error.message).toMatch(/CERTIFICATE, not a CSR/);
  });

  it("refuses a certificate given where a CSR is expected", async () => {
    const err = await rejection(parseCsr(certificatePem));
    expect(err.code).toBe("WRONG_PEM_LABEL");
  });

  it("does not echo a pasted private key", async () => {
    const body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    const results = await parseCsrs(`-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`);
    const r = results[0];
    expect(r && !r.ok && r.error.code).toBe("WRONG_PEM_LABEL");
    expect(r && !r.ok && r.error.message).toMatch(/Do not share private keys/);
    expect(JSON.stringify(results)).not.toContain(body);
  });

  it("reports bad base64 and a cut-off block per block", async () => {
    const broken = goodPem.replace(/\n([A-Za-z0-9+/]{10})/, "\n$1!!");
    const cut = secondPem.slice(0, secondPem.indexOf("-----END"));
    const results = await parseCsrs(`${broken}${goodPem}${cut}`);
    expect(results.map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["BAD_BASE64", "ok", "NO_PEM_BLOCK"]);
  });

  it("rejects empty text", async () => {
    expect((await rejection(parseCsrs(""))).code).toBe("EMPTY_INPUT");
    expect((await rejection(parseCsrs(" \r\n\t "))).code).toBe("EMPTY_INPUT");
    expect((await rejection(parseCsr(new Uint8Array()))).code).toBe("EMPTY_INPUT");
  });

  it("rejects text over the size cap before parsing it", async () => {
    const huge = goodPem.repeat(Math.ceil((MAX_CSR_UPLOAD_BYTES + 1) / goodPem.length));
    const err = await rejection(parseCsrs(huge));
    expect(err.code).toBe("TOO_LARGE");
    expect(err.message).toMatch(/1 MiB/);
    expect((await rejection(parseCsrs(goodPem, { maxBytes: 100 }))).code).toBe("TOO_LARGE");
    expect((await rejection(parseCsr(new Uint8Array(MAX_CSR_UPLOAD_BYTES + 1)))).code).toBe("TOO_LARGE");
  });

  it("says DER was pasted when given binary text", async () => {
    const err = await rejection(parseCsrs(Buffer.from(goodDer).toString("latin1")));
    expect(err.code).toBe("NO_PEM_BLOCK");
    expect(err.message).toMatch(/binary \(DER\)/);
  });

  it("says the PEM lines are missing for bare base64", async () => {
    const body = goodPem.split("\n").filter((l) => !l.startsWith("-----")).join("\n");
    const err = await rejection(parseCsrs(body));
    expect(err.code).toBe("NO_PEM_BLOCK");
    expect(err.message).toMatch(/without its PEM lines/);
  });

  it("tells what is expected when there is no block at all", async () => {
    const err = await rejection(parseCsrs("hello, world"));
    expect(err.code).toBe("NO_PEM_BLOCK");
    expect(err.message).toBe("The text has no PEM block. Paste the CSR including its -----BEGIN CERTIFICATE REQUEST----- line.");
  });
});

describe("signature checks", () => {
  function tamper(der: Uint8Array): Uint8Array {
    const copy = new Uint8Array(der);
    const at = Buffer.from(copy).indexOf("trisa.example.com");
    expect(at).toBeGreaterThan(0);
    copy[at] = "x".charCodeAt(0); // still a valid structure, now "xrisa.example.com"
    return copy;
  }

  it("rejects a CSR whose signed content was altered", async () => {
    const forged = tamper(goodDer);
    const err = await rejection(parseCsr(forged));
    expect(err.code).toBe("BAD_SIGNATURE");
    const [r] = await parseCsrs(toPem(forged, "CERTIFICATE REQUEST"));
    expect(r && !r.ok && r.error.code).toBe("BAD_SIGNATURE");
  });

  it("can show what a forged CSR claims, marked invalid", async () => {
    const info = await parseCsr(tamper(goodDer), { allowInvalidSignature: true });
    expect(info.signatureValid).toBe(false);
    expect(info.subject.commonName).toBe("xrisa.example.com");
    expect(info.problems[0]).toMatch(/altered or forged/);
  });

  it("rejects a CSR signed by a different key", async () => {
    const other = await rsaKeys();
    const csr = await makeCsr({ name: "CN=a.example.com", dns: ["a.example.com"], keys });
    const signedByOther = await makeCsr({ name: "CN=a.example.com", dns: ["a.example.com"], keys: other });
    // Graft the other key's signature onto this CSR's content.
    const a = Buffer.from(csr.rawData);
    const b = Buffer.from(signedByOther.rawData);
    const sigA = a.subarray(a.length - 256);
    b.copy(sigA, 0, b.length - 256);
    expect((await rejection(parseCsr(new Uint8Array(a)))).code).toBe("BAD_SIGNATURE");
  });
});

describe("problems a TRISA operator sees", () => {
  it("flags a CSR without a DNS SAN with Sectigo's own words", async () => {
    const info = await parseCsr((await makeCsr({ name: "CN=nosan.example.com", keys })).toString("pem"));
    expect(info.dnsNames).toEqual([]);
    expect(info.problems.join("\n")).toMatch(/SubjectAlternativeName dNSName value is missing/);
  });

  it("flags a CN that is not among the SAN DNS names", async () => {
    const info = await parseCsr((await makeCsr({ name: "CN=one.example.com", dns: ["two.example.com"], keys })).toString("pem"));
    expect(info.problems.join("\n")).toMatch(/"one.example.com" is not among the subjectAltName DNS names/);
  });

  it("flags a CN that is not a DNS name", async () => {
    const info = await parseCsr((await makeCsr({ name: "CN=Example VASP Ltd", dns: ["trisa.example.com"], keys })).toString("pem"));
    expect(info.problems.join("\n")).toMatch(/"Example VASP Ltd" is not a valid DNS host name/);
  });

  it("accepts a SAN-only CSR (no CN) but says the CN is missing", async () => {
    const info = await parseCsr((await makeCsr({ name: "O=Example VASP", dns: ["trisa.example.com"], keys })).toString("pem"));
    expect(info.subject.commonName).toBeUndefined();
    expect(info.dnsNames).toEqual(["trisa.example.com"]);
    expect(info.problems).toEqual([expect.stringMatching(/no common name \(CN\)/)]);
  });

  it("flags a NUL in the CN and shows it escaped", async () => {
    const info = await parseCsr((await makeCsr({ name: "CN=trisa.example.com\u0000.evil.test", dns: ["trisa.example.com"], keys })).toString("pem"));
    expect(info.subject.commonName).toBe("trisa.example.com\u0000.evil.test");
    expect(info.subject.text).toBe("CN=trisa.example.com\\00.evil.test");
    const text = info.problems.join("\n");
    expect(text).toMatch(/control characters: U\+0000 \(NUL\)/);
    expect(text).toContain("trisa.example.com<U+0000>.evil.test");
    expect(text).not.toContain("\u0000");
  });

  it("flags a right-to-left override in the CN", async () => {
    const cn = "trisa.\u202Emoc.example.com";
    const info = await parseCsr((await makeCsr({ name: `CN=${cn}`, dns: ["trisa.example.com"], keys })).toString("pem"));
    expect(info.subject.commonName).toBe(cn);
    expect(info.subject.text).toBe("CN=trisa.\\E2\\80\\AEmoc.example.com");
    expect(info.problems.join("\n")).toMatch(/U\+202E \(right-to-left override\)/);
    expect(info.problems.join("\n")).not.toContain("\u202E");
  });

  it("flags a Cyrillic look-alike letter in a Latin name", async () => {
    const cn = "tris\u0430.example.com"; // Cyrillic а
    const info = await parseCsr((await makeCsr({ name: `CN=${cn}`, dns: ["trisa.example.com"], keys })).toString("pem"));
    expect(info.subject.commonName).toBe(cn);
    const text = info.problems.join("\n");
    expect(text).toMatch(/Subject CN .* mixes Latin and Cyrillic letters/);
    expect(text).toMatch(/Subject CN .* non-ASCII characters \(а\)/);
    expect(text).toMatch(/is not among the subjectAltName DNS names/);
  });

  it("shows non-ASCII bytes smuggled into a DNS SAN as they are, not as the look-alike", async () => {
    // An IA5String may only hold ASCII; a hostile CSR can still put UTF-8 bytes there.
    const dns = new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 }, valueHex: Buffer.from("tris\u0430.example.com", "utf8") });
    const san = new x509.Extension("2.5.29.17", false, new asn1js.Sequence({ value: [dns] }).toBER());
    const info = await parseCsr((await makeCsr({ name: "CN=trisa.example.com", keys, extraExtensions: [san] })).toString("pem"));
    expect(info.dnsNames).toEqual(["tris\u00d0\u00b0.example.com"]);
    expect(info.problems.join("\n")).toMatch(/SAN DNS name .* non-ASCII characters/);
  });

  it("does not flag non-ASCII letters in an organization name", async () => {
    const info = await parseCsr((await makeCsr({ name: "CN=trisa.example.com, O=Börse Zürich AG", dns: ["trisa.example.com"], keys })).toString("pem"));
    expect(info.subject.organization).toBe("Börse Zürich AG");
    expect(info.problems).toEqual([]);
  });

  it("flags an RSA key under 2048 bits", async () => {
    const small = await rsaKeys(1024);
    const info = await parseCsr((await makeCsr({ name: "CN=small.example.com", dns: ["small.example.com"], keys: small })).toString("pem"));
    expect(info.publicKey.size).toBe(1024);
    expect(info.problems).toEqual([expect.stringMatching(/only 1024 bits/)]);
  });

  it("reports other SAN types and requested usages", async () => {
    const csr = await makeCsr({
      name: "CN=trisa.example.com",
      keys,
      extraExtensions: [
        new x509.SubjectAlternativeNameExtension([
          { type: "dns", value: "trisa.example.com" },
          { type: "ip", value: "192.0.2.7" },
          { type: "email", value: "ops@example.com" },
          { type: "url", value: "https://example.com/" },
        ]),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, "1.2.3.4.5"]),
      ],
    });
    const info = await parseCsr(csr.toString("pem"));
    expect(info.dnsNames).toEqual(["trisa.example.com"]);
    expect(info.otherSans).toEqual(["IP:192.0.2.7", "email:ops@example.com", "URI:https://example.com/"]);
    expect(info.requestedKeyUsage).toEqual(["digitalSignature", "keyEncipherment"]);
    expect(info.requestedExtendedKeyUsage).toEqual(["clientAuth", "1.2.3.4.5"]);
  });
});

describe("errors are always PkiErrors", () => {
  it("turns structural garbage inside a valid PEM block into BAD_DER", async () => {
    const err = await rejection(parseCsr(toPem(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), "CERTIFICATE REQUEST")));
    expect(err.code).toBe("BAD_DER");
    expect(err.message).toMatch(/incomplete/);
    const junk = await rejection(parseCsr(toPem(new Uint8Array([0x04, 0x01, 0x00]), "CERTIFICATE REQUEST")));
    expect(junk.code).toBe("BAD_DER");
    expect(junk.message).toMatch(/not a valid PKCS#10 certificate request \(expected CertificationRequest\)/);
  });

  it("keeps code and message when serialized", () => {
    const err = syncError(() => {
      throw new PkiError("BAD_DER", "x");
    });
    expect(JSON.parse(JSON.stringify(err))).toEqual({ code: "BAD_DER", message: "x" });
  });
});
