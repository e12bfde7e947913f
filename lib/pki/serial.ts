/**
 * Certificate serial numbers in every form people paste, reduced to one canonical form:
 * upper-case hex of the serial's bytes, no separators, no leading 00 sign byte — the form
 * GDS uses as the certificate id and the simulator's find matches exactly.
 *
 * The ambiguity rule: a string of only decimal digits could be hex or decimal. Serials are
 * shown in hex almost everywhere (Sectigo, openssl, browsers), and a random 16-byte serial
 * is 32 hex digits but 38–39 decimal digits, while the chance that 32 random hex digits
 * contain no letter is about 3 in 10 million. So by default ("auto") all-digit input is
 * hex when it has at most 32 digits and decimal when longer. Callers who know better pass
 * `assume`, and search should try every `serialCandidates` form.
 */
import "server-only";
import { bigIntFromTwosComplement } from "./asn1-read";
import { colonHex, fromHex } from "./bytes";
import { PkiError } from "./errors";

export interface NormalizeSerialOptions {
  /** How to read a string of only decimal digits; default "auto" (see module header). */
  assume?: "hex" | "decimal" | "auto";
}

/** Longest serial accepted: RFC 5280 allows 20 bytes; leave room for non-conforming CAs. */
const MAX_SERIAL_BYTES = 64;
const AUTO_DECIMAL_ABOVE_DIGITS = 32;
// Colon-separated hex of MAX_SERIAL_BYTES is 191 characters; anything far longer is not a serial.
const MAX_SERIAL_TEXT = 400;

function badSerial(input: string, why: string): PkiError {
  const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  return new PkiError(
    "BAD_SERIAL",
    `"${shown.replace(/[^\x20-\x7e]/g, "?")}" is not a serial number: ${why}. Use hex (e.g. 4F:2A:… or 4f2a…, optionally 0x…) or decimal digits.`,
  );
}

/** Minimal big-endian two's-complement bytes of `n` as upper-case hex (positive: no 00 sign byte). */
function canonicalFromBigInt(n: bigint): string {
  if (n >= 0n) {
    const h = n.toString(16).toUpperCase();
    return h.length % 2 ? `0${h}` : h;
  }
  let bytes = 1;
  while (-(1n << BigInt(bytes * 8 - 1)) > n) bytes++;
  return ((1n << BigInt(bytes * 8)) + n).toString(16).toUpperCase().padStart(bytes * 2, "0");
}

type Parsed = { hex?: bigint; decimal?: bigint; digitsOnly: boolean };

// The hex and/or decimal readings of an input, or why it is garbage. A leading "-" is
// openssl's way of printing a negative serial ("serial=-7F00FF"); it maps to the same
// two's-complement bytes that parseCertificate reports for that certificate.
function readings(input: string): Parsed | string {
  let s = input.trim();
  if (s === "") return "it is empty";
  if (s.length > MAX_SERIAL_TEXT) return "it is too long";
  const sign = s.startsWith("-") ? -1n : 1n;
  if (sign < 0n) s = s.slice(1).trim();
  if (/^0x[0-9a-f]+$/i.test(s)) return { hex: sign * BigInt(s), digitsOnly: false };
  if (/^[0-9a-f]+$/i.test(s)) {
    const digitsOnly = /^[0-9]+$/.test(s);
    return { hex: sign * BigInt(`0x${s}`), decimal: digitsOnly ? sign * BigInt(s) : undefined, digitsOnly };
  }
  if (/^[0-9a-f]+(?:[:\s-]+[0-9a-f]+)+$/i.test(s)) {
    // Separated groups are hex (nobody separates decimal digits this way). Groups of one
    // digit, as some tools print "4:a:0f", are padded to a byte each.
    const groups = s.split(/[:\s-]+/);
    const byteGroups = groups.every((g) => g.length <= 2);
    const hex = byteGroups ? groups.map((g) => g.padStart(2, "0")).join("") : groups.join("");
    return { hex: sign * BigInt(`0x${hex}`), digitsOnly: false };
  }
  return "it contains characters other than hex digits, colons or spaces";
}

function checkLength(input: string, value: bigint): string {
  const hex = canonicalFromBigInt(value);
  if (hex.length / 2 > MAX_SERIAL_BYTES) throw badSerial(input, `it is longer than ${MAX_SERIAL_BYTES} bytes`);
  return hex;
}

/**
 * The canonical form of a serial typed or pasted in any usual form. Throws PkiError
 * BAD_SERIAL for anything that is not a serial.
 */
export function normalizeSerial(input: string, opts: NormalizeSerialOptions = {}): string {
  const r = readings(String(input));
  if (typeof r === "string") throw badSerial(String(input), r);
  const assume = opts.assume ?? "auto";
  if (r.digitsOnly && r.decimal !== undefined) {
    const digits = input.trim().replace(/^-\s*/, "").length;
    const useDecimal = assume === "decimal" || (assume === "auto" && digits > AUTO_DECIMAL_ABOVE_DIGITS);
    return checkLength(input, useDecimal ? r.decimal : (r.hex as bigint));
  }
  if (assume === "decimal") throw badSerial(input, "it is not a decimal number");
  return checkLength(input, r.hex as bigint);
}

/**
 * Every canonical serial the input could mean, the most likely first (the `auto` reading).
 * Empty for garbage, so a search box can simply find nothing.
 */
export function serialCandidates(input: string): string[] {
  const r = readings(String(input));
  if (typeof r === "string") return [];
  const forms = [r.hex, r.decimal]
    .filter((v): v is bigint => v !== undefined)
    .map(canonicalFromBigInt)
    .filter((h) => h.length / 2 <= MAX_SERIAL_BYTES);
  const first = normalizeSerialSafe(input);
  return [...new Set(first ? [first, ...forms] : forms)];
}

function normalizeSerialSafe(input: string): string | undefined {
  try {
    return normalizeSerial(input);
  } catch {
    return undefined;
  }
}

export interface SerialValue {
  /**
   * Canonical hex. For a negative serial: its two's-complement bytes (openssl prints the
   * magnitude with a minus sign instead, "-7F00FF"; normalizeSerial maps that form here).
   */
  hex: string;
  /** True when the DER INTEGER is negative (high bit set without a 00 sign byte). */
  negative: boolean;
}

/** A serial from the content bytes of a certificate's or CRL entry's DER INTEGER. */
export function serialFromDer(integerBytes: Uint8Array): SerialValue {
  if (integerBytes.byteLength === 0) return { hex: "00", negative: false };
  const negative = ((integerBytes[0] ?? 0) & 0x80) !== 0;
  return { hex: canonicalFromBigInt(bigIntFromTwosComplement(integerBytes)), negative };
}

/** "0A1B2C" → "0A:1B:2C" (odd-length input gets a leading 0). */
export function formatSerialColons(hex: string): string {
  const h = hex.replace(/[:\s]/g, "").toUpperCase();
  return colonHex(h.length % 2 ? `0${h}` : h);
}

/** Decimal text of a canonical hex serial; `negative` reads it as two's complement. */
export function serialToDecimal(hex: string, opts: { negative?: boolean } = {}): string {
  const h = hex.replace(/[:\s]/g, "");
  if (!/^[0-9a-fA-F]+$/.test(h)) throw badSerial(hex, "it is not hex");
  if (!opts.negative) return BigInt(`0x${h}`).toString(10);
  const bytes = fromHex(h.length % 2 ? `0${h}` : h);
  return bigIntFromTwosComplement(bytes).toString(10);
}
