// The client's promises when Sectigo misbehaves (docs/security.md S9,
// docs/sectigo-protocol.md §1.4), against the simulator's fault injection: bounded GET retries, no blind
// retry of create or revoke, timeouts that end, malformed bodies and outages that become
// typed errors with a readable message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildProfileParams, findProfile, generatePkcs12Password, SectigoClient, SectigoError, userMessage } from "@/lib/sectigo";
import { startHarness, type Harness } from "./support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.sim.faults.clear();
  h.sim.resetStats();
});

const DEVICES = "GET /api/v1/devices";
const CREATE = "PUT /api/v1/batches/createSingleCertBatch";

function createInput() {
  return {
    authorityId: 423,
    batchName: "fault test",
    profileParams: buildProfileParams(findProfile(17)!, { commonName: "fault.example.com", pkcs12Password: generatePkcs12Password() }),
  };
}

async function errorOf(p: Promise<unknown>): Promise<SectigoError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SectigoError);
  return err as SectigoError;
}

describe("faults", () => {
  it("retries a GET after a 503 and succeeds", async () => {
    const client = h.client({ getRetries: 2 });
    await client.authenticate();
    h.sim.faults.inject({ kind: "status", status: 503, match: DEVICES });
    const licenses = await client.licensesUsed();
    expect(licenses.ordered).toBeGreaterThan(0);
    expect(h.calls(DEVICES)).toBe(2);
  });

  it("gives up on a GET after the bounded retries with UPSTREAM", async () => {
    const client = h.client({ getRetries: 2 });
    await client.authenticate();
    h.sim.faults.inject({ kind: "status", status: 502, body: "html", match: DEVICES, count: 5 });
    const err = await errorOf(client.licensesUsed());
    expect(err.code).toBe("UPSTREAM");
    expect(h.calls(DEVICES)).toBe(3);
    expect(userMessage(err)).not.toMatch(/<html|at .*\(/i);
  });

  it("never retries a create after a 5xx", async () => {
    const client = h.client({ getRetries: 3 });
    await client.authenticate();
    h.sim.faults.inject({ kind: "status", status: 500, match: CREATE, count: 3 });
    const err = await errorOf(client.createSingleCertBatch(createInput()));
    expect(err.code).toBe("UPSTREAM");
    expect(h.calls(CREATE)).toBe(1);
  });

  it("ends a call that gets no answer with TIMEOUT, and does not retry a create that timed out", async () => {
    const client = h.client({ timeoutMs: 300, getRetries: 0 });
    await client.authenticate();
    h.sim.faults.inject({ kind: "timeout", match: DEVICES });
    const err = await errorOf(client.licensesUsed());
    // The configured 300 ms ended the call, not a longer default; a hang would hit the test timeout.
    expect(err).toMatchObject({ code: "TIMEOUT", timeoutMs: 300 });

    h.sim.faults.inject({ kind: "timeout", match: CREATE, count: 2 });
    expect((await errorOf(client.createSingleCertBatch(createInput()))).code).toBe("TIMEOUT");
    expect(h.calls(CREATE)).toBe(1);
  });

  it("turns a malformed body into BAD_RESPONSE naming the endpoint", async () => {
    const client = h.client({ getRetries: 0 });
    await client.authenticate();
    h.sim.faults.inject({ kind: "malformed", match: "GET /api/v1/authorities/allowed" });
    const err = await errorOf(client.userAuthorities());
    expect(err.code).toBe("BAD_RESPONSE");
    expect(err.message).toMatch(/authorit/i);
  });

  it("survives a reset connection on a GET by retrying", async () => {
    const client = h.client({ getRetries: 1 });
    await client.authenticate();
    h.sim.faults.inject({ kind: "reset", match: DEVICES });
    await expect(client.licensesUsed()).resolves.toMatchObject({ ordered: expect.any(Number) });
  });

  it("adds latency without failing when it stays under the timeout", async () => {
    const client = h.client({ timeoutMs: 2_000 });
    await client.authenticate();
    h.sim.faults.inject({ kind: "latency", ms: 200, match: DEVICES });
    const started = Date.now();
    await client.licensesUsed();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("reports Sectigo down (nothing listening) as NETWORK with a readable message", async () => {
    const client = new SectigoClient({ endpoint: "http://127.0.0.1:9", username: "u", password: "p", getRetries: 0, timeoutMs: 2_000 });
    const err = await errorOf(client.licensesUsed());
    expect(err.code).toBe("NETWORK");
    expect(userMessage(err)).toMatch(/127\.0\.0\.1/);
  });
});
