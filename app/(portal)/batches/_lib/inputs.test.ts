import { describe, expect, it } from "vitest";
import { batchIdInput, createSingleCertificateInput, parseDnsNames, previewCsrsInput, uploadCsrsInput } from "./inputs";

const base = { authorityId: "1", commonName: " trisa.example.com " };

describe("batches action inputs", () => {
  it("takes a single-certificate form as the domain wants it", () => {
    const parsed = createSingleCertificateInput.parse({ ...base, dnsNames: "api.example.com\r\n\r\nother.example.com", organizationName: "", countryName: "US", batchName: "  " });
    expect(parsed).toEqual({
      authorityId: 1,
      commonName: "trisa.example.com",
      dnsNames: ["api.example.com", "other.example.com"],
      organizationName: undefined,
      localityName: undefined,
      stateOrProvinceName: undefined,
      countryName: "US",
      batchName: undefined,
    });
  });

  it("refuses what is surely wrong with a message per field", () => {
    const result = createSingleCertificateInput.safeParse({ authorityId: "x", commonName: "not a host", dnsNames: "ok.example.com\nbad_name", countryName: "us" });
    expect(result.success).toBe(false);
    const fields = Object.keys(result.error?.flatten().fieldErrors ?? {}).sort();
    expect(fields).toEqual(["authorityId", "commonName", "countryName", "dnsNames"]);
    expect(JSON.stringify(result.error?.flatten().fieldErrors.dnsNames)).toContain("bad_name");
  });

  it("splits extra DNS names on lines, commas and spaces", () => {
    expect(parseDnsNames("a.example.com, b.example.com\n c.example.com")).toEqual(["a.example.com", "b.example.com", "c.example.com"]);
    expect(parseDnsNames("  \n ")).toEqual([]);
  });

  it("refuses empty and oversize CSR text before it is parsed", () => {
    expect(previewCsrsInput.safeParse({ csrText: "   " }).success).toBe(false);
    expect(previewCsrsInput.safeParse({ csrText: "x".repeat(1024 * 1024 + 1) }).success).toBe(false);
    expect(previewCsrsInput.safeParse({ csrText: "-----BEGIN CERTIFICATE REQUEST-----" }).success).toBe(true);
  });

  it("accepts only the two TRISA profiles for an upload", () => {
    expect(uploadCsrsInput.safeParse({ profileId: "17", csrText: "x" }).success).toBe(true);
    expect(uploadCsrsInput.safeParse({ profileId: "85", csrText: "x", fileName: "a.pem" }).success).toBe(true);
    expect(uploadCsrsInput.safeParse({ profileId: "18", csrText: "x" }).success).toBe(false);
  });

  it("needs a positive batch id", () => {
    expect(batchIdInput.parse({ batchId: "12" })).toEqual({ batchId: 12 });
    expect(batchIdInput.safeParse({ batchId: "0" }).success).toBe(false);
  });
});
