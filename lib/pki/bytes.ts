/**
 * Byte and hex helpers shared by the lib/pki modules. Hex output is always upper case,
 * because that is how Sectigo, GDS and openssl show serials, key ids and fingerprints.
 */
import "server-only";

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex").toUpperCase();
}

/** "0A1B2C" → "0A:1B:2C". */
export function colonHex(hex: string): string {
  return (hex.match(/../g) ?? []).join(":");
}

export function toColonHex(bytes: Uint8Array): string {
  return colonHex(toHex(bytes));
}

/** Hex of even length (no separators) to bytes; the caller has validated the digits. */
export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** A view of any binary input as a Uint8Array, without copying. */
export function asBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** An ArrayBuffer holding exactly these bytes (libraries that take ArrayBuffer ignore offsets). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && toBuffer(a).equals(toBuffer(b));
}
