import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, exportQueryString, parseWatchView, sortLink, watchQueryString } from "./watch-query";

describe("parseWatchView", () => {
  it("takes the offered windows, sorts and directions", () => {
    expect(parseWatchView(new URLSearchParams("days=7&sort=commonName&dir=desc"))).toEqual({ view: { ...DEFAULT_VIEW, days: 7, sort: "commonName", dir: "desc" }, problems: [] });
    expect(parseWatchView({ group: "overdue", after: "WyJ4IiwxXQ" }).view).toMatchObject({ group: "overdue", after: "WyJ4IiwxXQ" });
    // a cursor without a group means nothing
    expect(parseWatchView({ after: "WyJ4IiwxXQ" }).view.after).toBe("");
    expect(parseWatchView({ days: ["90", "7"] }).view.days).toBe(90);
    expect(parseWatchView({}).view).toEqual(DEFAULT_VIEW);
  });

  it("falls back to the defaults with a sentence for anything else", () => {
    const { view, problems } = parseWatchView(new URLSearchParams("days=31&sort=serial&dir=up&group=all"));
    expect(view).toEqual(DEFAULT_VIEW);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain("7, 14, 30, 60, 90");
    expect(parseWatchView({ days: "1e1" }).problems).toHaveLength(1);
  });
});

describe("links", () => {
  it("leave defaults out and flip the direction of the current sort", () => {
    expect(watchQueryString(DEFAULT_VIEW)).toBe("");
    expect(watchQueryString(DEFAULT_VIEW, { days: 14 })).toBe("?days=14");
    expect(sortLink(DEFAULT_VIEW, "notAfter")).toBe("/expiry?dir=desc");
    expect(sortLink({ ...DEFAULT_VIEW, days: 60, dir: "desc" }, "commonName")).toBe("/expiry?days=60&sort=commonName");
  });

  it("keep a group's page only while nothing else changes, and export every group", () => {
    const paged = { ...DEFAULT_VIEW, group: "none" as const, after: "abc" };
    expect(watchQueryString(paged)).toBe("?group=none&after=abc");
    expect(watchQueryString(paged, { after: "def" })).toBe("?group=none&after=def");
    expect(sortLink(paged, "commonName")).toBe("/expiry?sort=commonName&group=none");
    expect(watchQueryString(paged, { days: 7 })).toBe("?days=7&group=none");
    expect(watchQueryString(paged, { group: "" })).toBe("");
    expect(exportQueryString({ ...paged, days: 90, sort: "commonName" })).toBe("?days=90");
  });
});
