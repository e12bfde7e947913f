// docs/sectigo-protocol.md §7: the client against the simulator over real HTTP, one call to each
// endpoint A–Q in the mock's sequence, with the simulator's per-endpoint counters proving
// that the token preflight adds no auth call while the token is valid.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readZip } from "@/lib/pki";
import { buildProfileParams, findProfile, generatePkcs12Password, BATCH_STATUS } from "@/lib/sectigo";
import { startHarness, tempDir, type Harness } from "./support";
import { makeCsr } from "./csr";
import fs from "node:fs/promises";
import path from "node:path";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ processingDelayMs: 0 });
});
afterAll(async () => h.close());

describe("every endpoint, each hit exactly once", () => {
  it("runs the 17 calls of the mock's sequence with no extra auth call", async () => {
    const client = h.client();
    h.sim.resetStats();
    const profile = findProfile(17)!;

    await client.authenticate(); // A
    await client.refresh(); // B
    const created = await client.createSingleCertBatch({
      authorityId: 423,
      batchName: "contract every endpoint",
      profileParams: buildProfileParams(profile, { commonName: "every.example.com", pkcs12Password: generatePkcs12Password() }),
    }); // E
    const csr = await makeCsr({ commonName: "upload.example.com", dnsNames: ["upload.example.com"] });
    const uploaded = await client.uploadCsrBatch(17, "upload.csr", csr.pem); // J
    expect(uploaded.size).toBe(1);
    await h.sim.runDueBatches();
    const detail = await client.batchDetail(created.batchId); // F
    expect(detail.status).toBe(BATCH_STATUS.READY_FOR_DOWNLOAD);
    expect(await client.processingInfo(created.batchId)).toEqual({ active: 0, success: 1, failed: 0 }); // H
    expect(await client.batchStatus(created.batchId)).toBe("READY_FOR_DOWNLOAD"); // G (prose, normalized)
    const zip = await client.download(created.batchId); // I
    expect(zip.fileName).toBe(`${created.batchId}.zip`);
    expect(readZip(zip.data).map((e) => e.name)).toEqual(["every.example.com.p12"]);
    const licenses = await client.licensesUsed(); // K
    expect(licenses.issued).toBeGreaterThanOrEqual(2);
    const authorities = await client.userAuthorities(); // C
    expect(authorities.map((a) => a.id)).toEqual([423, 489]);
    expect(await client.authorityAvailableBalance(423)).toBeGreaterThan(0); // D
    const org = await client.organization(); // O
    expect(org.authorities).toHaveLength(2);
    const profiles = await client.profiles(); // L
    expect(profiles.map((p) => p.profileId).sort()).toEqual([17, 85]);
    const params = await client.profileParams(85); // N
    expect(params.map((p) => p.name)).toEqual([...findProfile(85)!.required]);
    const profileDetail = await client.profileDetail(17); // M
    expect(profileDetail.profileName).toBe("CipherTrace EE");
    const found = await client.findCertificate({ commonName: "every.example.com" }); // P
    expect(found.totalCount).toBe(1);
    await client.revokeCertificate(17, 4, found.items[0]!.serialNumber); // Q

    const calls = h.sim.stats().calls;
    const expected = [
      "POST /auth/pwd",
      "POST /auth/refresh",
      "PUT /api/v1/batches/createSingleCertBatch",
      "POST /api/v1/batches/upload",
      "GET /api/v1/batches/{batchId}",
      "GET /api/v1/batches/{batchId}/processing_info",
      "GET /api/v1/batches/{batchId}/status",
      "GET /api/v1/batches/{batchId}/download",
      "GET /api/v1/devices",
      "GET /api/v1/authorities/allowed",
      "GET /api/v1/authorities/{authorityId}/balanceavailable",
      "GET /api/v1/organizations/user",
      "GET /api/v1/profiles",
      "GET /api/v1/profiles/{profileId}/parameters",
      "GET /api/v1/profiles/{profileId}",
      "POST /api/v1/certificates/find",
      "POST /api/v1/certificates/{profileId}/revoke",
    ];
    for (const endpoint of expected) expect({ endpoint, n: calls[endpoint] }).toEqual({ endpoint, n: 1 });
    expect(h.sim.stats().totalCalls).toBe(expected.length);
  });

  it("downloadTo writes <dir>/<filename> and refuses a missing directory before any request", async () => {
    const client = h.client();
    const created = await client.createSingleCertBatch({
      authorityId: 423,
      batchName: "contract downloadTo",
      profileParams: buildProfileParams(findProfile(17)!, { commonName: "dl.example.com", pkcs12Password: generatePkcs12Password() }),
    });
    await h.sim.runDueBatches();
    const dir = await tempDir("contract-dl-");
    const file = await client.downloadTo(created.batchId, dir);
    expect(file).toBe(path.join(dir, `${created.batchId}.zip`));
    expect((await fs.stat(file)).size).toBeGreaterThan(100);

    h.sim.resetStats();
    await expect(client.downloadTo(created.batchId, path.join(dir, "missing"))).rejects.toThrow(/does not exist/);
    const notDir = path.join(dir, "file.txt");
    await fs.writeFile(notDir, "x");
    await expect(client.downloadTo(created.batchId, notDir)).rejects.toThrow(/is not a directory/);
    expect(h.sim.stats().totalCalls).toBe(0);
  });
});
