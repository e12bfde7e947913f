// `reached` is the transport's record of whether a request got to Sectigo; the audit's
// failed/unknown decision and the page's words rest on it. Each case here is made by a real
// HTTP exchange (or a real refused connection), not by building an error by hand.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SectigoClient, type SectigoClientOptions } from "./client";
import { MemoryTokenStore } from "./credentials";
import { closedPort, FakeSectigo, MutableClock } from "./test-support/fake-sectigo";

let clock: MutableClock;
let fake: FakeSectigo;

beforeEach(async () => {
  clock = new MutableClock();
  fake = await new FakeSectigo(clock).start();
});
afterEach(async () => fake.close());

function client(options: Partial<SectigoClientOptions> = {}): SectigoClient {
  return new SectigoClient({ endpoint: fake.url, username: "alice", password: "pw", now: clock.now, retryDelayMs: 1, getRetries: 0, ...options });
}

const create = (c: SectigoClient) => c.createSingleCertBatch({ authorityId: 1, batchName: "b", profileParams: { commonName: "a.example.com" } });

async function failure(p: Promise<unknown>): Promise<{ code: string; reached: string; status?: number }> {
  return p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: { code: string; reached: string; status?: number }) => e,
  );
}

describe("reached, as the transport records it", () => {
  it("a port where nothing listens: not-sent", async () => {
    const offline = new SectigoClient({ endpoint: `http://127.0.0.1:${await closedPort()}`, username: "a", password: "b", getRetries: 0 });
    expect(await failure(create(offline))).toMatchObject({ code: "NETWORK", reached: "not-sent" });
  });

  it("a login refused before the call: not-sent, and the call itself never left", async () => {
    fake.on("authenticate", () => ({ status: 401 }));
    expect(await failure(create(client()))).toMatchObject({ code: "INVALID_CREDENTIALS", reached: "not-sent" });
    expect(fake.count("createSingleCertBatch")).toBe(0);
  });

  it("an error status: answered, with the status", async () => {
    fake.on("createSingleCertBatch", () => ({ status: 500, body: { status: 500, message: "boom", errorCode: 1, timestamp: 1 } }));
    expect(await failure(create(client()))).toMatchObject({ code: "UPSTREAM", reached: "answered", status: 500 });
    expect(fake.count("createSingleCertBatch")).toBe(1);
  });

  it("a 401 that a refresh and a fresh login do not cure: answered, sent once per token", async () => {
    const c = client();
    await c.ensureAuthenticated();
    fake.reset();
    fake.on("createSingleCertBatch", () => ({ status: 401, body: { status: 401, message: "Unauthorized", errorCode: 0, timestamp: 0 } }));
    expect(await failure(create(c))).toMatchObject({ code: "NOT_AUTHENTICATED", reached: "answered" });
    // The refresh token is not usable yet (its nbf is the access token's expiry), so the
    // recovery is one fresh login, and the call is sent once with each token.
    expect(fake.counts()).toEqual({ createSingleCertBatch: 2, authenticate: 1 });
  });

  it("no answer in time: no-answer", async () => {
    // Logged in first, with a patient client, so that only the call itself meets the short timeout.
    const tokenStore = new MemoryTokenStore();
    await client({ tokenStore }).ensureAuthenticated();
    fake.on("createSingleCertBatch", () => "hang");
    expect(await failure(create(client({ tokenStore, timeoutMs: 300 })))).toMatchObject({ code: "TIMEOUT", reached: "no-answer" });
  });

  it("a success status with a body that is not the API's: no-answer (Sectigo may have acted)", async () => {
    fake.on("createSingleCertBatch", () => ({ status: 200, headers: { "Content-Type": "text/html" }, body: "<h1>ok</h1>" }));
    expect(await failure(create(client()))).toMatchObject({ code: "BAD_RESPONSE", reached: "no-answer" });
  });
});
