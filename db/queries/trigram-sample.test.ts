import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { upsertCertificate } from "@/db/queries/certificates";
import { rarestTrigrams, trigramSample, trigramsOf } from "@/db/queries/trigram-sample";

let t: TempDb;
let db: Db;
const add = (serial: string, commonName: string) =>
  upsertCertificate(db, { source: "batch", serial, commonName, sans: [commonName], notBefore: new Date("2026-01-01"), notAfter: new Date("2027-01-01") });

beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

describe("the trigram sample the search plans with", () => {
  it("splits a text into its distinct lower-case trigrams", () => {
    expect(trigramsOf("AbAbA")).toEqual(["aba", "bab"]);
    expect(trigramsOf("ab")).toEqual([]);
  });

  it("counts sampled rows per trigram and names a query's rarest ones, unseen first", () => {
    for (let i = 0; i < 20; i++) add(`A${i}`, `common-${i}.example`);
    add("B1", "rarely.example");
    const sample = trigramSample(db);
    expect(sample.size).toBeGreaterThan(0);
    // every row holds "com"; one holds "rel"; none holds "zq!"
    expect(sample.rows.get("com")!).toBeGreaterThan(sample.rows.get("rel") ?? 0);
    expect(rarestTrigrams(sample, "zq!rely-common", 2)).toEqual(["zq!", "q!r"]);
    expect(rarestTrigrams(sample, "common.rarely", 3)).not.toContain("com");
  });

  it("is taken again once the inventory has grown by a tenth", () => {
    add("A0", "first.example");
    const first = trigramSample(db, 1_000);
    expect(trigramSample(db, 2_000)).toBe(first);
    for (let i = 1; i < 5; i++) add(`A${i}`, `grown-${i}.example`);
    const again = trigramSample(db, 3_000);
    expect(again).not.toBe(first);
    expect(again.rows.get("gro")).toBeGreaterThan(0);
  });
});
