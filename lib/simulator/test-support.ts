/**
 * Helpers for the simulator's own tests: a simulator in a temp folder with fast settings,
 * plain-fetch calls with a token, polling for a state (never a fixed sleep), and openssl.
 * Not imported by production code.
 */
import "server-only";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { SECTIGO_JSON } from "@/lib/sectigo/schemas";
import { startSimulator, type RunningSimulator } from "./server";
import type { SimulatorOptions } from "./options";

export const TEST_USER = "tester";
export const TEST_PASSWORD = "supersecretsquirrel";

const run = promisify(execFile);

export async function tempDir(prefix = "sim-test-"): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

export function startTestSimulator(dataDir: string, overrides: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  return startSimulator({
    dataDir,
    port: 0,
    username: TEST_USER,
    password: TEST_PASSWORD,
    processingDelayMs: 50,
    leafKeyBits: 2048,
    caKeyBits: 2048,
    ...overrides,
  });
}

export async function login(sim: RunningSimulator): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await fetch(`${sim.url}/auth/pwd`, {
    method: "POST",
    headers: { "Content-Type": SECTIGO_JSON },
    body: JSON.stringify({ username: TEST_USER, password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed with ${res.status}`);
  return (await res.json()) as { accessToken: string; refreshToken: string };
}

/** A bearer call with the Go client's headers; `body` objects are sent as JSON. */
export function api(
  sim: RunningSimulator,
  token: string,
  method: string,
  urlPath: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${sim.url}${urlPath}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": SECTIGO_JSON,
      Accept: SECTIGO_JSON,
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Polls `probe` until `done` holds for its value, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the batch has left PROCESSING and returns its detail. */
export async function waitForBatch(sim: RunningSimulator, token: string, batchId: number): Promise<Record<string, unknown>> {
  return waitFor(
    async () => (await (await api(sim, token, "GET", `/api/v1/batches/${batchId}`)).json()) as Record<string, unknown>,
    (b) => b.status !== "PROCESSING",
  );
}

export function singleParams(commonName: string, extra: string[] = []): Record<string, string> {
  return { commonName, dNSName: [commonName, ...extra].join("\n"), pkcs12Password: "Secret-Pass-1234" };
}

export async function openssl(args: string[], cwd: string): Promise<string> {
  const { stdout, stderr } = await run("openssl", args, { cwd });
  return `${stdout}${stderr}`;
}

/** Like `openssl`, but resolves with the output and exit code instead of throwing. */
export async function opensslStatus(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    return { code: 0, output: await openssl(args, cwd) };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}
