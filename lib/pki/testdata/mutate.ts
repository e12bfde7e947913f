/**
 * Byte-level mutations of valid DER, for the CSR property test and the parsing bench: both
 * feed parseCsr the same kind of damage, drawn from the same fixed seeds.
 */
import fc from "fast-check";
import { csrDer, ecKeys, makeCsr, rsaKeys } from "./make";

export type Mutation =
  | { kind: "flip"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "duplicate"; at: number; len: number }
  | { kind: "delete"; at: number; len: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 16 }) }),
);

export function applyMutations(der: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = Buffer.from(der);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    switch (m.kind) {
      case "flip":
        if (b.length) b[at] = m.value;
        break;
      case "truncate":
        b = b.subarray(0, at);
        break;
      case "insert":
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      case "duplicate":
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + m.len), b.subarray(at)]);
        break;
      case "delete":
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
        break;
    }
  }
  return new Uint8Array(b);
}

/** The CSRs the mutations start from: one RSA with two DNS names, one EC. */
export async function seedCsrs(): Promise<Uint8Array[]> {
  const rsa = await makeCsr({ name: "C=US, O=Example VASP, CN=trisa.example.com", dns: ["trisa.example.com", "x.example.com"], keys: await rsaKeys() });
  const ec = await makeCsr({ name: "CN=ec.example.com", dns: ["ec.example.com"], keys: await ecKeys(), ec: true });
  return [csrDer(rsa), csrDer(ec)];
}
