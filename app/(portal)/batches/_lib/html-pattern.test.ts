import { describe, expect, it } from "vitest";
import { PARAM_RULES } from "@/lib/sectigo/profiles";
import { htmlPattern } from "./html-pattern";

/** What a browser does with the attribute: compile with `v`, anchored. */
function browserAccepts(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`, "v").test(value);
}

describe("htmlPattern", () => {
  it("turns the DNS-name rule (invalid under the v flag as served) into a working attribute", () => {
    const served = PARAM_RULES.commonName.validationPattern;
    expect(() => new RegExp(served, "v")).toThrow();
    const pattern = htmlPattern(served);
    expect(pattern).toBeDefined();
    for (const good of ["trisa.example.com", "a-b.example.org", "x1.y2.z3"]) expect(browserAccepts(pattern ?? "", good), good).toBe(true);
    for (const bad of ["-bad.example.com", "bad-.example.com", "nodot", "has space.example.com", "a..b.com", "*.example.com"]) {
      expect(browserAccepts(pattern ?? "", bad), bad).toBe(false);
    }
  });

  it("keeps the subject rules as they are, and they still refuse what the server refuses", () => {
    expect(htmlPattern(PARAM_RULES.countryName.validationPattern)).toBe("[A-Z]{2}");
    const country = htmlPattern(PARAM_RULES.countryName.validationPattern) ?? "";
    expect(browserAccepts(country, "US")).toBe(true);
    expect(browserAccepts(country, "us")).toBe(false);
    const org = htmlPattern(PARAM_RULES.organizationName.validationPattern) ?? "";
    expect(browserAccepts(org, "Example VASP, Inc.")).toBe(true);
    expect(browserAccepts(org, "x".repeat(65))).toBe(false);
  });

  it("leaves out what cannot be compiled, and empty input", () => {
    expect(htmlPattern("^[unclosed$")).toBeUndefined();
    expect(htmlPattern("")).toBeUndefined();
    expect(htmlPattern(null)).toBeUndefined();
  });

  it("keeps an escaped dollar at the end", () => {
    expect(htmlPattern("^price\\$")).toBe("price\\$");
  });
});
