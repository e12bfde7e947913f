/**
 * Talking to the embedded simulator as Sectigo itself, for the "what a person finds in
 * Sectigo" half of the unknown-outcome specs: a batch made at Sectigo outside the portal
 * (the one a lost request would have made, or someone else's), and the simulator's counters.
 *
 * Why not let a lost request make it: the simulator drops a request it does not answer
 * (a timeout or reset fault never reaches its handler), so the batch is made here with the
 * lost request's own name and profile.
 */
import { expect } from "@playwright/test";

const SIMULATOR_URL = `http://127.0.0.1:${process.env.E2E_SIMULATOR_PORT ?? 8931}`;
// The simulator's own default account (lib/simulator/options.ts); the e2e server sets none.
const USERNAME = process.env.SIMULATOR_USERNAME ?? "tester";
const PASSWORD = process.env.SIMULATOR_PASSWORD ?? "supersecretsquirrel";

async function token(): Promise<string> {
  const res = await fetch(`${SIMULATOR_URL}/auth/pwd`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Uploads CSRs at Sectigo directly, as a file named `fileName`; returns Sectigo's batch id. */
export async function sectigoUpload(profileId: number, fileName: string, csrText: string): Promise<number> {
  const form = new FormData();
  form.set("profileId", String(profileId));
  form.set("csrBatchRequest", new Blob([JSON.stringify({ profileId, batchType: "BATCH", profileParams: {} })], { type: "application/json" }), "blob");
  form.set("files", new Blob([csrText], { type: "application/octet-stream" }), fileName);
  const res = await fetch(`${SIMULATOR_URL}/api/v1/batches/upload`, { method: "POST", headers: { authorization: `Bearer ${await token()}` }, body: form });
  const text = await res.text();
  expect(res.status, text).toBeLessThan(300);
  return (JSON.parse(text) as { batchId: number }).batchId;
}

/** How many times the simulator answered a GET of one batch's status (the poller's and Check now's). */
export async function requestsTo(path: string): Promise<number> {
  const res = await fetch(`${SIMULATOR_URL}/__simulator/stats`);
  const stats = (await res.json()) as { requests?: { path: string }[] };
  return (stats.requests ?? []).filter((r) => r.path === path).length;
}
