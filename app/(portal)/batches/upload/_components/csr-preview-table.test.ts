import { describe, expect, it } from "vitest";
import { keyText, problemsOf } from "./csr-preview-table";

describe("CSR preview wording", () => {
  it("names the key once", () => {
    expect(keyText({ keyAlgorithm: "RSA", keySize: 4096 })).toBe("RSA 4096");
    expect(keyText({ keyAlgorithm: "EC P-256", keySize: 256 })).toBe("EC P-256");
    expect(keyText({ keyAlgorithm: null, keySize: null })).toBe("—");
  });

  it("lists each problem once, and the decoding error when there is nothing else", () => {
    const error = { code: "BAD_SIGNATURE" as const, message: "The signature does not match." };
    expect(problemsOf({ problems: ["Forged.", "No SAN.", "Forged."], error })).toEqual(["Forged.", "No SAN."]);
    expect(problemsOf({ problems: [], error })).toEqual(["The signature does not match."]);
    expect(problemsOf({ problems: [] })).toEqual([]);
  });
});
