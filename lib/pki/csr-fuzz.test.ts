/**
 * Property test (S10): whatever happens to the bytes of a valid CSR, parseCsr either
 * resolves or rejects with a PkiError and a readable message. A fixed seed keeps the run
 * reproducible. How fast a bad CSR is refused is measured by `npm run bench`, not here: a
 * stopwatch in a unit test fails on a busy machine, and a hang fails the test timeout anyway.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsr, parseCsrs } from "./csr";
import { isPkiError } from "./errors";
import { toPem } from "./pem";
import { applyMutations, mutation, seedCsrs } from "./testdata/mutate";

async function outcome(p: Promise<unknown>): Promise<"resolved" | "pki-error"> {
  try {
    await p;
    return "resolved";
  } catch (err) {
    if (!isPkiError(err)) throw new Error(`not a PkiError: ${String(err)}`);
    expect(err.message.length).toBeGreaterThan(10);
    return "pki-error";
  }
}

let seeds: Uint8Array[] = [];

beforeAll(async () => {
  seeds = await seedCsrs();
});

describe("parseCsr under mutation", () => {
  it("resolves or rejects with a PkiError", async () => {
    const counts = { resolved: 0, "pki-error": 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat(1), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (which, mutations) => {
        counts[await outcome(parseCsr(applyMutations(seeds[which] as Uint8Array, mutations)))]++;
      }),
      { seed: 42, numRuns: 300 },
    );
    // The mutations must actually exercise the error paths.
    expect(counts["pki-error"]).toBeGreaterThan(200);
  });

  it("gives a per-block result for mutated CSRs pasted as PEM", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const text = toPem(applyMutations(seeds[0] as Uint8Array, mutations), "CERTIFICATE REQUEST") + toPem(seeds[1] as Uint8Array, "CERTIFICATE REQUEST");
        const results = await parseCsrs(text);
        expect(results).toHaveLength(2);
        expect(results[1]?.ok).toBe(true);
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});
