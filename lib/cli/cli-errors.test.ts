/**
 * What an operator sees when something is wrong: the Go tool's messages for missing
 * flags, readable errors from Sectigo, exit code 1 and never a stack trace. Also the ways
 * settings arrive: global flags before the command, `.env`, and the hint for an unset
 * endpoint.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";
import { jsonDocuments, runCaptured, STACK_FRAME } from "./test-support";

let root: string;
let sim: RunningSimulator;
let env: Record<string, string>;
let caseNo = 0;

/** Each call gets its own token cache, so no test depends on another's login. */
async function cli(argv: string[], extraEnv: Record<string, string | undefined> = {}, cwd = root) {
  const cache = path.join(root, `cache-${++caseNo}`);
  return runCaptured(argv, { ...env, XDG_CACHE_HOME: cache, ...extraEnv }, cwd);
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "cli-errors-"));
  sim = await startSimulator({
    dataDir: path.join(root, "data"),
    port: 0,
    username: "tester",
    password: "supersecretsquirrel",
    processingDelayMs: 20,
    leafKeyBits: 2048,
    caKeyBits: 2048,
  });
  env = { SECTIGO_ENDPOINT: sim.url, SECTIGO_USERNAME: "tester", SECTIGO_PASSWORD: "supersecretsquirrel", HOME: root };
});

