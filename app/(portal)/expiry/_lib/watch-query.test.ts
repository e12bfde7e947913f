import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, parseWatchView, sortLink, watchQueryString } from "./watch-query";

describe("parseWatchView", () => {
  it("takes the offered windows, sorts and directions", () => {
    expect(parseWatchView(new URLSearchParams("days=7&sort=commonName&dir=desc"))).toEqual({ view: { days: 7, sort: "commonName", dir: "desc" }, problems: [] });
    expect(parseWatchView({ days: ["90", "7"] }).view.days).toBe(90);
    expect(parseWatchView({}).view).toEqual(DEFAULT_VIEW);
  });

  it("falls back to the defaults with a sentence for anything else", () => {
    const { view, problems } = parseWatchView(new URLSearchParams("days=31&sort=serial&dir=up"));
    expect(view).toEqual(DEFAULT_VIEW);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain("7, 14, 30, 60, 90");
    expect(parseWatchView({ days: "1e1" }).problems).toHaveLength(1);
  });
});

describe("links", () => {
  it("leave defaults out and flip the direction of the current sort", () => {
    expect(watchQueryString(DEFAULT_VIEW)).toBe("");
    expect(watchQueryString(DEFAULT_VIEW, { days: 14 })).toBe("?days=14");
    expect(sortLink(DEFAULT_VIEW, "notAfter")).toBe("/expiry?dir=desc");
    expect(sortLink({ days: 60, sort: "notAfter", dir: "desc" }, "commonName")).toBe("/expiry?days=60&sort=commonName");
  });
});
