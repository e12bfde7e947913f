import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCertificate, parseCertificates } from "./certificate";
import { PkiError } from "./errors";
import { normalizeSerial } from "./serial";
import { makeChain, openssl, RSA_SHA256, scratchDir, type IssuedChain } from "./testdata/make";
import { x509 } from "./x509";

let chain: IssuedChain;

beforeAll(async () => {
  chain = await makeChain();
});

function colonSha(alg: string, der: ArrayBuffer): string {
  return (createHash(alg).update(Buffer.from(der)).digest("hex").toUpperCase().match(/../g) ?? []).join(":");
}

describe("parseCertificate", () => {
  it("fills every field of the DTO for a TRISA-shaped leaf", async () => {
    const { leaf, leafKeys, issuingKeys } = chain;
    const info = parseCertificate(leaf.toString("pem"));
    const ski = await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey);
    const aki = await x509.SubjectKeyIdentifierExtension.create(issuingKeys.publicKey);
    const colon = (hex: string) => (hex.toUpperCase().match(/../g) ?? []).join(":");

    expect(info).toEqual({
      subject: {
        text: "CN=trisa.example.com, O=CipherTrace Inc, L=Menlo Park, ST=California, C=US",
        commonName: "trisa.example.com",
        organization: "CipherTrace Inc",
        locality: "Menlo Park",
        state: "California",
        country: "US",
      },
      issuer: { text: "CN=Test Issuing CA, O=Test Trust, C=US", commonName: "Test Issuing CA", organization: "Test Trust", country: "US" },
      serial: "5A1E2F3D4C5B6A798877665544332211",
      notBefore: leaf.notBefore.toISOString(),
      notAfter: leaf.notAfter.toISOString(),
      dnsNames: ["trisa.example.com"],
      otherSans: [],
      publicKey: { algorithm: "RSA", size: 2048 },
      signatureAlgorithm: "sha256WithRSAEncryption",
      keyUsage: ["digitalSignature", "nonRepudiation", "keyEncipherment"],
      extendedKeyUsage: ["clientAuth", "serverAuth"],
      basicConstraints: { ca: false },
      subjectKeyId: colon(ski.keyId),
      authorityKeyId: colon(aki.keyId),
      crlDistributionPoints: ["http://crl.example.test/issuing.crl"],
      ocspUrls: ["http://ocsp.example.test"],
      caIssuerUrls: ["http://crt.example.test/issuing.crt"],
      fingerprints: { sha1: colonSha("sha1", leaf.rawData), sha256: colonSha("sha256", leaf.rawData) },
      selfSigned: false,
      pem: leaf.toString("pem").replace(/\r\n/g, "\n").trim() + "\n",
    });
  });

  it("reports CA facts: basic constraints with path length, CA key usage, self-signed root", () => {
    const issuing = parseCertificate(new Uint8Array(chain.issuing.rawData));
    expect(issuing.basicConstraints).toEqual({ ca: true, pathLength: 0 });
    expect(issuing.keyUsage).toEqual(["digitalSignature", "keyCertSign", "cRLSign"]);
    expect(issuing.selfSigned).toBe(false);
    const root = parseCertificate(chain.root.toString("pem"));
    expect(root.selfSigned).toBe(true);
    expect(root.basicConstraints).toEqual({ ca: true });
    expect(root.subject.text).toBe("CN=Test Root CA, O=Test Trust, C=US");
    expect(issuing.authorityKeyId).toBe(root.subjectKeyId);
  });

  it("gives the same fingerprints and serial as openssl", () => {
    const tmp = scratchDir();
    try {
      const file = tmp.write("leaf.txt", chain.leaf.toString("pem"));
      const sha256 = openssl(["x509", "-in", file, "-noout", "-fingerprint", "-sha256"], { cwd: tmp.dir });
      const sha1 = openssl(["x509", "-in", file, "-noout", "-fingerprint", "-sha1"], { cwd: tmp.dir });
      const serial = openssl(["x509", "-in", file, "-noout", "-serial"], { cwd: tmp.dir });
      const info = parseCertificate(chain.leaf.toString("pem"));
      // openssl prints "sha256 Fingerprint=AB:CD:…" (upper-case hex with colons).
      expect(sha256.trim().split("=")[1]).toBe(info.fingerprints.sha256);
      expect(sha1.trim().split("=")[1]).toBe(info.fingerprints.sha1);
      expect(`serial=${info.serial}`).toBe(serial.trim());
    } finally {
      tmp.cleanup();
    }
  });

  it("marks a negative serial and keeps its two's-complement bytes", () => {
    const der = Buffer.from(chain.root.rawData);
    // The root's serial is INTEGER 01 (02 01 01); make it 0x81 = -127.
    const at = der.indexOf(Buffer.from([0x02, 0x01, 0x01]));
    der[at + 2] = 0x81;
    const tmp = scratchDir();
    try {
      const file = tmp.write("neg.der", der);
      const shown = openssl(["x509", "-inform", "DER", "-in", file, "-noout", "-serial"], { cwd: tmp.dir }).trim();
      expect(shown).toBe("serial=-7F");
      const info = parseCertificate(new Uint8Array(der));
      expect(info.serial).toBe("81");
      expect(info.serialNegative).toBe(true);
      expect(normalizeSerial(shown.slice("serial=".length))).toBe(info.serial);
    } finally {
      tmp.cleanup();
    }
  });

  it("keeps unusual SAN entries (otherName, IPv6) instead of failing", async () => {
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "0102",
      name: "CN=odd.example.com",
      keys: chain.leafKeys,
      signingAlgorithm: RSA_SHA256,
      extensions: [
        new x509.SubjectAlternativeNameExtension([
          { type: "dns", value: "odd.example.com" },
          { type: "upn", value: "admin@example.com" },
          { type: "ip", value: "2001:db8::1" },
        ]),
      ],
    });
    const info = parseCertificate(cert.toString("pem"));
    expect(info.dnsNames).toEqual(["odd.example.com"]);
    expect(info.otherSans).toEqual(["othername:1.3.6.1.4.1.311.20.2.3", "IP:2001:DB8:0:0:0:0:0:1"]);
    expect(info.selfSigned).toBe(true);
  });

  it("leaves serialNegative out for ordinary serials", () => {
    expect("serialNegative" in parseCertificate(chain.leaf.toString("pem"))).toBe(false);
  });

  it("throws PkiErrors for a CSR, garbage and truncated DER", async () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(PkiError);
        return (err as PkiError).code;
      }
      return "none";
    };
    expect(codeOf(() => parseCertificate("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))).toBe("WRONG_PEM_LABEL");
    expect(codeOf(() => parseCertificate("nothing here"))).toBe("NO_PEM_BLOCK");
    expect(codeOf(() => parseCertificate(new Uint8Array(chain.leaf.rawData).subarray(0, 300)))).toBe("BAD_DER");
    expect(codeOf(() => parseCertificate(new Uint8Array()))).toBe("EMPTY_INPUT");
  });
});

describe("parseCertificates", () => {
  it("reads a chain in order", () => {
    const pem = [chain.leaf, chain.issuing, chain.root].map((c) => c.toString("pem")).join("\n");
    expect(parseCertificates(pem).map((c) => c.subject.commonName)).toEqual(["trisa.example.com", "Test Issuing CA", "Test Root CA"]);
  });

  it("names the block that is bad", () => {
    const pem = `${chain.leaf.toString("pem")}\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n`;
    expect(() => parseCertificates(pem)).toThrow(/^Certificate 2: /);
  });
});
