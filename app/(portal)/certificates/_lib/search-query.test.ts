import { describe, expect, it } from "vitest";
import {
  ariaSort,
  certificateQueryString,
  DEFAULT_PAGE_SIZE,
  hasFilters,
  parseCertificateSearch,
  sortLink,
} from "./search-query";

describe("parseCertificateSearch", () => {
  it("reads every filter a shared link can carry", () => {
    const parsed = parseCertificateSearch(
      new URLSearchParams("q=trisa.example&status=expiring&from=2026-01-01&to=2026-01-31&profile=85&sort=commonName&dir=desc&size=100&page=3"),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.filters).toEqual({
      q: "trisa.example",
      status: "expiring",
      expiresFrom: new Date("2026-01-01T00:00:00.000Z"),
      // `to` is inclusive: the whole of 31 January matches.
      expiresTo: new Date("2026-02-01T00:00:00.000Z"),
      profileId: 85,
      sort: "commonName",
      dir: "desc",
      page: 3,
      pageSize: 100,
    });
  });

  it("defaults to the soonest expiry first, page 1, 50 rows", () => {
    const parsed = parseCertificateSearch({});
    expect(parsed.filters).toEqual({ sort: "notAfter", dir: "asc", page: 1, pageSize: DEFAULT_PAGE_SIZE });
    expect(hasFilters(parsed.query)).toBe(false);
  });

  it("keeps a serial with colons as typed, trimmed, for the inventory to recognise", () => {
    const parsed = parseCertificateSearch({ q: "  4f:2a:00:9b  " });
    expect(parsed.filters.q).toBe("4f:2a:00:9b");
    expect(hasFilters(parsed.query)).toBe(true);
  });

  it("collapses line breaks in pasted text and caps its length", () => {
    const parsed = parseCertificateSearch({ q: `trisa.\n example.com${"x".repeat(500)}` });
    expect(parsed.filters.q?.startsWith("trisa. example.com")).toBe(true);
    expect(parsed.filters.q?.length).toBeLessThanOrEqual(200);
  });

  it("drops bad values with a sentence each instead of failing", () => {
    const parsed = parseCertificateSearch({ status: "active", from: "2026-02-31", to: "soon", profile: "x17", page: "-1" });
    expect(parsed.filters).toEqual({ sort: "notAfter", dir: "asc", page: 1, pageSize: DEFAULT_PAGE_SIZE });
    expect(parsed.problems).toHaveLength(5);
    expect(parsed.problems[0]).toContain('"active" is not a status');
    expect(parsed.query.status).toBe("");
    expect(parsed.query.from).toBe("");
  });

  it("says when the expiry range is empty", () => {
    const parsed = parseCertificateSearch({ from: "2026-05-02", to: "2026-05-01" });
    expect(parsed.problems).toEqual(['The "expires from" date is after the "expires to" date, so nothing can match.']);
  });

  it("ignores an unknown sort or page size silently (they only change the order)", () => {
    const parsed = parseCertificateSearch({ sort: "password", dir: "up", size: "7" });
    expect(parsed.filters).toMatchObject({ sort: "notAfter", dir: "asc", pageSize: 50 });
    expect(parsed.problems).toEqual([]);
    expect(parsed.query).toMatchObject({ sort: "", dir: "", size: "" });
  });

  it("reads the first value of a repeated parameter", () => {
    expect(parseCertificateSearch({ status: ["revoked", "valid"] }).filters.status).toBe("revoked");
  });
});

describe("links", () => {
  it("round-trips a search through its query string", () => {
    const parsed = parseCertificateSearch({ q: "a b&c", status: "revoked", profile: "17" });
    const again = parseCertificateSearch(new URLSearchParams(certificateQueryString(parsed.query).slice(1)));
    expect(again.filters).toEqual(parsed.filters);
  });

  it("adds and removes extra parameters such as the page", () => {
    const { query } = parseCertificateSearch({ q: "x", page: "4" });
    expect(certificateQueryString(query, { page: 2 })).toBe("?q=x&page=2");
    expect(certificateQueryString(query, { page: undefined })).toBe("?q=x");
    expect(certificateQueryString({})).toBe("");
  });

  it("flips the direction of the current sort column, starts others ascending, and resets the page", () => {
    const { query, filters } = parseCertificateSearch({ q: "x", sort: "commonName", dir: "asc", page: "3" });
    expect(sortLink(query, filters, "commonName")).toBe("?q=x&sort=commonName&dir=desc");
    expect(sortLink(query, filters, "serial")).toBe("?q=x&sort=serial&dir=asc");
    expect(ariaSort(filters, "commonName")).toBe("ascending");
    expect(ariaSort({ sort: "commonName", dir: "desc" }, "commonName")).toBe("descending");
    expect(ariaSort(filters, "notAfter")).toBe("none");
  });
});
