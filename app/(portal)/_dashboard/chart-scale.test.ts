import { describe, expect, it } from "vitest";
import { chartSummary, niceMax, ticks, weekLabel } from "./chart-scale";

describe("niceMax", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect([0, 1, 2, 3, 7, 10, 11, 24, 51, 480, 1001].map(niceMax)).toEqual([1, 1, 2, 5, 10, 10, 20, 50, 100, 500, 2000]);
  });
});

describe("ticks", () => {
  it("spaces whole-number ticks evenly and ends at the top", () => {
    expect(ticks(1)).toEqual([0, 1]);
    expect(ticks(2)).toEqual([0, 1, 2]);
    expect(ticks(10)).toEqual([0, 5, 10]);
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(500)).toEqual([0, 125, 250, 375, 500]);
  });

  it("never leaves a cramped last interval, for every top niceMax can give", () => {
    for (const top of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]) {
      const t = ticks(top);
      const gaps = t.slice(1).map((v, i) => v - t[i]!);
      expect(new Set(gaps).size, `ticks(${top}) = ${t.join(", ")}`).toBe(1);
      expect(t.at(-1)).toBe(top);
      expect(t.length).toBeLessThanOrEqual(5);
    }
  });
});

describe("weekLabel", () => {
  it("reads a UTC day or time", () => {
    expect(weekLabel("2026-03-02")).toBe("2 Mar");
    expect(weekLabel("2026-12-28T00:00:00.000Z")).toBe("28 Dec");
    expect(weekLabel("garbage")).toBe("garbage");
  });
});

describe("chartSummary", () => {
  it("sums the weeks and names the busiest one", () => {
    expect(
      chartSummary([
        { weekStart: "2026-03-02", issued: 2, revoked: 0 },
        { weekStart: "2026-03-09", issued: 5, revoked: 1 },
        { weekStart: "2026-03-16", issued: 0, revoked: 2 },
      ]),
    ).toBe("3 weeks from 2 Mar to 16 Mar: 7 certificates issued and 3 revoked. The busiest week for issuance began 9 Mar (5).");
    expect(chartSummary([{ weekStart: "2026-03-02", issued: 0, revoked: 0 }])).toBe("1 week from 2 Mar to 2 Mar: 0 certificates issued and 0 revoked.");
    expect(chartSummary([{ weekStart: "2026-03-02", issued: 1, revoked: 0 }])).toBe(
      "1 week from 2 Mar to 2 Mar: 1 certificate issued and 0 revoked. The busiest week for issuance began 2 Mar (1).",
    );
  });
});
