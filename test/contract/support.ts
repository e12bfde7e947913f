/**
 * Shared set-up of the contract suite: a real simulator on a random loopback port with its
 * own temporary data folder, and real clients talking to it over HTTP. A settable clock
 * drives both sides, so token expiry is tested without waiting for it.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { MemoryTokenStore, SectigoClient, type SectigoClientOptions } from "@/lib/sectigo";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/lib/simulator";

export const USERNAME = "contract-user";
export const PASSWORD = "contract-password-123";

export const run = promisify(execFile);

export class TestClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

export interface Harness {
  sim: RunningSimulator;
  dataDir: string;
  clock: TestClock;
  client(options?: Partial<SectigoClientOptions>): SectigoClient;
  calls(endpoint: string): number;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<SimulatorOptions> = {}): Promise<Harness> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sectigo-contract-"));
  const clock = new TestClock();
  const sim = await startSimulator({
    dataDir,
    port: 0,
    username: USERNAME,
    password: PASSWORD,
    processingDelayMs: 50,
    leafKeyBits: 2048,
    caKeyBits: 2048,
    now: clock.now,
    ...options,
  });
  return {
    sim,
    dataDir,
    clock,
    client: (overrides = {}) =>
      new SectigoClient({
        endpoint: sim.url,
        username: USERNAME,
        password: PASSWORD,
        tokenStore: new MemoryTokenStore(),
        now: clock.now,
        timeoutMs: 5_000,
        retryDelayMs: 10,
        ...overrides,
      }),
    calls: (endpoint) => sim.stats().calls[endpoint] ?? 0,
    close: async () => {
      await sim.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls batch detail until the decision table leaves "processing" (no fixed sleeps). */
export async function waitForBatch(client: SectigoClient, batchId: number, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const detail = await client.batchDetail(batchId);
    if (detail.status !== "PROCESSING") return detail.status;
    if (Date.now() > deadline) throw new Error(`batch ${batchId} still PROCESSING after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}
