import { describe, expect, it } from "vitest";
import { isPkiError } from "./errors";
import { CSR_LABELS, MAX_PEM_BLOCKS, readPemBlocks, toPem } from "./pem";

const CSR = { labels: CSR_LABELS, noun: "CSR" } as const;
const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);

describe("toPem", () => {
  it("wraps base64 at 64 characters and ends with a newline", () => {
    const pem = toPem(bytes, "CERTIFICATE REQUEST");
    const lines = pem.split("\n");
    expect(lines[0]).toBe("-----BEGIN CERTIFICATE REQUEST-----");
    expect(lines[1]).toHaveLength(64);
    expect(pem.endsWith("-----END CERTIFICATE REQUEST-----\n")).toBe(true);
  });
});

describe("readPemBlocks", () => {
  it("round-trips toPem and reads blocks glued together without a newline", () => {
    const one = toPem(bytes, "CERTIFICATE REQUEST").trim();
    const blocks = readPemBlocks(one + one, CSR);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) expect(b.ok && Array.from(b.der)).toEqual(Array.from(bytes));
  });

  it("accepts the old NEW CERTIFICATE REQUEST label and skips RFC 1421 headers", () => {
    const body = toPem(bytes, "X").split("\n").slice(1, -2).join("\n");
    const text = `-----BEGIN NEW CERTIFICATE REQUEST-----\nProc-Type: 4,ENCRYPTED\n\n${body}\n-----END NEW CERTIFICATE REQUEST-----`;
    const [b] = readPemBlocks(text, CSR);
    expect(b?.ok).toBe(true);
  });

  it("reports mismatched BEGIN/END labels and ignores a stray END", () => {
    const body = toPem(bytes, "X").split("\n").slice(1, -2).join("\n");
    const text = `-----END CERTIFICATE REQUEST-----\n-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE-----\n`;
    const [b, more] = readPemBlocks(text, CSR);
    expect(more).toBeUndefined();
    expect(b && !b.ok && b.error.message).toMatch(/BEGIN and END labels must match/);
  });

  it("numbers lines in messages so a person can find the block", () => {
    const text = `a\nb\n-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n`;
    const [b] = readPemBlocks(text, CSR);
    expect(b && !b.ok && b.error.message).toBe(
      "The CSR on line 3 is not valid base64. Paste it again without editing the lines between BEGIN and END.",
    );
  });

  // That this stays linear in the number of blocks is a row of `npm run bench`.
  it("reports each of thousands of unterminated BEGIN lines, and refuses more than the block cap", () => {
    const line = "-----BEGIN CERTIFICATE REQUEST-----\n";
    const blocks = readPemBlocks(line.repeat(MAX_PEM_BLOCKS), CSR);
    expect(blocks).toHaveLength(MAX_PEM_BLOCKS);
    expect(blocks.every((b) => !b.ok && isPkiError(b.error) && b.error.code === "NO_PEM_BLOCK")).toBe(true);
    expect(() => readPemBlocks(line.repeat(MAX_PEM_BLOCKS + 2), CSR)).toThrow(/more than 5000 PEM blocks/);
  });
});
