import { describe, expect, it } from "vitest";
import { PkiError } from "./errors";
import { formatSerialColons, normalizeSerial, serialCandidates, serialFromDer, serialToDecimal } from "./serial";

const HEX = "5A1E2F3D4C5B6A798877665544332211";

describe("normalizeSerial", () => {
  it.each([
    ["upper hex", HEX],
    ["lower hex", HEX.toLowerCase()],
    ["colons", "5a:1e:2f:3d:4c:5b:6a:79:88:77:66:55:44:33:22:11"],
    ["spaces (Chrome, Windows)", "5a 1e 2f 3d 4c 5b 6a 79 88 77 66 55 44 33 22 11"],
    ["0x prefix", `0x${HEX.toLowerCase()}`],
    ["surrounding whitespace", `  ${HEX}\n`],
    ["decimal (more than 32 digits)", BigInt(`0x${HEX}`).toString(10)],
  ])("reads %s", (_, input) => {
    expect(normalizeSerial(input)).toBe(HEX);
  });

  it("drops leading zero bytes and the 00 sign byte", () => {
    expect(normalizeSerial("00:C1:02")).toBe("C102");
    expect(normalizeSerial("0000c102")).toBe("C102");
    expect(normalizeSerial("0x0000")).toBe("00");
  });

  it("pads an odd number of hex digits to whole bytes", () => {
    expect(normalizeSerial("ABC")).toBe("0ABC");
    expect(normalizeSerial("4:a:f")).toBe("040A0F");
  });

  it("reads all-digit input of 32 digits or fewer as hex unless told otherwise", () => {
    expect(normalizeSerial("1000")).toBe("1000");
    expect(normalizeSerial("1000", { assume: "hex" })).toBe("1000");
    expect(normalizeSerial("4096", { assume: "decimal" })).toBe("1000");
    expect(normalizeSerial("12345678901234567890123456789012")).toBe("12345678901234567890123456789012");
  });

  it("refuses hex when decimal is demanded", () => {
    expect(() => normalizeSerial("ab12", { assume: "decimal" })).toThrow(PkiError);
  });

  it("maps openssl's negative serial form to the two's-complement bytes", () => {
    // openssl prints a DER serial 80 FF 01 as "serial=-7F00FF".
    expect(normalizeSerial("-7F00FF")).toBe("80FF01");
    expect(normalizeSerial("-8323327", { assume: "decimal" })).toBe("80FF01");
    expect(normalizeSerial("-80")).toBe("80");
    expect(normalizeSerial("-81")).toBe("FF7F");
  });

  it.each(["", "   ", "xyz", "12:zz", "0x", "-", "serial 1234", "12..34", "1".repeat(500), "ab".repeat(65)])(
    "throws BAD_SERIAL for %j",
    (input) => {
      try {
        normalizeSerial(input);
        throw new Error("no error");
      } catch (err) {
        expect(err).toBeInstanceOf(PkiError);
        expect((err as PkiError).code).toBe("BAD_SERIAL");
        expect((err as PkiError).message).toMatch(/is not a serial number/);
      }
    },
  );
});

describe("serialCandidates", () => {
  it("offers both readings of an all-digit string, the likely one first", () => {
    expect(serialCandidates("4096")).toEqual(["4096", "1000"]);
    const dec = BigInt(`0x${HEX}`).toString(10);
    expect(serialCandidates(dec)[0]).toBe(HEX);
    expect(serialCandidates(dec)).toHaveLength(2);
  });

  it("offers one reading when the form is unambiguous", () => {
    expect(serialCandidates("5a:1e")).toEqual(["5A1E"]);
    expect(serialCandidates("0x10")).toEqual(["10"]);
  });

  it("finds nothing for garbage", () => {
    expect(serialCandidates("not a serial")).toEqual([]);
  });
});

describe("serialFromDer", () => {
  it("strips the sign byte of a positive serial", () => {
    expect(serialFromDer(Uint8Array.from([0x00, 0xff, 0x01]))).toEqual({ hex: "FF01", negative: false });
  });

  it("keeps and marks a negative serial's two's-complement bytes", () => {
    expect(serialFromDer(Uint8Array.from([0x80, 0xff, 0x01]))).toEqual({ hex: "80FF01", negative: true });
  });
});

describe("formatting", () => {
  it("adds colons", () => {
    expect(formatSerialColons("0A1B2C")).toBe("0A:1B:2C");
    expect(formatSerialColons("a1b2c")).toBe("0A:1B:2C");
  });

  it("converts to decimal", () => {
    expect(serialToDecimal("1000")).toBe("4096");
    expect(serialToDecimal(HEX)).toBe(BigInt(`0x${HEX}`).toString(10));
    expect(serialToDecimal("80FF01", { negative: true })).toBe("-8323327");
    expect(() => serialToDecimal("xyz")).toThrow(PkiError);
  });
});
