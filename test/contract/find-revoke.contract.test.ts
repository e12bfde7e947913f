// docs/sectigo-protocol.md §5, client ↔ simulator: find by serial and by common name,
// revoke with a reason (unknown serial, repeat, reason 7), the batch download that fails
// afterwards, and the CRL that lists the serial with its reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCrlEntry, formatSerialColons, parseCrl } from "@/lib/pki";
import { buildProfileParams, findProfile, generatePkcs12Password, parseReason, type SectigoClient } from "@/lib/sectigo";
import { startHarness, waitForBatch, type Harness } from "./support";

let h: Harness;
let client: SectigoClient;
let serial: string;
let batchId: number;

async function issue(commonName: string): Promise<{ batchId: number; serial: string }> {
  const created = await client.createSingleCertBatch({
    authorityId: 423,
    batchName: `contract ${commonName}`,
    profileParams: buildProfileParams(findProfile(17)!, { commonName, pkcs12Password: generatePkcs12Password() }),
  });
  await waitForBatch(client, created.batchId);
  const found = await client.findCertificate({ commonName });
  const item = found.items.find((i) => i.status !== "REVOKED");
  if (!item) throw new Error(`no certificate for ${commonName}`);
  return { batchId: created.batchId, serial: item.serialNumber };
}

async function crl() {
  const res = await fetch(`${h.sim.url}/crl/issuing-ca.crl`);
  expect(res.headers.get("content-type")).toBe("application/pkix-crl");
  return parseCrl(new Uint8Array(await res.arrayBuffer()));
}

beforeAll(async () => {
  h = await startHarness({ processingDelayMs: 0 });
  client = h.client();
  ({ batchId, serial } = await issue("findme.example.com"));
  await issue("findme.example.com"); // a second certificate for the same CN
});
afterAll(async () => h.close());

describe("find", () => {
  it("refuses an empty query with 400", async () => {
    await expect(client.findCertificate({})).rejects.toMatchObject({ status: 400 });
  });

  it("finds exactly one certificate by serial, in any usual form", async () => {
    for (const form of [serial, serial.toLowerCase(), formatSerialColons(serial)]) {
      const found = await client.findCertificate({ serialNumber: form });
      expect(found.totalCount).toBe(1);
      expect(found.items[0]!.serialNumber).toBe(serial);
    }
  });

  it("finds every certificate of a common name, in the {totalCount, items} shape", async () => {
    const found = await client.findCertificate({ commonName: "findme.example.com" });
    expect(found.totalCount).toBe(2);
    expect(found.items).toHaveLength(2);
    for (const item of found.items) {
      expect(item.commonName).toContain("CN=findme.example.com");
      expect(item.status).toBe("READY_FOR_DOWNLOAD");
      expect(item.deviceId).not.toBe("");
    }
  });
});

describe("revoke", () => {
  it("refuses an unknown serial with 404 and reason 7 with a clear error before any call", async () => {
    await expect(client.revokeCertificate(17, 1, "0123456789ABCDEF")).rejects.toMatchObject({ status: 404 });
    expect(() => parseReason("value 7 is not used")).toThrow(/7/);
    await expect(client.revokeCertificate(17, 7, serial)).rejects.toThrow();
    expect((await client.findCertificate({ serialNumber: serial })).items[0]!.status).toBe("READY_FOR_DOWNLOAD");
  });

  it("revokes: find shows REVOKED, the CRL lists it with the reason, the download then fails", async () => {
    expect(findCrlEntry(await crl(), serial)).toBeUndefined();
    await client.revokeCertificate(17, parseReason("Key Compromise").code, serial);
    expect((await client.findCertificate({ serialNumber: serial })).items[0]!.status).toBe("REVOKED");
    const list = await crl();
    const entry = list.entries.find((e) => e.serial === serial);
    expect(entry?.reasonCode).toBe(1);
    await expect(client.download(batchId)).rejects.toMatchObject({ status: 500 });
  });

  it("a second revoke of the same serial succeeds and changes nothing", async () => {
    const before = await crl();
    await client.revokeCertificate(17, 4, serial);
    const after = await crl();
    expect(after.entries.filter((e) => e.serial === serial)).toEqual(before.entries.filter((e) => e.serial === serial));
    expect(after.entries.find((e) => e.serial === serial)?.reasonCode).toBe(1);
  });
});
