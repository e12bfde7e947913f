import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { PkiError } from "./errors";
import { readZip, writeZip } from "./zip";

const text = (s: string) => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PkiError);
    return (err as PkiError).code;
  }
  return "no error";
}

describe("writeZip and readZip", () => {
  it("round-trips entries in order", () => {
    const entries = [
      { name: "b.p12", data: new Uint8Array([0, 1, 2, 255]) },
      { name: "a/chain.pem", data: text("-----BEGIN CERTIFICATE-----\n") },
      { name: "empty.txt", data: new Uint8Array() },
    ];
    expect(readZip(writeZip(entries))).toEqual(entries);
  });

  it("reads an archive with a directory entry, returning only files", () => {
    const zip = zipSync({ "certs/": new Uint8Array(), "certs/leaf.pem": text("x") });
    expect(readZip(zip).map((e) => e.name)).toEqual(["certs/leaf.pem"]);
  });

  it("refuses to write unsafe or repeated names", () => {
    expect(codeOf(() => writeZip([{ name: "../x", data: new Uint8Array() }]))).toBe("ZIP_UNSAFE_ENTRY");
    expect(codeOf(() => writeZip([{ name: "a", data: new Uint8Array() }, { name: "a", data: new Uint8Array() }]))).toBe("ZIP_UNSAFE_ENTRY");
  });
});

describe("readZip refuses unsafe archives", () => {
  it.each([
    ["../evil.sh", /outside the archive folder/],
    ["certs/../../etc/cron.d/x", /outside the archive folder/],
    ["/etc/passwd", /absolute path/],
    ["C:/Windows/evil.dll", /absolute path/],
    ["certs\\..\\evil", /backslashes/],
    ["bad\u0000name.p12", /control characters/],
  ])("refuses the entry name %j", (name, why) => {
    const zip = zipSync({ [name]: text("data") });
    expect(() => readZip(zip)).toThrow(why);
    expect(codeOf(() => readZip(zip))).toBe("ZIP_UNSAFE_ENTRY");
  });

  it("refuses too many entries before inflating any", () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 6; i++) files[`f${i}.pem`] = text("x");
    expect(codeOf(() => readZip(zipSync(files), { maxEntries: 5 }))).toBe("ZIP_ENTRY_COUNT");
    expect(readZip(zipSync(files), { maxEntries: 6 })).toHaveLength(6);
  });

  it("refuses an entry or a total over the size caps, by the declared size", () => {
    const big = new Uint8Array(200_000); // compresses to almost nothing
    expect(codeOf(() => readZip(zipSync({ "big.bin": big }), { maxEntryBytes: 100_000 }))).toBe("TOO_LARGE");
    const two = zipSync({ "a.bin": big, "b.bin": big });
    expect(() => readZip(two, { maxTotalBytes: 300_000 })).toThrow(/larger than 0.3 MiB uncompressed/);
  });

  it("does not inflate past the declared size of an entry that lies about it", () => {
    const zip = Buffer.from(zipSync({ "bomb.bin": new Uint8Array(1_000_000) }));
    // Declare 10 bytes in the local header and the central directory.
    zip.writeUInt32LE(10, 22);
    zip.writeUInt32LE(10, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    expect(() => readZip(new Uint8Array(zip))).toThrow(/does not match its recorded size|damaged/);
  });

  it("says BAD_ZIP for data that is not a ZIP or is damaged", () => {
    expect(codeOf(() => readZip(text("-----BEGIN CERTIFICATE-----")))).toBe("BAD_ZIP");
    expect(codeOf(() => readZip(new Uint8Array([0x30, 0x82, 0x01, 0x00])))).toBe("BAD_ZIP");
    const good = writeZip([{ name: "a.pem", data: text("hello hello hello hello") }]);
    expect(codeOf(() => readZip(good.subarray(0, good.length - 30)))).toBe("BAD_ZIP");
    const flipped = new Uint8Array(good);
    flipped[40] = (flipped[40] ?? 0) ^ 0xff; // inside the deflated data
    expect(codeOf(() => readZip(flipped))).toBe("BAD_ZIP");
    expect(codeOf(() => readZip(new Uint8Array()))).toBe("EMPTY_INPUT");
  });

  it("catches a changed byte in a stored (uncompressed) entry by its CRC", () => {
    const zip = Buffer.from(zipSync({ "leaf.pem": [text("-----BEGIN CERTIFICATE-----"), { level: 0 }] }));
    zip[zip.indexOf("BEGIN")] = "X".charCodeAt(0);
    expect(() => readZip(new Uint8Array(zip))).toThrow(/"leaf.pem" does not match its recorded size or checksum; the archive is damaged/);
  });

  it("reads an empty archive as no entries", () => {
    expect(readZip(writeZip([]))).toEqual([]);
  });
});
