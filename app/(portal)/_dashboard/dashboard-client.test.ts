// The dashboard's Sectigo calls are bounded by one page deadline, and a connection that did
// not start becomes a readable failure of each call — never a hung or crashed landing page.
import { describe, expect, it } from "vitest";
import { userMessage } from "@/lib/sectigo";
import { boundedDashboardCalls, type DashboardCalls } from "./dashboard-client";

const answering: DashboardCalls = {
  licensesUsed: async () => ({ ordered: 10, issued: 2 }),
  userAuthorities: async () => [],
  authorityAvailableBalance: async () => 5,
};

describe("boundedDashboardCalls", () => {
  it("passes answers through", async () => {
    const { calls, done } = boundedDashboardCalls(async () => ({ client: answering }), 1000);
    await expect(calls.licensesUsed()).resolves.toEqual({ ordered: 10, issued: 2 });
    await expect(calls.authorityAvailableBalance(423)).resolves.toBe(5);
    done();
  });

  it("turns a silent Sectigo into a timeout sentence at the deadline", async () => {
    const hang = () => new Promise<never>(() => undefined);
    const { calls, done } = boundedDashboardCalls(async () => ({ client: { ...answering, licensesUsed: hang } }), 20);
    const err = await calls.licensesUsed().catch((e: unknown) => e);
    done();
    expect((err as { code?: string }).code).toBe("TIMEOUT");
    expect(userMessage(err)).toMatch(/^Sectigo did not answer within 6 s/);
  });

  it("fails each call with a sentence when the connection did not start", async () => {
    const { calls, done } = boundedDashboardCalls(async () => {
      throw new Error("EADDRINUSE 127.0.0.1:8931");
    }, 1000);
    const err = await calls.userAuthorities().catch((e: unknown) => e);
    done();
    expect(userMessage(err)).toBe("The portal's connection to Sectigo has not started: see the server log, then restart the portal.");
    expect(userMessage(err)).not.toContain("EADDRINUSE");
  });
});
