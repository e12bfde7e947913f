import { promises as fs } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchResponseSchema, findCertificateResponseSchema } from "@/lib/sectigo/schemas";
import type { RunningSimulator } from "./server";
import { api, login, openssl, removeDir, singleParams, startTestSimulator, tempDir, waitFor, waitForBatch } from "./test-support";

let dir: string;
let clock = new Date("2026-05-01T08:00:00Z");

beforeAll(async () => {
  dir = await tempDir();
});

afterAll(async () => {
  await removeDir(dir);
});

const createBatch = async (sim: RunningSimulator, token: string, cn: string) => {
  const res = await api(sim, token, "PUT", "/api/v1/batches/createSingleCertBatch", {
    authorityId: 423,
    batchName: cn,
    profileParams: singleParams(cn),
  });
  expect(res.status).toBe(201);
  return batchResponseSchema.parse(await res.json()).batchId;
};

describe("restart with the same data folder", () => {
  it("keeps the CA, tokens, batches, balances and revocations, and completes a batch left processing", async () => {
    // First run: the real CA key size, one issued and revoked certificate, one batch left processing.
    const first = await startTestSimulator(dir, { caKeyBits: 4096, processingDelayMs: 5000, now: () => clock });
    const chain = first.caChainPem();
    const { accessToken } = await login(first);
    const issued = await createBatch(first, accessToken, "kept.example.com");
    clock = new Date(clock.getTime() + 5000);
    await first.runDueBatches();
    expect((await waitForBatch(first, accessToken, issued)).status).toBe("READY_FOR_DOWNLOAD");
    const { items } = findCertificateResponseSchema.parse(
      await (await api(first, accessToken, "POST", "/api/v1/certificates/find", { commonName: "kept.example.com" })).json(),
    );
    const serial = items[0]?.serialNumber ?? "";
    expect((await api(first, accessToken, "POST", "/api/v1/certificates/17/revoke", { reasonCode: 3, serialNumber: serial })).status).toBe(200);
    const pending = await createBatch(first, accessToken, "pending.example.com");
    await first.close();

    // Nothing secret rests in the state file: no private key, no PKCS#12 password of an issued batch.
    const stateDir = path.join(dir, "simulator");
    const stateText = await fs.readFile(path.join(stateDir, "state.json"), "utf8");
    expect(stateText).not.toContain("PRIVATE KEY");
    expect((await fs.stat(path.join(stateDir, "root-ca.key.pem"))).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.join(stateDir, "issuing-ca.key.pem"))).mode & 0o777).toBe(0o600);
    expect(await openssl(["x509", "-in", "root-ca.crt.pem", "-noout", "-text"], stateDir)).toContain("Public-Key: (4096 bit)");

    // Second run, ten seconds later: the pending batch is now due.
    clock = new Date(clock.getTime() + 10_000);
    const second = await startTestSimulator(dir, { processingDelayMs: 5000, now: () => clock });
    try {
      expect(second.caChainPem()).toEqual(chain);
      // The access token of the first run is still good: the signing secret persisted.
      expect((await api(second, accessToken, "GET", "/api/v1/devices")).status).toBe(200);
      const done = batchResponseSchema.parse(
        await waitFor(
          async () => (await (await api(second, accessToken, "GET", `/api/v1/batches/${pending}`)).json()) as unknown,
          (b) => (b as { status: string }).status !== "PROCESSING",
        ),
      );
      expect(done.status).toBe("READY_FOR_DOWNLOAD");
      expect(batchResponseSchema.parse(await (await api(second, accessToken, "GET", `/api/v1/batches/${issued}`)).json()).status).toBe("READY_FOR_DOWNLOAD");
      const found = findCertificateResponseSchema.parse(
        await (await api(second, accessToken, "POST", "/api/v1/certificates/find", { serialNumber: serial })).json(),
      );
      expect(found.items[0]?.status).toBe("REVOKED");
      await fs.writeFile(path.join(dir, "crl.der"), Buffer.from(await (await fetch(`${second.url}/crl/issuing-ca.crl`)).arrayBuffer()));
      const crl = await openssl(["crl", "-inform", "DER", "-in", "crl.der", "-noout", "-text"], dir);
      expect(crl).toContain(`Serial Number: ${serial}`);
      expect(crl).toContain("Affiliation Changed");
      expect(await (await api(second, accessToken, "GET", "/api/v1/authorities/423/balanceavailable")).json()).toBe(98);
      expect(await (await api(second, accessToken, "GET", "/api/v1/devices")).json()).toEqual({ ordered: 1000, issued: 2 });
      const next = await createBatch(second, accessToken, "next.example.com");
      expect(next).toBe(pending + 1);
    } finally {
      await second.close();
    }
  });

  it("refuses a second simulator on a folder in use, and frees the folder on close", async () => {
    const shared = await tempDir();
    try {
      const a = await startTestSimulator(shared);
      await expect(startTestSimulator(shared)).rejects.toMatchObject({ code: "DATA_DIR_IN_USE" });
      await a.close();
      const b = await startTestSimulator(shared);
      await b.close();
    } finally {
      await removeDir(shared);
    }
  });

  it("takes over the lock of a process that died", async () => {
    const crashed = await tempDir();
    try {
      await fs.mkdir(path.join(crashed, "simulator"), { recursive: true });
      // Pid 2^22 + 1 is above Linux's pid_max default, so no process has it.
      await fs.writeFile(path.join(crashed, "simulator", "simulator.lock"), "4194305\n");
      const s = await startTestSimulator(crashed);
      await s.close();
    } finally {
      await removeDir(crashed);
    }
  });

  it("refuses to start on a corrupt state file instead of starting empty", async () => {
    const bad = await tempDir();
    try {
      await fs.mkdir(path.join(bad, "simulator"), { recursive: true });
      await fs.writeFile(path.join(bad, "simulator", "state.json"), "{ not json");
      await expect(startTestSimulator(bad)).rejects.toMatchObject({ code: "STATE_CORRUPT" });
    } finally {
      await removeDir(bad);
    }
  });
});
