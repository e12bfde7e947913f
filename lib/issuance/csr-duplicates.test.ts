// The CSR preview flags repeats within one paste (the same key, or the same subject and
// names) on the later CSR, so the count of good CSRs is honest and the upload sends each once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ecKeys, makeCsr } from "@/lib/pki/testdata/make";
import { advanceUntil, isFinal, openTestDb, startHarness, type Harness, type TestDb } from "./test-support";
import { previewCsrs, uploadCsrs } from "./csr-upload";

async function csr(commonName: string, keys?: CryptoKeyPair, dns: string[] = [commonName]): Promise<string> {
  const made = await makeCsr({ name: `CN=${commonName}, O=Dup VASP, C=US`, dns, keys: keys ?? (await ecKeys()), ec: true });
  return made.toString("pem");
}

describe("previewCsrs: duplicates in one paste", () => {
  it("flags the same public key twice on the later CSR, naming the first", async () => {
    const keys = await ecKeys();
    const preview = await previewCsrs([await csr("a.dup.example.com", keys), await csr("b.dup.example.com"), await csr("c.dup.example.com", keys)].join(""));
    expect(preview.map((p) => p.ok)).toEqual([true, true, false]);
    expect(preview[2]).toMatchObject({ duplicateOf: 0, signatureValid: true });
    expect(preview[2]?.problems).toEqual(["Same public key as CSR #1 in this text: each certificate needs its own key pair."]);
    expect(preview[0]?.problems).toEqual([]);
  });

  it("flags the same subject and DNS names twice (names in any order and case), even with different keys", async () => {
    const one = await csr("d.dup.example.com", undefined, ["d.dup.example.com", "api.d.dup.example.com"]);
    const two = await csr("d.dup.example.com", undefined, ["API.d.dup.example.com", "d.dup.example.com"]);
    const other = await csr("d.dup.example.com", undefined, ["d.dup.example.com"]);
    const preview = await previewCsrs(one + two + other + two);
    expect(preview.map((p) => p.ok)).toEqual([true, false, true, false]);
    expect(preview[1]?.problems.join(" ")).toMatch(/Same subject and DNS names as CSR #1/);
    expect(preview[3]?.problems.join(" ")).toMatch(/Same public key as CSR #2 .* Same subject and DNS names as CSR #1/);
  });

  it("does not let a bad CSR push out a good one that comes after it", async () => {
    const keys = await ecKeys();
    const bad = await csr("nosan.dup.example.com", keys, []);
    const good = await csr("e.dup.example.com", keys);
    const preview = await previewCsrs(bad + good);
    expect(preview.map((p) => p.ok)).toEqual([false, true]);
    expect(preview[1]?.duplicateOf).toBeUndefined();
  });

  it("counts 20 good CSRs among a paste of 40 with each repeated", async () => {
    const pems = await Promise.all(Array.from({ length: 20 }, (_, i) => csr(`n${i}.dup.example.com`)));
    const preview = await previewCsrs([...pems, ...pems].join(""));
    expect(preview.filter((p) => p.ok)).toHaveLength(20);
    expect(preview.slice(20).every((p, i) => p.duplicateOf === i)).toBe(true);
  });
});

describe("uploadCsrs with duplicates", () => {
  let h: Harness;
  let t: TestDb;
  beforeAll(async () => {
    h = await startHarness("csr-dup-test-");
    t = openTestDb(h.client);
  });
  afterAll(async () => {
    t.temp.cleanup();
    await h.close();
  });

  it("submits only the valid, non-duplicate CSRs", async () => {
    const keys = await ecKeys();
    const text = [await csr("f.dup.example.com", keys), await csr("g.dup.example.com", keys), await csr("f.dup.example.com"), await csr("h.dup.example.com")].join("");
    const { batch, submitted, skipped } = await uploadCsrs(t.ctx, { profileId: 17, fileName: "dups.pem", csrText: text });
    expect({ submitted, skipped }).toEqual({ submitted: 2, skipped: 2 });
    expect(batch.size).toBe(2);
    const done = await advanceUntil(h, t.db, batch.id, isFinal);
    expect(done.state).toBe("indexed");
  });
});
