import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SectigoClient, type SectigoClientOptions } from "./client";
import { MemoryTokenStore } from "./credentials";
import { SectigoError } from "./errors";
import { SECTIGO_JSON, USER_AGENT } from "./schemas";
import { tokenSetFromPair } from "./tokens";
import { FakeSectigo, jwt, MutableClock, tokenPair } from "./test-support/fake-sectigo";

let fake: FakeSectigo;
let clock: MutableClock;

beforeEach(async () => {
  clock = new MutableClock();
  fake = await new FakeSectigo(clock).start();
});
afterEach(async () => {
  await fake.close();
});

function client(options: Partial<SectigoClientOptions> = {}): SectigoClient {
  return new SectigoClient({
    endpoint: fake.url,
    username: "alice",
    password: "s3cret-Pa55",
    now: clock.now,
    retryDelayMs: 1,
    ...options,
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SectigoError);
    return (err as SectigoError).code;
  }
  throw new Error("expected a rejection");
}

describe("login (POST /auth/pwd)", () => {
  it("sends the credentials as compact JSON with the JSON content type and no bearer or custom agent", async () => {
    const c = client();
    await c.authenticate();
    const req = fake.last("authenticate");
    expect(req.method).toBe("POST");
    expect(req.body.toString()).toBe('{"username":"alice","password":"s3cret-Pa55"}\n');
    expect(req.headers["content-type"]).toBe(SECTIGO_JSON);
    expect(req.headers.accept).toBe(SECTIGO_JSON);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers["user-agent"]).not.toBe(USER_AGENT);
    const state = await c.credentialsState();
    expect(state).toMatchObject({ valid: true, current: true, subject: "/account/42/user/42" });
    expect(state.expiresAt?.getTime()).toBe(clock.current.getTime() + 900_000);
    expect(state.refreshBy?.getTime()).toBe(clock.current.getTime() + 7_200_000);
  });

  it.each([
    [401, "INVALID_CREDENTIALS"],
    [403, "NOT_AUTHORIZED"],
    [500, "UNHANDLED_STATUS"],
    [400, "UNHANDLED_STATUS"],
  ])("maps status %i to %s", async (status, code) => {
    fake.on("authenticate", () => ({ status, body: { success: false } }));
    expect(await codeOf(client().authenticate())).toBe(code);
  });

  it('says "unhandled status code: 500" for a 500', async () => {
    fake.on("authenticate", () => ({ status: 500 }));
    await expect(client().authenticate()).rejects.toThrow(/^unhandled status code: 500$/);
  });

  it("does not follow a 307 and reports that TLS client authentication is required", async () => {
    fake.on("authenticate", () => ({ status: 307, headers: { Location: "/auth/cert" } }));
    expect(await codeOf(client().authenticate())).toBe("MUST_USE_TLS_AUTH");
    expect(fake.requests.map((r) => r.path)).toEqual(["/auth/pwd"]);
  });

  it("never puts the password in an error message", async () => {
    fake.on("authenticate", () => ({ status: 401, body: { error: "bad password s3cret-Pa55" } }));
    await expect(client().authenticate()).rejects.toSatisfy((err: Error) => !err.message.includes("s3cret"));
  });

  it("refuses a username without a password before any request", () => {
    expect(() => client({ password: undefined })).toThrow(expect.objectContaining({ code: "CREDENTIALS_MISMATCH" }));
  });
});

describe("claims", () => {
  it.each([
    ["access token without iat", { accessToken: jwt({ exp: 2e9 }), refreshToken: jwt({ iat: 1, exp: 2e9 }) }, /access token/],
    ["access token with exp 0", { accessToken: jwt({ iat: 1, exp: 0 }), refreshToken: jwt({ iat: 1, exp: 2e9 }) }, /access token/],
    ["refresh token without exp", { accessToken: jwt({ iat: 1, exp: 2e9 }), refreshToken: jwt({ iat: 1 }) }, /refresh token/],
  ])("rejects a login whose %s with INVALID_CLAIMS and keeps no tokens", async (_name, pair, which) => {
    fake.on("authenticate", () => ({ body: pair }));
    const c = client();
    await expect(c.authenticate()).rejects.toThrow(which);
    expect(await codeOf(c.authenticate())).toBe("INVALID_CLAIMS");
    expect((await c.credentialsState()).valid).toBe(false);
  });

  it("reads tokens whose signature is garbage (never verified)", async () => {
    fake.on("authenticate", () => ({ body: tokenPair(clock.now()) }));
    await client().authenticate();
    expect(fake.last("authenticate")).toBeDefined();
  });
});

