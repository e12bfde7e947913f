import { describe, expect, it } from "vitest";
import { DNS_NAME, isDnsName } from "./dns-name";

describe("isDnsName", () => {
  it("accepts host names of two or more labels", () => {
    for (const name of ["trisa.example.com", "a.b", "api-1.vasp.example.io", `${"a".repeat(63)}.example.com`]) {
      expect(isDnsName(name), name).toBe(true);
    }
  });

  it("refuses what is not one host: wildcards, one label, bad hyphens, spaces, IP addresses, too long", () => {
    for (const name of ["*.example.com", "localhost", "-a.example.com", "a-.example.com", "a b.example.com", "10.0.0.1", `${"a".repeat(64)}.example.com`, `${"a.".repeat(127)}ab`, ""]) {
      expect(isDnsName(name), name).toBe(false);
    }
  });

  it("gives a pattern that also matches each line of a multi-line list", () => {
    const list = new RegExp(`^${DNS_NAME}(?:\\n${DNS_NAME})*$`);
    expect(list.test("a.example.com\nb.example.com")).toBe(true);
    expect(list.test("a.example.com\n\nb.example.com")).toBe(false);
  });
});
