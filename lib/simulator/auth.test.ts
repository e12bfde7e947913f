import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorBodySchema, SECTIGO_JSON } from "@/lib/sectigo/schemas";
import type { RunningSimulator } from "./server";
import { api, login, removeDir, startTestSimulator, tempDir, TEST_PASSWORD, TEST_USER } from "./test-support";

let dir: string;
let sim: RunningSimulator;
let clock = new Date();
const logs: string[] = [];

beforeAll(async () => {
  dir = await tempDir();
  sim = await startTestSimulator(dir, {
    accessTokenTtlSeconds: 60,
    refreshTokenTtlSeconds: 600,
    now: () => clock,
    log: (line) => logs.push(line),
  });
});

afterAll(async () => {
  await sim.close();
  await removeDir(dir);
});

const pwd = (body: string) =>
  fetch(`${sim.url}/auth/pwd`, { method: "POST", headers: { "Content-Type": SECTIGO_JSON }, body });

describe("POST /auth/pwd", () => {
  it("answers 200 with a token pair for the right credentials", async () => {
    const res = await pwd(JSON.stringify({ username: TEST_USER, password: TEST_PASSWORD }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body.accessToken?.split(".")).toHaveLength(3);
    expect(body.refreshToken?.split(".")).toHaveLength(3);
  });

  it("answers 401 (like the real service, not cathy's 403) with an APIError body for wrong credentials", async () => {
    const res = await pwd(JSON.stringify({ username: TEST_USER, password: "wrong" }));
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe(SECTIGO_JSON);
    const body = apiErrorBodySchema.parse(await res.json());
    expect(body.status).toBe(401);
    expect(body.message).toMatch(/username or password/);
    expect(JSON.stringify(body)).not.toContain("wrong");
  });

  it("answers 400 to a body that is not JSON or lacks fields", async () => {
    expect((await pwd("{not json")).status).toBe(400);
    expect((await pwd(JSON.stringify({ username: TEST_USER }))).status).toBe(400);
  });
});

describe("POST /auth/refresh", () => {
  it("takes the raw refresh token as the body and returns a new pair", async () => {
    const { refreshToken } = await login(sim);
    const res = await fetch(`${sim.url}/auth/refresh`, {
      method: "POST",
      headers: { "Content-Type": SECTIGO_JSON },
      body: refreshToken,
    });
    expect(res.status).toBe(200);
    const pair = (await res.json()) as { accessToken: string; refreshToken: string };
    expect((await api(sim, pair.accessToken, "GET", "/api/v1/devices")).status).toBe(200);
  });

  it("answers 401 to an access token, a JSON-quoted token, or garbage", async () => {
    const { accessToken, refreshToken } = await login(sim);
    for (const body of [accessToken, JSON.stringify(refreshToken), "garbage", ""]) {
      const res = await fetch(`${sim.url}/auth/refresh`, { method: "POST", body });
      expect(res.status).toBe(401);
    }
  });
});

describe("bearer authentication on /api/v1", () => {
  it("answers 403 without a well-formed Bearer header", async () => {
    expect((await fetch(`${sim.url}/api/v1/devices`)).status).toBe(403);
    const basic = await fetch(`${sim.url}/api/v1/devices`, { headers: { Authorization: "Basic dGVzdGVyOng=" } });
    expect(basic.status).toBe(403);
    const extra = await fetch(`${sim.url}/api/v1/devices`, { headers: { Authorization: "Bearer a b" } });
    expect(extra.status).toBe(403);
  });

  it("answers 401 to a bad token and to a refresh token used as bearer", async () => {
    const { refreshToken } = await login(sim);
    expect((await api(sim, "abc.def.ghi", "GET", "/api/v1/devices")).status).toBe(401);
    const res = await api(sim, refreshToken, "GET", "/api/v1/devices");
    expect(res.status).toBe(401);
    expect(apiErrorBodySchema.parse(await res.json()).message).toMatch(/refresh token/);
  });

  it("answers 401 once the access token has expired, and the refresh token still works", async () => {
    const { accessToken, refreshToken } = await login(sim);
    expect((await api(sim, accessToken, "GET", "/api/v1/devices")).status).toBe(200);
    clock = new Date(clock.getTime() + 61_000);
    const res = await api(sim, accessToken, "GET", "/api/v1/devices");
    expect(res.status).toBe(401);
    expect(apiErrorBodySchema.parse(await res.json()).message).toMatch(/expired/);
    const refreshed = await fetch(`${sim.url}/auth/refresh`, { method: "POST", body: refreshToken });
    expect(refreshed.status).toBe(200);
  });
});

describe("routing", () => {
  it("answers 404 to an unknown route and 405 to a wrong method, with APIError bodies", async () => {
    const { accessToken } = await login(sim);
    const missing = await api(sim, accessToken, "GET", "/api/v1/nothing-here");
    expect(missing.status).toBe(404);
    expect(apiErrorBodySchema.parse(await missing.json()).status).toBe(404);
    const wrong = await api(sim, accessToken, "DELETE", "/api/v1/devices");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
  });

  it("logs one line per request without tokens or passwords", async () => {
    const { accessToken, refreshToken } = await login(sim);
    await api(sim, accessToken, "GET", "/api/v1/devices");
    const text = logs.join("\n");
    expect(text).toMatch(/GET \/api\/v1\/devices 200 \d+ms/);
    expect(text).toMatch(/POST \/auth\/pwd 200 \d+ms/);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain(accessToken);
    expect(text).not.toContain(refreshToken);
  });
});