describe("refresh (POST /auth/refresh)", () => {
  it("sends the raw refresh token as the body, with the JSON content type declared", async () => {
    const pair = tokenPair(clock.now());
    fake.on("authenticate", () => ({ body: pair }));
    const c = client();
    await c.authenticate();
    await c.refresh();
    const req = fake.last("refresh");
    expect(req.body.toString()).toBe(pair.refreshToken);
    expect(req.headers["content-type"]).toBe(SECTIGO_JSON);
    expect(req.headers.accept).toBe(SECTIGO_JSON);
    expect(req.headers.authorization).toBeUndefined();
  });

  it("keeps the old refresh token when the reply's refreshToken is empty", async () => {
    const c = client();
    await c.authenticate();
    fake.on("refresh", () => ({ body: { accessToken: fake.newPair().accessToken, refreshToken: "" } }));
    await c.refresh();
    const first = fake.last("refresh").body.toString();
    await c.refresh();
    expect(fake.last("refresh").body.toString()).toBe(first);
    expect((await c.credentialsState()).valid).toBe(true);
  });

  it("maps a 401 to INVALID_CREDENTIALS", async () => {
    const c = client();
    await c.authenticate();
    fake.on("refresh", () => ({ status: 401 }));
    expect(await codeOf(c.refresh())).toBe("INVALID_CREDENTIALS");
  });
});

describe("preflight before /api calls", () => {
  it("makes no auth call while the access token is valid", async () => {
    const c = client();
    await c.authenticate();
    fake.reset();
    clock.advance(600);
    await c.licensesUsed();
    await c.licensesUsed();
    await c.ensureAuthenticated();
    expect(fake.counts()).toEqual({ licensesUsed: 2 });
  });

  it("refreshes exactly once when the access token expired but is refreshable", async () => {
    const c = client();
    await c.authenticate();
    fake.reset();
    clock.advance(901);
    await c.licensesUsed();
    await c.licensesUsed();
    expect(fake.counts()).toEqual({ refresh: 1, licensesUsed: 2 });
  });

  it("refreshes shortly (30 s) before expiry, not after", async () => {
    const c = client();
    await c.authenticate();
    fake.reset();
    clock.advance(875);
    await c.licensesUsed();
    expect(fake.counts()).toEqual({ refresh: 1, licensesUsed: 1 });
  });

  it("falls back to /auth/pwd when the refresh fails", async () => {
    const c = client();
    await c.authenticate();
    fake.reset();
    fake.on("refresh", () => ({ status: 500 }));
    clock.advance(901);
    await c.licensesUsed();
    expect(fake.counts()).toEqual({ refresh: 1, authenticate: 1, licensesUsed: 1 });
  });

  it("logs in again, without trying a refresh, past RefreshBy", async () => {
    const c = client();
    await c.authenticate();
    fake.reset();
    clock.advance(7201);
    await c.licensesUsed();
    expect(fake.counts()).toEqual({ authenticate: 1, licensesUsed: 1 });
  });

  it("logs in when the refresh token's nbf is still ahead", async () => {
    fake.on("authenticate", () => ({ body: fake.newPair({ refreshNbf: Math.floor(clock.current.getTime() / 1000) + 1000 }) }));
    const c = client();
    await c.authenticate();
    fake.reset();
    clock.advance(901);
    await c.licensesUsed();
    expect(fake.counts()).toEqual({ authenticate: 1, licensesUsed: 1 });
  });

  it("hits each endpoint exactly once over a whole session (Go's mock test)", async () => {
    const c = client();
    await c.authenticate();
    await c.refresh();
    await c.createSingleCertBatch({ authorityId: 423, batchName: "b", profileParams: { commonName: "a.example.com" } });
    await c.uploadCsrBatch(17, "a.csr", "-----BEGIN CERTIFICATE REQUEST-----\n");
    await c.batchDetail(42);
    await c.processingInfo(42);
    expect(await c.batchStatus(42)).toBe("READY_FOR_DOWNLOAD");
    await c.download(42);
    await c.licensesUsed();
    await c.userAuthorities();
    expect(await c.authorityAvailableBalance(423)).toBeGreaterThan(0);
    await c.organization();
    await c.profiles();
    await c.profileParams(17);
    await c.profileDetail(17);
    await c.findCertificate({ commonName: "a.example.com" });
    await c.revokeCertificate(17, 1, "ABC");
    const counts = fake.counts();
    expect(Object.keys(counts)).toHaveLength(17);
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
  });

  it("uses tokens from the store without any auth call, and the password is never needed", async () => {
    const pair = tokenPair(clock.now());
    const store = new MemoryTokenStore(tokenSetFromPair(pair.accessToken, pair.refreshToken));
    const c = client({ username: undefined, password: undefined, tokenStore: store });
    await c.licensesUsed();
    expect(fake.counts()).toEqual({ licensesUsed: 1 });
    expect(fake.last("licensesUsed").headers.authorization).toBe(`Bearer ${pair.accessToken}`);
  });

  it("clears expired stored tokens and says NO_CREDENTIALS when there is no password", async () => {
    const pair = tokenPair(new Date(clock.current.getTime() - 10_000_000));
    const store = new MemoryTokenStore(tokenSetFromPair(pair.accessToken, pair.refreshToken));
    const c = client({ username: undefined, password: undefined, tokenStore: store });
    expect(await codeOf(c.licensesUsed())).toBe("NO_CREDENTIALS");
    expect(await store.load()).toBeNull();
    expect(fake.requests).toHaveLength(0);
  });

  it("saves each new token pair to the store and never the password", async () => {
    const saved: unknown[] = [];
    const store = new MemoryTokenStore();
    const c = client({
      tokenStore: { load: () => store.load(), save: async (t) => void saved.push(t) },
    });
    await c.licensesUsed();
    clock.advance(901);
    await c.licensesUsed();
    expect(saved).toHaveLength(2);
    const text = JSON.stringify(saved);
    expect(text).not.toContain("s3cret-Pa55");
    expect(text).not.toContain("alice");
  });

  it("reports the token state without the tokens", async () => {
    const c = client();
    await c.authenticate();
    clock.advance(1);
    const state = await c.credentialsState();
    // Every JWT starts with the base64url of '{"' — none may appear in the state.
    expect(JSON.stringify(state)).not.toMatch(/eyJ/);
    expect(state.refreshable).toBe(true);
  });
});

