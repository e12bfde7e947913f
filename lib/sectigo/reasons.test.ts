import { describe, expect, it } from "vitest";
import { isRevocationReasonCode, parseReason, REVOCATION_REASONS, revocationReason } from "./reasons";

describe("revocation reasons", () => {
  it("lists codes 0–6 and 8–10 with Go's canonical names", () => {
    expect(REVOCATION_REASONS.map((r) => [r.code, r.name])).toEqual([
      [0, "unspecified"],
      [1, "key compromise"],
      [2, "ca compromise"],
      [3, "affiliation changed"],
      [4, "superseded"],
      [5, "cessation of operation"],
      [6, "certificate hold"],
      [8, "remove from crl"],
      [9, "privilege withdrawn"],
      [10, "aa compromise"],
    ]);
  });

  it("gives each a label and a one-line description", () => {
    for (const r of REVOCATION_REASONS) {
      expect(r.label).toMatch(/^[A-Z]/);
      expect(r.description).toMatch(/^[A-Z].*\.$/);
      expect(r.description).not.toContain("\n");
    }
    expect(revocationReason(1)?.label).toBe("Key compromise");
  });

  it.each(REVOCATION_REASONS.map((r) => [r.name, r.code] as const))("parses %j as %i", (name, code) => {
    expect(parseReason(name).code).toBe(code);
    expect(parseReason(name.toUpperCase()).code).toBe(code);
    expect(parseReason(name.replace(/ /g, "")).code).toBe(code);
    expect(parseReason(String(code)).code).toBe(code);
  });

  it("ignores case and every kind of whitespace (Go removed only spaces)", () => {
    expect(parseReason("Key\tCompromise").code).toBe(1);
    expect(parseReason("  cessation\nof  operation ").code).toBe(5);
    expect(parseReason("keyCompromise").code).toBe(1);
    expect(parseReason("AACompromise").code).toBe(10);
  });

  it('parses "" (and blanks) as unspecified', () => {
    expect(parseReason("")).toMatchObject({ code: 0, name: "unspecified" });
    expect(parseReason(" \t ").code).toBe(0);
  });

  it.each(["7", "07", "value 7 is not used", "Value7IsNotUsed"])("refuses %j, which RFC 5280 does not use", (text) => {
    expect(() => parseReason(text)).toThrow(expect.objectContaining({ code: "INVALID_REASON", message: "reason code 7 is not used by RFC 5280" }));
  });

  it.each([
    ["Key  Compromised", "keycompromised"],
    ["11", "11"],
    ["-1", "-1"],
    ["1.0", "1.0"],
  ])("refuses %j", (text, normalized) => {
    expect(() => parseReason(text)).toThrow(`could not translate "${normalized}" into a reason code`);
  });

  it("knows which numbers are codes", () => {
    expect([0, 1, 6, 8, 10].every(isRevocationReasonCode)).toBe(true);
    expect([7, 11, -1, 1.5, Number.NaN, "1"].some(isRevocationReasonCode)).toBe(false);
  });
});
