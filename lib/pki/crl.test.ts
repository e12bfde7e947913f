import * as asn1js from "asn1js";
import { beforeAll, describe, expect, it } from "vitest";
import { findCrlEntry, parseCrl, verifyCrlSignature } from "./crl";
import { PkiError } from "./errors";
import { makeChain, openssl, RSA_SHA256, scratchDir, type IssuedChain } from "./testdata/make";
import { x509 } from "./x509";

let chain: IssuedChain;
let crl: x509.X509Crl;
let crlPem: string;
const thisUpdate = new Date("2026-01-02T03:04:05Z");
const nextUpdate = new Date("2026-01-09T03:04:05Z");

beforeAll(async () => {
  chain = await makeChain();
  crl = await x509.X509CrlGenerator.create({
    issuer: chain.issuing.subject,
    thisUpdate,
    nextUpdate,
    signingAlgorithm: RSA_SHA256,
    signingKey: chain.issuingKeys.privateKey,
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(chain.issuingKeys.publicKey),
      new x509.Extension("2.5.29.20", false, new asn1js.Integer({ value: 7 }).toBER()),
    ],
    entries: [
      { serialNumber: "5A1E2F3D4C5B6A798877665544332211", revocationDate: new Date("2026-01-01T10:00:00Z"), reason: x509.X509CrlReason.keyCompromise },
      { serialNumber: "00C0FFEE", revocationDate: new Date("2026-01-01T11:00:00Z"), reason: x509.X509CrlReason.superseded },
      { serialNumber: "0A", revocationDate: new Date("2026-01-01T12:00:00Z"), reason: x509.X509CrlReason.cessationOfOperation },
    ],
  });
  // openssl only reads the "X509 CRL" label; @peculiar/x509 writes "CRL".
  crlPem = x509.PemConverter.encode(crl.rawData, "X509 CRL");
});

describe("parseCrl", () => {
  it("reads issuer, dates, CRL number and every entry with its reason", () => {
    const info = parseCrl(crlPem);
    expect(info).toEqual({
      issuer: { text: "CN=Test Issuing CA, O=Test Trust, C=US", commonName: "Test Issuing CA", organization: "Test Trust", country: "US" },
      thisUpdate: thisUpdate.toISOString(),
      nextUpdate: nextUpdate.toISOString(),
      crlNumber: "7",
      entries: [
        { serial: "5A1E2F3D4C5B6A798877665544332211", revokedAt: "2026-01-01T10:00:00.000Z", reasonCode: 1 },
        { serial: "C0FFEE", revokedAt: "2026-01-01T11:00:00.000Z", reasonCode: 4 },
        { serial: "0A", revokedAt: "2026-01-01T12:00:00.000Z", reasonCode: 5 },
      ],
    });
  });

  it("reads DER and the CRL PEM label that @peculiar/x509 writes, like openssl reads the same file", () => {
    expect(parseCrl(new Uint8Array(crl.rawData)).entries).toHaveLength(3);
    expect(parseCrl(crl.toString("pem")).entries).toHaveLength(3);
    const tmp = scratchDir();
    try {
      tmp.write("crl.txt", crlPem);
      const text = openssl(["crl", "-in", "crl.txt", "-noout", "-text"], { cwd: tmp.dir });
      expect(text).toMatch(/X509v3 CRL Number: \s*7/);
      expect(text).toMatch(/Serial Number: 5A1E2F3D4C5B6A798877665544332211[\s\S]*Key Compromise/);
    } finally {
      tmp.cleanup();
    }
  });

  it("reads a CRL without entries", async () => {
    const empty = await x509.X509CrlGenerator.create({
      issuer: chain.issuing.subject,
      thisUpdate,
      signingAlgorithm: RSA_SHA256,
      signingKey: chain.issuingKeys.privateKey,
    });
    const info = parseCrl(new Uint8Array(empty.rawData));
    expect(info.entries).toEqual([]);
    expect(info.nextUpdate).toBeUndefined();
  });

  it("throws PkiErrors for other things", () => {
    expect(() => parseCrl(chain.leaf.toString("pem"))).toThrow(PkiError);
    expect(() => parseCrl(new Uint8Array(chain.leaf.rawData))).toThrow(/not a valid certificate revocation list/);
    expect(() => parseCrl(new Uint8Array())).toThrow(PkiError);
  });
});

describe("serial lookups", () => {
  it("finds a serial in any usual form", () => {
    const info = parseCrl(crlPem);
    expect(findCrlEntry(info, "5a:1e:2f:3d:4c:5b:6a:79:88:77:66:55:44:33:22:11")).toBeDefined();
    expect(findCrlEntry(info, "0x00c0ffee")).toBeDefined();
    expect(findCrlEntry(info, "c0ffee")?.reasonCode).toBe(4);
    expect(findCrlEntry(info, "0B")).toBeUndefined();
    expect(() => findCrlEntry(info, "not a serial")).toThrow(PkiError);
  });
});

describe("verifyCrlSignature", () => {
  it("accepts the issuer's signature and refuses another CA or a changed CRL", () => {
    expect(verifyCrlSignature(crlPem, chain.issuing.toString("pem"))).toBe(true);
    expect(verifyCrlSignature(crlPem, chain.root.toString("pem"))).toBe(false);
    const der = Buffer.from(crl.rawData);
    const at = der.indexOf(Buffer.from([0x02, 0x01, 0x0a])); // the entry with serial 0A
    der[at + 2] = 0x0b;
    expect(parseCrl(new Uint8Array(der)).entries[2]?.serial).toBe("0B");
    expect(verifyCrlSignature(new Uint8Array(der), new Uint8Array(chain.issuing.rawData))).toBe(false);
  });
});
