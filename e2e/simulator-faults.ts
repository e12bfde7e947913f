/**
 * The embedded simulator's test control API (served because playwright.config.ts sets
 * SIMULATOR_CONTROL_API=1): queue faults for the next matching Sectigo calls, clear them,
 * and read the call counters, to check what the portal did and did not send.
 */
import { expect } from "@playwright/test";

const SIMULATOR_URL = `http://127.0.0.1:${process.env.E2E_SIMULATOR_PORT ?? 8931}`;

export type Fault =
  | { kind: "status"; status: number; body?: "json" | "html"; match?: string; count?: number }
  | { kind: "latency"; ms: number; match?: string; count?: number }
  | { kind: "unauthorized" | "timeout" | "malformed" | "reset"; match?: string; count?: number };

export async function injectFault(...faults: Fault[]): Promise<void> {
  const res = await fetch(`${SIMULATOR_URL}/__simulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

export async function clearFaults(): Promise<void> {
  const res = await fetch(`${SIMULATOR_URL}/__simulator/faults`, { method: "DELETE" });
  expect(res.status).toBe(200);
}

/** How many times the simulator answered `METHOD /path` (e.g. "PUT /api/v1/batches/createSingleCertBatch"). */
export async function callCount(route: string): Promise<number> {
  const res = await fetch(`${SIMULATOR_URL}/__simulator/stats`);
  const stats = (await res.json()) as { calls?: Record<string, number> };
  return stats.calls?.[route] ?? 0;
}
