import { describe, expect, it } from "vitest";
import { auditQueryString, filtersForAudit, hasFilters, parseAuditSearch } from "./filters";
import { formatTarget, formatUtc, outcomeStyle, prettyDetails, OUTCOME_STYLES } from "./format";

describe("parseAuditSearch", () => {
  it("reads every filter from the query, lower-casing actor and action", () => {
    const parsed = parseAuditSearch({
      actor: " Alice@Example.com ",
      action: "Certificate.",
      targetType: "certificate",
      targetId: "4F2A",
      outcome: "failed",
      from: "2026-01-01",
      to: "2026-01-31",
      before: "120",
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed.before).toBe(120);
    expect(parsed.filters).toEqual({
      actor: "alice@example.com",
      action: "certificate.",
      target: { type: "certificate", id: "4F2A" },
      outcome: "failed",
      from: new Date("2026-01-01T00:00:00.000Z"),
      // the "to" day is included: the bound is the start of the next day
      to: new Date("2026-02-01T00:00:00.000Z"),
    });
  });

  it("takes URLSearchParams as well (the export route)", () => {
    const parsed = parseAuditSearch(new URLSearchParams("actor=bob&outcome=denied&format=csv"));
    expect(parsed.filters).toEqual({ actor: "bob", outcome: "denied" });
  });

  it("no parameters: no filters, newest first", () => {
    expect(parseAuditSearch({})).toEqual({
      query: { actor: "", action: "", targetType: "", targetId: "", outcome: "", from: "", to: "" },
      filters: {},
      before: null,
      problems: [],
    });
  });

  it("drops bad values with a sentence each instead of failing", () => {
    const parsed = parseAuditSearch({ outcome: "exploded", from: "2026-02-31", to: "yesterday", before: "-4" });
    expect(parsed.filters).toEqual({});
    expect(parsed.before).toBeNull();
    expect(parsed.problems).toHaveLength(4);
    expect(parsed.query.outcome).toBe("");
    expect(parsed.query.from).toBe("");
  });

  it("says so when from is after to", () => {
    expect(parseAuditSearch({ from: "2026-03-02", to: "2026-03-01" }).problems).toEqual([
      'The "from" date is after the "to" date, so nothing can match.',
    ]);
  });

  it("uses the first of repeated parameters and caps long text", () => {
    const parsed = parseAuditSearch({ actor: ["a@x", "b@x"], action: "x".repeat(1000) });
    expect(parsed.filters.actor).toBe("a@x");
    expect(parsed.filters.action).toHaveLength(200);
  });
});

describe("auditQueryString", () => {
  it("keeps set filters only, and adds extra parameters", () => {
    const { query } = parseAuditSearch({ actor: "a@x", outcome: "failed" });
    expect(auditQueryString(query, { before: 40 })).toBe("?actor=a%40x&outcome=failed&before=40");
    expect(auditQueryString({}, { format: "csv" })).toBe("?format=csv");
    expect(auditQueryString({})).toBe("");
    expect(hasFilters(query)).toBe(true);
    expect(hasFilters(parseAuditSearch({}).query)).toBe(false);
  });

  it("round-trips through parseAuditSearch", () => {
    const first = parseAuditSearch({ action: "batch", targetType: "batch", targetId: "7", from: "2026-01-01", to: "2026-01-02" });
    const again = parseAuditSearch(new URLSearchParams(auditQueryString(first.query).slice(1)));
    expect(again.filters).toEqual(first.filters);
  });
});

describe("filtersForAudit", () => {
  it("records dates as ISO text and omits unset filters", () => {
    const { filters } = parseAuditSearch({ outcome: "denied", to: "2026-01-31" });
    expect(filtersForAudit(filters)).toEqual({ outcome: "denied", toExclusive: "2026-02-01T00:00:00.000Z" });
  });
});

describe("formatting", () => {
  it("shows stored times in UTC, to the second", () => {
    expect(formatUtc("2026-11-25T14:03:07.123Z")).toBe("2026-11-25 14:03:07 UTC");
  });

  it("gives every outcome its own word and colour; an unknown outcome falls back to info", () => {
    const styles = Object.values(OUTCOME_STYLES);
    expect(new Set(styles.map((s) => s.tone)).size).toBe(styles.length);
    expect(new Set(styles.map((s) => s.label)).size).toBe(styles.length);
    expect(outcomeStyle("weird")).toBe(OUTCOME_STYLES.info);
  });

  it("formats targets and details as text", () => {
    expect(formatTarget(null)).toBe("—");
    expect(formatTarget({ type: "certificate", id: "4F2A" })).toBe("certificate 4F2A");
    const details = { cn: "<img src=x onerror=alert(1)>" };
    expect(prettyDetails(details)).toBe('{\n  "cn": "<img src=x onerror=alert(1)>"\n}');
    expect(prettyDetails({})).toBe("{}");
  });
});
