import { describe, expect, it } from "vitest";
import { BATCH_STATES } from "@/db/types";
import { batchListHref, pageCount, parseBatchListSearch } from "./list-params";

describe("batch list search", () => {
  it("accepts every state the schema knows, and nothing else", () => {
    for (const state of BATCH_STATES) expect(parseBatchListSearch({ state }).query.state).toBe(state);
    expect(parseBatchListSearch({ state: "archived" }).query.state).toBe("");
  });

  it("reads state, kind and page from the URL", () => {
    const { query, problems } = parseBatchListSearch({ state: "processing", kind: "csr", page: "3" });
    expect(query).toEqual({ state: "processing", kind: "csr", page: 3 });
    expect(problems).toEqual([]);
  });

  it("drops bad values with a sentence instead of failing", () => {
    const { query, problems } = parseBatchListSearch({ state: "<script>", kind: "many", page: "-1" });
    expect(query).toEqual({ state: "", kind: "", page: 1 });
    expect(problems).toHaveLength(3);
    expect(parseBatchListSearch({ page: "99999999" }).query.page).toBe(1);
    expect(parseBatchListSearch({ page: "0" }).query.page).toBe(1);
  });

  it("takes the first of repeated parameters", () => {
    expect(parseBatchListSearch({ state: ["indexed", "rejected"] }).query.state).toBe("indexed");
  });

  it("builds links that round-trip, leaving defaults out", () => {
    const query = { state: "rejected", kind: "single", page: 2 } as const;
    const href = batchListHref(query);
    expect(href).toBe("/batches?state=rejected&kind=single&page=2");
    const params = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(parseBatchListSearch(params).query).toEqual(query);
    expect(batchListHref({ state: "", kind: "", page: 1 })).toBe("/batches");
    expect(batchListHref(query, { page: 1 })).toBe("/batches?state=rejected&kind=single");
  });

  it("counts pages, at least one", () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
  });
});
