import { describe, expect, it } from "vitest";
import { parseCsr } from "@/lib/pki";
import { checkRecipe, sanNames, splitNames, type CsrRecipe } from "./csr-recipe";
import { generateCsr } from "./generate-csr";

const RECIPE: CsrRecipe = {
  commonName: "trisa.example.com",
  dnsNames: ["api.example.com", "TRISA.example.com"],
  organization: "Example VASP, Inc.",
  locality: "Menlo Park",
  state: "California",
  country: "US",
  keyType: "rsa-4096",
  hash: "SHA-384",
};

describe("in-browser CSR generator", () => {
  it("makes an RSA 4096 / SHA-384 CSR with the TRISA recipe that lib/pki accepts", async () => {
    const { csrPem, privateKeyPem } = await generateCsr(RECIPE);
    const csr = await parseCsr(csrPem);
    expect(csr.signatureValid).toBe(true);
    expect(csr.publicKey).toMatchObject({ algorithm: "RSA", size: 4096 });
    expect(csr.signatureAlgorithm.toLowerCase()).toContain("sha384");
    expect(csr.subject).toMatchObject({ commonName: "trisa.example.com", organization: "Example VASP, Inc.", locality: "Menlo Park", state: "California", country: "US" });
    // The CN first, the repeat (different case) dropped.
    expect(csr.dnsNames).toEqual(["trisa.example.com", "api.example.com"]);
    expect(csr.requestedKeyUsage).toEqual(expect.arrayContaining(["digitalSignature", "nonRepudiation", "keyEncipherment"]));
    expect(csr.requestedExtendedKeyUsage).toEqual(expect.arrayContaining(["clientAuth", "serverAuth"]));
    expect(csr.problems).toEqual([]);
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n?$/);
    // The key is never inside the CSR.
    expect(csrPem).not.toContain("PRIVATE KEY");
  });

  it("makes an ECDSA P-256 / SHA-256 CSR without keyEncipherment and with only the given subject fields", async () => {
    const { csrPem } = await generateCsr({ ...RECIPE, keyType: "ecdsa-p256", hash: "SHA-256", organization: "", locality: "", state: "", dnsNames: [] });
    const csr = await parseCsr(csrPem);
    expect(csr.signatureValid).toBe(true);
    expect(csr.publicKey).toMatchObject({ algorithm: "EC", curve: "P-256" });
    // RFC 4514 text lists the last RDN first: the DER order is C, then CN.
    expect(csr.subject.text).toBe("CN=trisa.example.com, C=US");
    expect(csr.dnsNames).toEqual(["trisa.example.com"]);
    expect(csr.requestedKeyUsage).not.toContain("keyEncipherment");
  });

  it("checks the recipe before any key is made", () => {
    expect(checkRecipe(RECIPE)).toEqual({});
    const errors = checkRecipe({ ...RECIPE, commonName: "not a host", dnsNames: ["ok.example.com", "bad_name"], country: "usa", organization: "x\u0000y" });
    expect(Object.keys(errors).sort()).toEqual(["commonName", "country", "dnsNames", "organization"]);
    expect(errors.dnsNames).toContain("bad_name");
  });

  it("splits extra names on lines, spaces and commas, and orders SANs with the CN first", () => {
    expect(splitNames(" a.example.com\n\nb.example.com, c.example.com ")).toEqual(["a.example.com", "b.example.com", "c.example.com"]);
    expect(sanNames({ commonName: "x.example.com", dnsNames: ["y.example.com", "X.EXAMPLE.COM"] })).toEqual(["x.example.com", "y.example.com"]);
  });
});
