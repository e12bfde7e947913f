import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authoritiesSchema,
  balanceSchema,
  licensesUsedSchema,
  organizationSchema,
  profileDetailSchema,
  profileParamsSchema,
  profilesSchema,
} from "@/lib/sectigo/schemas";
import type { RunningSimulator } from "./server";
import { api, login, removeDir, startTestSimulator, tempDir } from "./test-support";

let dir: string;
let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  dir = await tempDir();
  sim = await startTestSimulator(dir);
  token = (await login(sim)).accessToken;
});

afterAll(async () => {
  await sim.close();
  await removeDir(dir);
});

const get = async (path: string) => {
  const res = await api(sim, token, "GET", path);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe("account endpoints", () => {
  it("lists the two authorities mapped to profiles 17 and 85 with their balances", async () => {
    const { status, body } = await get("/api/v1/authorities/allowed");
    expect(status).toBe(200);
    const list = authoritiesSchema.parse(body);
    expect(list.map((a) => [a.id, a.profileId, a.profileName, a.balance, a.ecosystemName])).toEqual([
      [423, 17, "CipherTrace EE_#17", 100, "TRISA Simulator"],
      [489, 85, "CipherTrace End Entity Certificate_#85", 50, "TRISA Simulator"],
    ]);
  });

  it("answers the balance as a bare integer, and 404 for an unknown authority", async () => {
    const res = await api(sim, token, "GET", "/api/v1/authorities/489/balanceavailable");
    const text = await res.text();
    expect(text).toBe("50");
    expect(balanceSchema.parse(JSON.parse(text))).toBe(50);
    expect((await get("/api/v1/authorities/17/balanceavailable")).status).toBe(404);
    expect((await get("/api/v1/authorities/abc/balanceavailable")).status).toBe(404);
  });

  it("serves licences, profiles, profile detail, parameters and the organization", async () => {
    expect(licensesUsedSchema.parse((await get("/api/v1/devices")).body)).toEqual({ ordered: 1000, issued: 0 });
    const profiles = profilesSchema.parse((await get("/api/v1/profiles")).body);
    expect(profiles.map((p) => p.profileId)).toEqual([17, 85]);
    expect(profiles[0]?.algorithms).toContain("RSA-4096");
    expect(profiles[0]?.ca).toBe("TRISA Simulator Issuing CA");
    expect(profileDetailSchema.parse((await get("/api/v1/profiles/85")).body).profileName).toBe(
      "CipherTrace End Entity Certificate",
    );
    const params = profileParamsSchema.parse((await get("/api/v1/profiles/85/parameters")).body);
    expect(params.map((p) => p.name)).toEqual([
      "commonName",
      "countryName",
      "dNSName",
      "localityName",
      "organizationName",
      "pkcs12Password",
      "stateOrProvinceName",
    ]);
    expect((await get("/api/v1/profiles/99")).status).toBe(404);
    expect((await get("/api/v1/profiles/99/parameters")).status).toBe(404);
    const org = organizationSchema.parse((await get("/api/v1/organizations/user")).body);
    expect(org.orgStatus).toBe("ACTIVE");
    expect(org.authorities.map((a) => a.id)).toEqual([423, 489]);
  });

  it("publishes the CA certificates and a health check without authentication", async () => {
    const root = await fetch(`${sim.url}/ca/root-ca.crt`);
    expect(root.headers.get("content-type")).toBe("application/pkix-cert");
    const der = Buffer.from(await root.arrayBuffer());
    const pemBody = sim.caChainPem().root.replace(/-----[^-]+-----|\s/g, "");
    expect(der.toString("base64")).toBe(pemBody);
    expect((await fetch(`${sim.url}/ca/issuing-ca.crt`)).status).toBe(200);
    const health = await fetch(`${sim.url}/status`);
    expect(((await health.json()) as { status: string }).status).toBe("ok");
  });
});
