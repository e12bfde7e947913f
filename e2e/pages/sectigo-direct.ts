/**
 * Acting on the embedded simulator directly, as someone other than the portal would (another
 * Sectigo client, or Sectigo itself behind a lost answer): issue a certificate the portal
 * never hears of, revoke a serial. Uses the simulator's default account (playwright.config.ts
 * sets no SECTIGO_USERNAME, so the embedded simulator runs with its defaults).
 */
import { expect } from "@playwright/test";

const SIMULATOR_URL = `http://127.0.0.1:${process.env.E2E_SIMULATOR_PORT ?? 8931}`;
const JSON_TYPE = "application/json;charset=UTF-8";
/** lib/simulator/options.ts DEFAULT_USERNAME / DEFAULT_PASSWORD: the simulator's test account, no secret. */
const ACCOUNT = { username: "tester", password: "supersecretsquirrel" };
/** The CipherTrace EE authority of the simulator's catalog (profile 17). */
const AUTHORITY_EE = 423;

async function accessToken(): Promise<string> {
  const res = await fetch(`${SIMULATOR_URL}/auth/pwd`, { method: "POST", headers: { "content-type": JSON_TYPE }, body: JSON.stringify(ACCOUNT) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function api(method: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${SIMULATOR_URL}${path}`, {
    method,
    headers: { "content-type": JSON_TYPE, authorization: `Bearer ${await accessToken()}` },
    body: JSON.stringify(body),
  });
}

/** Issues a certificate at Sectigo that the portal knows nothing about; resolves once Sectigo's find shows it. */
export async function issueAtSectigoOnly(commonName: string): Promise<void> {
  const created = await api("PUT", "/api/v1/batches/createSingleCertBatch", {
    authorityId: AUTHORITY_EE,
    batchName: `outside-${commonName}`,
    profileParams: { commonName, dNSName: commonName, pkcs12Password: "Outside-Pass-1234" },
  });
  expect(created.ok, await created.clone().text()).toBe(true);
  await expect(async () => {
    const found = await api("POST", "/api/v1/certificates/find", { commonName });
    const body = (await found.json()) as { items?: unknown[] };
    expect(body.items ?? []).toHaveLength(1);
  }).toPass({ timeout: 30_000 });
}

/** Revokes a serial at Sectigo without the portal. */
export async function revokeAtSectigo(serial: string, reasonCode: number): Promise<void> {
  const res = await api("POST", "/api/v1/certificates/17/revoke", { reasonCode, serialNumber: serial });
  expect(res.ok, await res.clone().text()).toBe(true);
}