afterAll(async () => {
  await sim?.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe("missing flags get the Go tool's messages and exit 1", () => {
  const cases: [string[], string][] = [
    [["create", "-a", "423"], "must specify domain name of cert subject"],
    [["create", "-d", "example.com"], "must specify authority ID"],
    [["batches"], "specify batch id to get information"],
    [["download", "-o", "."], "must specify batch id for download"],
    [["upload", "-p", "17"], "specify the path to one CSR for upload"],
    [["upload", "a.csr", "b.csr", "-p", "17"], "specify the path to one CSR for upload"],
    [["upload", "a.csr"], "specify the profile ID to sign the cert under"],
    [["revoke", "-s", "0A"], "must specify profile id"],
    [["revoke", "-p", "17", "-r", "superseded"], "must specify serial number of certificate"],
    [["profiles", "--params"], "must specify id to get profile params"],
  ];
  for (const [argv, message] of cases) {
    it(`sectigo ${argv.join(" ")}`, async () => {
      const before = sim.stats().totalCalls;
      const r = await cli(argv);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")[0]).toBe(message);
      expect(sim.stats().totalCalls).toBe(before);
    });
  }

  it("rejects an unknown flag, a bad number and an unknown command with a pointer to help", async () => {
    const unknownFlag = await cli(["batches", "-x"]);
    expect(unknownFlag).toMatchObject({ code: 1, stderr: 'flag provided but not defined: -x\nrun "sectigo batches --help" for its flags\n' });
    expect((await cli(["batches", "-i", "ten"])).stderr).toMatch(/^invalid value "ten" for flag -i/);
    const unknownCommand = await cli(["frobnicate"]);
    expect(unknownCommand).toMatchObject({ code: 1, stderr: 'unknown command "frobnicate"\nrun "sectigo help" for the list of commands\n' });
  });

  it("refuses a bad domain before spending a licence", async () => {
    const before = sim.stats().calls["PUT /api/v1/batches/createSingleCertBatch"] ?? 0;
    const r = await cli(["create", "-a", "423", "-d", "not a domain"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/commonName/);
    expect(sim.stats().calls["PUT /api/v1/batches/createSingleCertBatch"] ?? 0).toBe(before);
  });

  it("refuses an authority the account does not have", async () => {
    const r = await cli(["create", "-a", "999", "-d", "example.com"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/authority 999 is not among the authorities of this account \(423, 489\)/);
  });
});

describe("errors from Sectigo are one readable line", () => {
  it("an unknown batch", async () => {
    const r = await cli(["batches", "-i", "99999"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 404/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it("a wrong password: could not authenticate, and the password is not echoed", async () => {
    const r = await cli(["auth"], { SECTIGO_PASSWORD: "wrong-secret-value" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/rejected the username or password/);
    expect(r.stderr).not.toContain("wrong-secret-value");
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it("a revoke of an unknown serial", async () => {
    const r = await cli(["revoke", "-p", "17", "-r", "superseded", "-s", "0123456789ABCDEF"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 404.*not found/);
  });

  it("an unreachable endpoint", async () => {
    const r = await cli(["licenses"], { SECTIGO_ENDPOINT: "http://127.0.0.1:9" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/could not be reached/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it("refuses an endpoint with a password in it, without echoing it", async () => {
    const r = await cli(["licenses"], { SECTIGO_ENDPOINT: "https://user:hunter2-secret@iot.sectigo.com" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/must not contain a username or password/);
    expect(r.stderr).not.toContain("hunter2-secret");
  });

  it("the testing environment guard refuses a non-local endpoint", async () => {
    const r = await cli(["licenses"], { SECTIGO_ENVIRONMENT: "testing", SECTIGO_ENDPOINT: "https://example.com" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/localhost in testing mode/i);
  });
});

describe("settings", () => {
  it("global flags come before the command; -p after it is the command's own flag", async () => {
    const r = await cli(["-u", "tester", "-p", "supersecretsquirrel", "licenses"], {
      SECTIGO_USERNAME: undefined,
      SECTIGO_PASSWORD: undefined,
    });
    expect(r.code).toBe(0);
    expect(jsonDocuments(r.stdout)[0]).toMatchObject({ ordered: 1000 });
    expect((await cli(["--url", sim.url, "profiles", "-i", "17", "-p"], { SECTIGO_ENDPOINT: undefined })).code).toBe(0);
  });

  it("reads .env from the working directory without overriding the environment", async () => {
    const dir = await fs.mkdtemp(path.join(root, "dotenv-"));
    await fs.writeFile(path.join(dir, ".env"), `SECTIGO_ENDPOINT=${sim.url}\nSECTIGO_USERNAME=tester\nSECTIGO_PASSWORD=wrong\n`);
    const r = await cli(["licenses"], { SECTIGO_ENDPOINT: undefined, SECTIGO_USERNAME: undefined }, dir);
    expect(r.code).toBe(0);
  });

  it("hints at the simulator when no endpoint and no account are set", async () => {
    const r = await cli(["licenses"], { SECTIGO_ENDPOINT: undefined, SECTIGO_USERNAME: undefined, SECTIGO_PASSWORD: undefined });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no Sectigo API credentials/i);
    expect(r.stderr).toMatch(/hint: SECTIGO_ENDPOINT is not set.*sectigo serve/);
  });

  it("auth --debug and --cache work without credentials and without the network", async () => {
    const r = await cli(["auth", "--debug"], { SECTIGO_ENDPOINT: "http://127.0.0.1:9", SECTIGO_USERNAME: undefined, SECTIGO_PASSWORD: undefined });
    expect(r).toMatchObject({ code: 0, stdout: "credentials are expired or invalid\n" });
  });
});

describe("help", () => {
  it("lists every command with its flags", async () => {
    const r = await runCaptured(["--help"], {}, root);
    expect(r.code).toBe(0);
    for (const name of ["auth", "authorities", "licenses", "profiles", "organization", "create", "batches", "download", "upload", "find", "revoke", "serve", "inspect"]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name}[ ,]`, "m"));
    }
    expect(r.stdout).toContain("-a, --authority ID");
    expect((await runCaptured([], {}, root)).stdout).toBe(r.stdout);
    expect((await runCaptured(["help"], {}, root)).stdout).toBe(r.stdout);
  });

  it("shows one command's help with --help or help NAME", async () => {
    const r = await runCaptured(["create", "--help"], {}, root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: sectigo \[global flags\] create -a ID -d DOMAIN/m);
    expect((await runCaptured(["help", "create"], {}, root)).stdout).toBe(r.stdout);
  });
});
