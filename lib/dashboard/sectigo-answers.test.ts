// The dashboard's Sectigo answers are kept for their stated freshness and asked again after
// it; a partial or failed answer is never kept, so an unreachable Sectigo shows its notice on
// the next view. The clock is injected: no test waits.
import { describe, expect, it } from "vitest";
import { SectigoError } from "@/lib/sectigo";
import type { Authority } from "@/lib/sectigo/schemas";
import { SECTIGO_FRESH_MS, SectigoAnswersCache, type DashboardClient } from "./sectigo-answers";

const AUTHORITY: Authority = {
  id: 423,
  ecosystemId: 1,
  signerCertificateId: 2,
  ecosystemName: "TestNet",
  balance: 7,
  enabled: true,
  profileId: 17,
  profileName: "CipherTrace EE",
};

/** A fake Sectigo that counts the calls made to it; `down` makes every call fail. */
function fakeSectigo(options: { balanceFails?: boolean } = {}) {
  const state = { calls: 0, issued: 2, down: false };
  const call = <T>(value: () => T) => {
    state.calls += 1;
    return state.down ? Promise.reject(new SectigoError("NETWORK", "Sectigo cannot be reached")) : Promise.resolve(value());
  };
  const client: DashboardClient = {
    licensesUsed: () => call(() => ({ ordered: 10, issued: state.issued })),
    userAuthorities: () => call(() => [AUTHORITY]),
    authorityAvailableBalance: () => (options.balanceFails ? Promise.reject(new Error("no balance")) : call(() => 5)),
  };
  return { client, state };
}

function clockAt(start: number) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

const T0 = Date.parse("2026-12-03T01:30:00.000Z");

describe("SectigoAnswersCache", () => {
  it("reuses an answer within its freshness, stamped with when Sectigo was asked", async () => {
    const { client, state } = fakeSectigo();
    const clock = clockAt(T0);
    const cache = new SectigoAnswersCache(SECTIGO_FRESH_MS, clock.read);
    const first = await cache.get(client);
    expect(first).toMatchObject({ licenses: { issued: 2 }, authorities: [{ id: 423, balance: 5 }], asOf: "2026-12-03T01:30:00.000Z" });
    const asked = state.calls;
    state.issued = 3;
    clock.now = T0 + SECTIGO_FRESH_MS - 1;
    expect(await cache.get(client)).toBe(first);
    expect(state.calls).toBe(asked);
  });

  it("asks again once the answer is older than its freshness", async () => {
    const { client, state } = fakeSectigo();
    const clock = clockAt(T0);
    const cache = new SectigoAnswersCache(SECTIGO_FRESH_MS, clock.read);
    await cache.get(client);
    state.issued = 3;
    clock.now = T0 + SECTIGO_FRESH_MS;
    const second = await cache.get(client);
    expect(second.licenses?.issued).toBe(3);
    expect(second.asOf).toBe(new Date(T0 + SECTIGO_FRESH_MS).toISOString());
  });

  it("does not keep a failed answer: the notice shows, and figures return as soon as Sectigo does", async () => {
    const { client, state } = fakeSectigo();
    const clock = clockAt(T0);
    const cache = new SectigoAnswersCache(SECTIGO_FRESH_MS, clock.read);
    state.down = true;
    const down = await cache.get(client);
    expect(down.licenses).toBeNull();
    expect(down.licensesError).toMatch(/Sectigo/);
    expect(down.authoritiesError).toMatch(/Sectigo/);
    state.down = false;
    clock.now = T0 + 1000;
    expect((await cache.get(client)).licenses).toEqual({ ordered: 10, issued: 2 });
  });

  it("does not keep an answer missing a balance", async () => {
    const { client, state } = fakeSectigo({ balanceFails: true });
    const cache = new SectigoAnswersCache(SECTIGO_FRESH_MS, clockAt(T0).read);
    expect((await cache.get(client)).authorities).toEqual([expect.objectContaining({ id: 423, balance: null })]);
    const asked = state.calls;
    await cache.get(client);
    expect(state.calls).toBeGreaterThan(asked);
  });

  it("views arriving while Sectigo is asked share that one ask", async () => {
    const { client, state } = fakeSectigo();
    const cache = new SectigoAnswersCache(SECTIGO_FRESH_MS, clockAt(T0).read);
    const [a, b] = await Promise.all([cache.get(client), cache.get(client)]);
    expect(a).toBe(b);
    expect(state.calls).toBe(3); // licences, authorities, one balance
  });
});
