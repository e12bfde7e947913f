import { describe, expect, it } from "vitest";
import { isOneOf, paramReader, parseDay, parseDayRange, positiveInteger, queryString } from "./url-filters";

describe("paramReader", () => {
  it("reads the first of repeated values, trimmed and capped, from either form of query", () => {
    const fromRecord = paramReader({ a: [" x ", "y"], b: "z".repeat(50) }, 10);
    expect(fromRecord("a")).toBe("x");
    expect(fromRecord("b")).toHaveLength(10);
    expect(fromRecord("b", 3)).toBe("zzz");
    expect(fromRecord("missing")).toBe("");
    const fromUrl = paramReader(new URLSearchParams("a=%20x%20&a=y"), 10);
    expect(fromUrl("a")).toBe("x");
    expect(fromUrl("missing")).toBe("");
  });
});

describe("isOneOf", () => {
  it("accepts members of the list only", () => {
    expect(isOneOf(["asc", "desc"] as const, "asc")).toBe(true);
    expect(isOneOf(["asc", "desc"] as const, "ASC")).toBe(false);
  });
});

describe("positiveInteger", () => {
  it("takes whole numbers from 1 to the limit, written with few enough digits", () => {
    expect(positiveInteger("42", 6)).toBe(42);
    expect(positiveInteger("0", 6)).toBeNull();
    expect(positiveInteger("-1", 6)).toBeNull();
    expect(positiveInteger("1.5", 6)).toBeNull();
    expect(positiveInteger("1234567", 6)).toBeNull();
    expect(positiveInteger("101", 6, 100)).toBeNull();
    expect(positiveInteger("9".repeat(16), 16)).toBeNull();
  });
});

describe("parseDay", () => {
  it("accepts real calendar days only", () => {
    expect(parseDay("2028-02-29")?.toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(parseDay("2027-02-29")).toBeNull();
    expect(parseDay("2025-1-5")).toBeNull();
    expect(parseDay("29/02/2028")).toBeNull();
  });
});

describe("parseDayRange", () => {
  const labels = { from: "since", to: "until" };

  it("includes the whole `to` day", () => {
    const problems: string[] = [];
    const days = parseDayRange({ from: "2026-01-01", to: "2026-01-31" }, labels, problems);
    expect(days.range).toEqual({ from: new Date("2026-01-01T00:00:00Z"), toExclusive: new Date("2026-02-01T00:00:00Z") });
    expect(days).toMatchObject({ from: "2026-01-01", to: "2026-01-31" });
    expect(problems).toEqual([]);
  });

  it("drops a bad date with a sentence in the page's words, and empties it", () => {
    const problems: string[] = [];
    const days = parseDayRange({ from: "soon", to: "" }, labels, problems);
    expect(days).toEqual({ range: {}, from: "", to: "" });
    expect(problems).toEqual(['The "since" date "soon" is not a date like 2026-01-31; it was ignored.']);
  });

  it("keeps a reversed range but says nothing can match", () => {
    const problems: string[] = [];
    parseDayRange({ from: "2026-02-01", to: "2026-01-01" }, labels, problems);
    expect(problems).toEqual(['The "since" date is after the "until" date, so nothing can match.']);
  });
});

describe("queryString", () => {
  const keys = ["a", "b"] as const;

  it("writes set keys in order, then extras; an empty extra removes its key", () => {
    expect(queryString(keys, { b: "2", a: "1" })).toBe("?a=1&b=2");
    expect(queryString(keys, { a: "", b: "x y" }, { page: 3 })).toBe("?b=x+y&page=3");
    expect(queryString(keys, { a: "1" }, { a: undefined })).toBe("");
    expect(queryString(keys, {})).toBe("");
  });
});
