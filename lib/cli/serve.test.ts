/**
 * `sectigo serve` in-process (until its stop signal), its address rules, and the real
 * entry points run as child processes: bin/sectigo.mjs from another directory.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator } from "@/lib/simulator";
import { parseListenAddress } from "./commands/serve";
import { jsonDocuments, runCaptured } from "./test-support";

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "cli-serve-"));
  // A first start with 2048-bit CA keys leaves a CA that `serve` then reuses, so the test
  // does not pay for the 4096-bit keys a fresh data folder would get.
  const seed = await startSimulator({ dataDir: path.join(root, "data"), port: 0, username: "x", password: "y", caKeyBits: 2048 });
  await seed.close();
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe("sectigo serve", () => {
  it("runs the simulator on loopback, names the account but not the password, and stops on its signal", async () => {
    const controller = new AbortController();
    let output = "";
    const env = { DATA_DIR: "data", SIMULATOR_PASSWORD: "serve-secret-pw", SIMULATOR_LEAF_KEY_BITS: "2048" };
    const serving = runCaptured(["-u", "operator", "serve", "-a", "127.0.0.1:0"], env, root, controller.signal, (t) => (output = t));

    const url = await vi.waitFor(
      () => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (!m?.[1]) throw new Error("not listening yet");
        return m[1];
      },
      { timeout: 20_000, interval: 20 },
    );
    expect(output).toContain("account:  operator (password from SIMULATOR_PASSWORD)");
    expect(output).toContain(`data:     ${path.join(root, "data", "simulator")}`);

    const client = await runCaptured(["licenses"], {
      SECTIGO_ENDPOINT: url,
      SECTIGO_USERNAME: "operator",
      SECTIGO_PASSWORD: "serve-secret-pw",
      XDG_CACHE_HOME: path.join(root, "cache"),
    }, root);
    expect(client.code).toBe(0);
    expect(jsonDocuments(client.stdout)[0]).toMatchObject({ ordered: 1000 });

    controller.abort();
    const result = await serving;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/simulator stopped\n$/);
    expect(result.stdout + result.stderr).not.toContain("serve-secret-pw");
    await expect(fetch(`${url}/auth/pwd`, { method: "POST" })).rejects.toThrow();
  });

  it("refuses to start when the real Sectigo account is set without SECTIGO_ENDPOINT, and says what to do", async () => {
    for (const [env, named] of [
      [{ SECTIGO_USERNAME: "alice", SECTIGO_PASSWORD: "real-secret-pw" }, "SECTIGO_USERNAME and SECTIGO_PASSWORD are set"],
      [{ SECTIGO_PASSWORD: "real-secret-pw", SECTIGO_ENDPOINT: " " }, "SECTIGO_PASSWORD is set"],
    ] as const) {
      const r = await runCaptured(["serve", "-a", "127.0.0.1:0"], { DATA_DIR: "data", ...env }, root);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain("listening");
      expect(r.stderr).toContain(`SECTIGO_ENDPOINT is missing: ${named}`);
      expect(r.stderr).toContain("Set SECTIGO_ENDPOINT to talk to Sectigo, or unset them.");
      expect(r.stderr).toContain("SIMULATOR_USERNAME / SIMULATOR_PASSWORD");
      expect(r.stderr).not.toContain("real-secret-pw");
    }
  });

  it("starts with the simulator's own login when the client's SECTIGO_* settings name an endpoint", async () => {
    const controller = new AbortController();
    let output = "";
    const env = {
      DATA_DIR: "data",
      SIMULATOR_LEAF_KEY_BITS: "2048",
      SECTIGO_ENDPOINT: "http://127.0.0.1:8831",
      SECTIGO_USERNAME: "tester",
      SECTIGO_PASSWORD: "supersecretsquirrel",
    };
    const serving = runCaptured(["serve", "-a", "127.0.0.1:0"], env, root, controller.signal, (t) => (output = t));
    await vi.waitFor(() => expect(output).toContain("account:  tester (password is the built-in test password"), { timeout: 20_000, interval: 20 });
    controller.abort();
    expect((await serving).code).toBe(0);
  });

  it("accepts host:port, :port and localhost, and refuses non-loopback hosts", async () => {
    expect(parseListenAddress("127.0.0.1:8831")).toEqual({ host: "127.0.0.1", port: 8831 });
    expect(parseListenAddress(":9000")).toEqual({ host: "127.0.0.1", port: 9000 });
    expect(parseListenAddress("localhost:0")).toEqual({ host: "127.0.0.1", port: 0 });
    expect(() => parseListenAddress("127.0.0.1:99999")).toThrow(/invalid port/);
    expect(() => parseListenAddress("nonsense")).toThrow(/use HOST:PORT/);
    const r = await runCaptured(["serve", "-a", "0.0.0.0:8831"], {}, root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/loopback only/);
  });
});

describe("the installed command", () => {
  const exec = promisify(execFile);

  it("bin/sectigo.mjs runs from any directory and prints the usage", async () => {
    const { stdout } = await exec(process.execPath, [path.join(repoRoot, "bin", "sectigo.mjs"), "--help"], { cwd: os.tmpdir() });
    expect(stdout).toMatch(/^Usage: sectigo \[global flags\] <command>/m);
    expect(stdout).toContain("inspect");
  });

  it("bin/sectigo.mjs passes the exit code and stderr through", async () => {
    const failure = await exec(process.execPath, [path.join(repoRoot, "bin", "sectigo.mjs"), "batches"], { cwd: root }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/^specify batch id to get information$/m);
  });
});
