// docs/sectigo-protocol.md §3 (login, refresh and the client's token rules), client ↔ simulator: login
// and its errors, the raw-token refresh, the preflight driven by a clock shared with the
// simulator (counted per endpoint), one shared refresh for concurrent callers, and the
// 401 → refresh → retry → re-login ladder.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SectigoError } from "@/lib/sectigo";
import { PASSWORD, startHarness, USERNAME, type Harness } from "./support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 7200 });
});
afterAll(async () => h.close());
beforeEach(() => h.sim.resetStats());

const PWD = "POST /auth/pwd";
const REFRESH = "POST /auth/refresh";
const AUTHORITIES = "GET /api/v1/authorities/allowed";

describe("login", () => {
  it("stores both tokens and derives the times from the JWT claims", async () => {
    const client = h.client();
    await client.authenticate();
    const state = await client.credentialsState();
    expect(state.valid).toBe(true);
    expect(state.current).toBe(true);
    const ttl = (state.expiresAt!.getTime() - state.issuedAt!.getTime()) / 1000;
    const refreshTtl = (state.refreshBy!.getTime() - state.issuedAt!.getTime()) / 1000;
    expect(ttl).toBe(900);
    expect(refreshTtl).toBe(7200);
    expect(state.subject).toBe("/account/42/user/42");
    expect(h.calls(PWD)).toBe(1);
  });

  it("maps wrong credentials (401) to INVALID_CREDENTIALS with a message a person can act on", async () => {
    const client = h.client({ password: "wrong-password" });
    const err = await client.userAuthorities().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SectigoError);
    expect((err as SectigoError).code).toBe("INVALID_CREDENTIALS");
    expect((err as SectigoError).message).not.toContain("wrong-password");
    expect(h.calls(AUTHORITIES)).toBe(0);
  });
});

describe("preflight", () => {
  it("makes no auth call while the access token is valid", async () => {
    const client = h.client();
    await client.userAuthorities();
    await client.licensesUsed();
    await client.profiles();
    await client.organization();
    expect(h.calls(PWD)).toBe(1);
    expect(h.calls(REFRESH)).toBe(0);
  });

  it("refreshes exactly once with the raw refresh token after the access token expires", async () => {
    const client = h.client();
    await client.userAuthorities();
    h.clock.advance(901);
    await client.userAuthorities();
    await client.licensesUsed();
    expect(h.calls(PWD)).toBe(1);
    expect(h.calls(REFRESH)).toBe(1);
    expect(h.calls(AUTHORITIES)).toBe(2);
  });

  it("shares one refresh among concurrent callers", async () => {
    const client = h.client();
    await client.userAuthorities();
    h.clock.advance(901);
    h.sim.resetStats();
    await Promise.all(Array.from({ length: 10 }, () => client.licensesUsed()));
    expect(h.calls(REFRESH)).toBe(1);
    expect(h.calls(PWD)).toBe(0);
    expect(h.calls("GET /api/v1/devices")).toBe(10);
  });

  it("logs in again with the password once the refresh token has expired too", async () => {
    const client = h.client();
    await client.userAuthorities();
    h.clock.advance(7201);
    await client.userAuthorities();
    expect(h.calls(PWD)).toBe(2);
    expect(h.calls(REFRESH)).toBe(0);
  });

  it("falls back to the password when the refresh is refused", async () => {
    const client = h.client();
    await client.userAuthorities();
    h.clock.advance(901);
    h.sim.faults.inject({ kind: "unauthorized", match: REFRESH });
    await client.userAuthorities();
    expect(h.calls(REFRESH)).toBe(1);
    expect(h.calls(PWD)).toBe(2);
  });
});

describe("a 401 from an API call", () => {
  it("refreshes once and retries the call", async () => {
    const client = h.client();
    await client.userAuthorities();
    h.sim.faults.inject({ kind: "unauthorized", match: AUTHORITIES });
    const authorities = await client.userAuthorities();
    expect(authorities).toHaveLength(2);
    expect(h.calls(REFRESH)).toBe(1);
    expect(h.calls(AUTHORITIES)).toBe(3);
  });

  it("logs in again when the retried call is refused too, then gives up with NOT_AUTHENTICATED-style error", async () => {
    const client = h.client();
    await client.userAuthorities();
    h.sim.faults.inject({ kind: "unauthorized", match: AUTHORITIES, count: 2 });
    await client.userAuthorities();
    expect(h.calls(REFRESH)).toBe(1);
    expect(h.calls(PWD)).toBe(2);

    h.sim.faults.inject({ kind: "unauthorized", match: AUTHORITIES, count: 3 });
    const err = await client.userAuthorities().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SectigoError);
    expect(h.sim.faults.pending()).toHaveLength(0);
  });
});

describe("the simulator's own guards", () => {
  it("answers 403 without a bearer token and 401 with a forged one", async () => {
    const base = h.sim.url;
    const none = await fetch(`${base}/api/v1/devices`);
    expect(none.status).toBe(403);
    const forged = await fetch(`${base}/api/v1/devices`, { headers: { Authorization: "Bearer a.b.c" } });
    expect(forged.status).toBe(401);
    const login = await fetch(`${base}/auth/pwd`, {
      method: "POST",
      headers: { "Content-Type": "application/json;charset=UTF-8" },
      body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
  });
});
