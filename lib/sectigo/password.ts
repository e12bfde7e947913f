/**
 * The PKCS#12 password of a new batch (docs/sectigo-protocol.md §4.5): 16 characters of
 * [a-zA-Z0-9] from a cryptographic source. Rejection sampling keeps every character
 * equally likely: a byte ≥ 248 (the largest multiple of 62 that fits) is thrown away
 * instead of being folded onto the first characters by `% 62`.
 */
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LIMIT = 256 - (256 % ALPHABET.length);

export const PKCS12_PASSWORD_LENGTH = 16;

export function generatePkcs12Password(
  length: number = PKCS12_PASSWORD_LENGTH,
  randomFill: (bytes: Uint8Array) => Uint8Array = (bytes) => globalThis.crypto.getRandomValues(bytes),
): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomFill(new Uint8Array(length * 2))) {
      if (byte >= LIMIT) continue;
      out += ALPHABET.charAt(byte % ALPHABET.length);
      if (out.length === length) break;
    }
  }
  return out;
}