describe("one shared renewal for concurrent callers", () => {
  it("ten concurrent calls with an expired token make exactly one refresh", async () => {
    const c = client();
    await c.authenticate();
    fake.reset();
    clock.advance(901);
    await Promise.all(Array.from({ length: 10 }, () => c.licensesUsed()));
    expect(fake.counts()).toEqual({ refresh: 1, licensesUsed: 10 });
  });

  it("ten concurrent first calls make exactly one login", async () => {
    const c = client();
    await Promise.all(Array.from({ length: 10 }, () => c.licensesUsed()));
    expect(fake.counts()).toEqual({ authenticate: 1, licensesUsed: 10 });
  });

  it("shares a failure too: one refresh and one login, every caller gets the error", async () => {
    const c = client();
    await c.authenticate();
    fake.reset();
    fake.on("refresh", () => ({ status: 500 }));
    fake.on("authenticate", () => ({ status: 401 }));
    clock.advance(901);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => c.licensesUsed()));
    expect(results.every((r) => r.status === "rejected" && (r.reason as SectigoError).code === "INVALID_CREDENTIALS")).toBe(true);
    expect(fake.counts()).toEqual({ refresh: 1, authenticate: 1 });
  });
});

describe("a 401 from an /api call", () => {
  it("refreshes and retries once", async () => {
    const c = client();
    await c.authenticate();
    clock.advance(1); // the refresh token is refreshable strictly after its iat
    fake.reset();
    fake.on("licensesUsed", (_req, call) => (call === 1 ? { status: 401 } : { body: { ordered: 1, issued: 1 } }));
    expect(await c.licensesUsed()).toEqual({ ordered: 1, issued: 1 });
    expect(fake.counts()).toEqual({ refresh: 1, licensesUsed: 2 });
    const [first, second] = fake.requests.filter((r) => r.endpoint === "licensesUsed");
    expect(first?.headers.authorization).not.toBe(second?.headers.authorization);
  });

  it("then logs in again and retries once more, then gives up with the error", async () => {
    const c = client();
    await c.authenticate();
    clock.advance(1); // the refresh token is refreshable strictly after its iat
    fake.reset();
    fake.on("licensesUsed", () => ({ status: 401 }));
    expect(await codeOf(c.licensesUsed())).toBe("NOT_AUTHENTICATED");
    expect(fake.counts()).toEqual({ refresh: 1, authenticate: 1, licensesUsed: 3 });
  });

  it("logs in when the refresh itself is refused, and does not log in twice", async () => {
    const c = client();
    await c.authenticate();
    clock.advance(1); // the refresh token is refreshable strictly after its iat
    fake.reset();
    fake.on("refresh", () => ({ status: 401 }));
    fake.on("licensesUsed", () => ({ status: 401 }));
    expect(await codeOf(c.licensesUsed())).toBe("NOT_AUTHENTICATED");
    expect(fake.counts()).toEqual({ refresh: 1, authenticate: 1, licensesUsed: 2 });
  });

  it("recovers a non-idempotent call too, since a 401 means it was not carried out", async () => {
    const c = client();
    await c.authenticate();
    clock.advance(1); // the refresh token is refreshable strictly after its iat
    fake.reset();
    fake.on("revokeCertificate", (_req, call) => (call === 1 ? { status: 401 } : { body: null }));
    await c.revokeCertificate(17, 4, "0A1B");
    expect(fake.counts()).toEqual({ refresh: 1, revokeCertificate: 2 });
  });

  it("goes straight to a login when the refresh token is not refreshable yet (same second as the login)", async () => {
    const c = client();
    await c.authenticate();
    fake.reset();
    fake.on("licensesUsed", (_req, call) => (call === 1 ? { status: 401 } : { body: { ordered: 1, issued: 1 } }));
    await c.licensesUsed();
    expect(fake.counts()).toEqual({ authenticate: 1, licensesUsed: 2 });
  });
});
