// What the dashboard summary asks Sectigo: nothing for a viewer who may not see its panels,
// and through the kept answer when the page passes one.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { dashboardSummary } from "./summary";
import { SectigoAnswersCache, type DashboardClient } from "./sectigo-answers";

let t: TempDb;
let calls: number;
const client: DashboardClient = {
  licensesUsed: async () => (calls++, { ordered: 10, issued: 2 }),
  userAuthorities: async () => (calls++, []),
  authorityAvailableBalance: async () => (calls++, 0),
};

beforeEach(() => {
  t = tempDb();
  calls = 0;
});
afterEach(() => t.cleanup());

describe("dashboardSummary and Sectigo", () => {
  it("does not ask Sectigo when its panels are not shown", async () => {
    const summary = await dashboardSummary(t.db, client, new Date(), { sectigo: false });
    expect(calls).toBe(0);
    expect(summary).toMatchObject({ licenses: null, authorities: null, licensesError: null, authoritiesError: null, sectigoAsOf: null });
    expect(summary.weekly).toHaveLength(26);
  });

  it("takes Sectigo's part from the kept answer, with when it was taken", async () => {
    const cache = new SectigoAnswersCache(60_000, () => Date.parse("2026-12-03T01:30:00.000Z"));
    const first = await dashboardSummary(t.db, client, new Date(), { cache });
    const second = await dashboardSummary(t.db, client, new Date(), { cache });
    expect(calls).toBe(2);
    expect(second).toMatchObject({ licenses: { ordered: 10, issued: 2 }, authorities: [], sectigoAsOf: "2026-12-03T01:30:00.000Z" });
    expect(first.sectigoAsOf).toBe(second.sectigoAsOf);
  });
});
