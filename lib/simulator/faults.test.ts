import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiErrorBodySchema, SECTIGO_JSON } from "@/lib/sectigo/schemas";
import { ENDPOINTS } from "./routes";
import type { RunningSimulator } from "./server";
import { api, login, removeDir, startTestSimulator, tempDir, waitFor } from "./test-support";

let dir: string;
let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  dir = await tempDir();
  sim = await startTestSimulator(dir, { controlApi: true });
  token = (await login(sim)).accessToken;
});

afterAll(async () => {
  await sim.close();
  await removeDir(dir);
});

beforeEach(() => {
  sim.faults.clear();
});

const devices = (init: RequestInit = {}) =>
  fetch(`${sim.url}/api/v1/devices`, { ...init, headers: { Authorization: `Bearer ${token}` } });

describe("fault injection", () => {
  it("latency delays the next matching call only", async () => {
    sim.faults.inject({ kind: "latency", ms: 300 });
    const started = Date.now();
    expect((await devices()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(sim.faults.pending()).toEqual([]);
  });

  it("status answers 5xx with an APIError or an HTML body, for `count` calls", async () => {
    sim.faults.inject({ kind: "status", status: 503, count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await devices();
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toBe(SECTIGO_JSON);
      expect(apiErrorBodySchema.parse(await res.json()).status).toBe(503);
    }
    expect((await devices()).status).toBe(200);
    sim.faults.inject({ kind: "status", status: 502, body: "html" });
    const html = await devices();
    expect(html.status).toBe(502);
    expect(html.headers.get("content-type")).toBe("text/html");
    expect(await html.text()).toContain("502 Bad Gateway");
  });

  it("unauthorized answers 401 once, even to a good token", async () => {
    sim.faults.inject({ kind: "unauthorized" });
    expect((await devices()).status).toBe(401);
    expect((await devices()).status).toBe(200);
  });

  it("malformed answers 200 with a body that is not JSON", async () => {
    sim.faults.inject({ kind: "malformed" });
    const res = await devices();
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it("reset drops the connection", async () => {
    sim.faults.inject({ kind: "reset" });
    await expect(devices()).rejects.toThrow();
    expect((await devices()).status).toBe(200);
  });

  it("timeout never answers, so the client's own deadline fires", async () => {
    sim.faults.inject({ kind: "timeout" });
    await expect(devices({ signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: "TimeoutError" });
    expect((await devices()).status).toBe(200);
  });

  it("matches by path prefix or endpoint key and leaves other calls and the public routes alone", async () => {
    sim.faults.inject([
      { kind: "status", status: 500, match: ENDPOINTS.L },
      { kind: "status", status: 502, match: "/api/v1/organizations" },
    ]);
    expect((await fetch(`${sim.url}/status`)).status).toBe(200);
    expect((await devices()).status).toBe(200);
    expect((await api(sim, token, "GET", "/api/v1/profiles/17")).status).toBe(200);
    expect((await api(sim, token, "GET", "/api/v1/profiles")).status).toBe(500);
    expect((await api(sim, token, "GET", "/api/v1/organizations/user")).status).toBe(502);
    expect(sim.faults.pending()).toEqual([]);
  });

  it("refuses an invalid fault", () => {
    expect(() => sim.faults.inject({ kind: "latency" } as never)).toThrow();
    expect(() => sim.faults.inject({ kind: "explode" } as never)).toThrow();
  });
});

describe("a hung request does not block close()", () => {
  it("closes while a timeout fault holds a request open", async () => {
    const hdir = await tempDir();
    const s = await startTestSimulator(hdir);
    try {
      const t = (await login(s)).accessToken;
      s.faults.inject({ kind: "timeout" });
      const hung = fetch(`${s.url}/api/v1/devices`, { headers: { Authorization: `Bearer ${t}` } });
      const settled = hung.then(
        () => "answered",
        () => "failed",
      );
      await waitFor(async () => s.stats().calls[ENDPOINTS.K] ?? 0, (n) => n === 1);
      await s.close();
      expect(await settled).toBe("failed");
    } finally {
      await removeDir(hdir);
    }
  });
});

describe("control API and call counters", () => {
  it("counts calls per endpoint and resets the counters", async () => {
    sim.resetStats();
    await login(sim);
    await devices();
    await devices();
    await api(sim, token, "GET", "/api/v1/batches/12345");
    const stats = sim.stats();
    expect(stats.calls[ENDPOINTS.A]).toBe(1);
    expect(stats.calls[ENDPOINTS.K]).toBe(2);
    expect(stats.calls[ENDPOINTS.F]).toBe(1);
    expect(stats.calls[ENDPOINTS.B]).toBeUndefined();
    expect(stats.requests.at(-1)).toMatchObject({ method: "GET", path: "/api/v1/batches/12345", status: 404 });
    sim.resetStats();
    expect(sim.stats().totalCalls).toBe(0);
  });

  it("takes faults over HTTP when enabled, and does not count its own calls", async () => {
    sim.resetStats();
    const res = await fetch(`${sim.url}/__simulator/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ faults: [{ kind: "status", status: 503 }] }),
    });
    expect(res.status).toBe(200);
    expect((await devices()).status).toBe(503);
    const stats = (await (await fetch(`${sim.url}/__simulator/stats`)).json()) as { calls: Record<string, number> };
    expect(stats.calls).toEqual({ [ENDPOINTS.K]: 1 });
    expect((await fetch(`${sim.url}/__simulator/faults`, { method: "POST", body: '{"kind":"nope"}' })).status).toBe(400);
  });

  it("has no control API unless asked for", async () => {
    const cdir = await tempDir();
    const s = await startTestSimulator(cdir);
    try {
      const res = await fetch(`${s.url}/__simulator/faults`, { method: "POST", body: '{"kind":"reset"}' });
      expect(res.status).toBe(404);
      expect(s.faults.pending()).toEqual([]);
    } finally {
      await s.close();
      await removeDir(cdir);
    }
  });
});
