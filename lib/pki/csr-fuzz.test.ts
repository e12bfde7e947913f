/**
 * Property test (S10): whatever happens to the bytes of a valid CSR, parseCsr either
 * resolves or rejects with a PkiError, quickly. A fixed seed keeps the run reproducible.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsr, parseCsrs } from "./csr";
import { PkiError } from "./errors";
import { toPem } from "./pem";
import { csrDer, ecKeys, makeCsr, rsaKeys } from "./testdata/make";

type Mutation =
  | { kind: "flip"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "duplicate"; at: number; len: number }
  | { kind: "delete"; at: number; len: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 16 }) }),
);

function apply(der: Uint8Array, mutations: Mutation[]): Uint8Array {
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

// Generous against a noisy shared machine; a hang or quadratic blow-up would be seconds.
const PER_RUN_MS = 250;

async function outcome(p: Promise<unknown>): Promise<"resolved" | "pki-error"> {
  try {
    await p;
    return "resolved";
  } catch (err) {
    if (!(err instanceof PkiError)) throw new Error(`not a PkiError: ${String(err)}`);
    expect(err.message.length).toBeGreaterThan(10);
    return "pki-error";
  }
}

let seeds: Uint8Array[] = [];

beforeAll(async () => {
  const rsa = await makeCsr({ name: "C=US, O=Example VASP, CN=trisa.example.com", dns: ["trisa.example.com", "x.example.com"], keys: await rsaKeys() });
  const ec = await makeCsr({ name: "CN=ec.example.com", dns: ["ec.example.com"], keys: await ecKeys(), ec: true });
  seeds = [csrDer(rsa), csrDer(ec)];
});

describe("parseCsr under mutation", () => {
  it("resolves or rejects with a PkiError, within the time bound", async () => {
    const counts = { resolved: 0, "pki-error": 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat(1), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (which, mutations) => {
        const der = apply(seeds[which] as Uint8Array, mutations);
        const started = performance.now();
        counts[await outcome(parseCsr(der))]++;
        expect(performance.now() - started).toBeLessThan(PER_RUN_MS);
      }),
      { seed: 42, numRuns: 300 },
    );
    // The mutations must actually exercise the error paths.
    expect(counts["pki-error"]).toBeGreaterThan(200);
  });

  it("gives a per-block result for mutated CSRs pasted as PEM", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const text = toPem(apply(seeds[0] as Uint8Array, mutations), "CERTIFICATE REQUEST") + toPem(seeds[1] as Uint8Array, "CERTIFICATE REQUEST");
        const started = performance.now();
        const results = await parseCsrs(text);
        expect(performance.now() - started).toBeLessThan(PER_RUN_MS);
        expect(results).toHaveLength(2);
        expect(results[1]?.ok).toBe(true);
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});
