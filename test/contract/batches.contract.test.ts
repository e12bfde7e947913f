// docs/sectigo-protocol.md §2.4–§2.6 and §4, client ↔ simulator: a single-certificate
// batch from create to a PKCS#12 that opens with its password and chains to the
// simulator's CA; the decision table driven by real replies; CSR uploads good and bad;
// the validation the simulator applies to create.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractCertificateFromDownload, inspectDownload, parseCertificate } from "@/lib/pki";
import {
  batchResponseSchema,
  buildProfileParams,
  checkBatch,
  findProfile,
  generatePkcs12Password,
  SectigoError,
  type SectigoClient,
} from "@/lib/sectigo";
import { startHarness, waitForBatch, type Harness } from "./support";
import { makeCsr } from "./csr";

let h: Harness;
let client: SectigoClient;
beforeAll(async () => {
  h = await startHarness({ processingDelayMs: 150 });
  client = h.client();
});
afterAll(async () => h.close());

function params(profileId: 17 | 85, commonName: string, password: string, dnsNames: string[] = []) {
  return buildProfileParams(findProfile(profileId)!, {
    commonName,
    dnsNames,
    pkcs12Password: password,
    organizationName: "Contract VASP Ltd",
    localityName: "Berlin",
    stateOrProvinceName: "Berlin",
    countryName: "DE",
  });
}

describe("single-certificate batch", () => {
  it("is processed, then downloadable, and its PKCS#12 opens with the batch password", async () => {
    const password = generatePkcs12Password();
    const balanceBefore = await client.authorityAvailableBalance(489);
    const issuedBefore = (await client.licensesUsed()).issued;
    const created = await client.createSingleCertBatch({
      authorityId: 489,
      batchName: "contract single 85",
      profileParams: params(85, "vasp85.example.com", password, ["api.vasp85.example.com"]),
    });
    // Every one of the 13 BatchResponse fields is there and typed (docs/sectigo-protocol.md §2.2).
    expect(batchResponseSchema.strict().safeParse(created).success).toBe(true);
    expect(created.status).toBe("PROCESSING");
    expect(created.creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(created.profile).toBe("CipherTrace End Entity Certificate");

    // Before it is ready: the decision table waits and the download is refused (400).
    const early = await checkBatch(client, created.batchId);
    expect(early.decision.kind).toBe("wait");
    await expect(client.download(created.batchId)).rejects.toMatchObject({ status: 400 });

    expect(await waitForBatch(client, created.batchId)).toBe("READY_FOR_DOWNLOAD");
    const ready = await checkBatch(client, created.batchId);
    expect(ready.decision.kind).toBe("download");
    expect(ready.info).toEqual({ active: 0, success: 1, failed: 0 });
    expect(ready.detail.downloadable).toBe(true);
    expect((await client.licensesUsed()).issued).toBe(issuedBefore + 1);
    expect(await client.authorityAvailableBalance(489)).toBe(balanceBefore - 1);

    const zip = await client.download(created.batchId);
    const contents = extractCertificateFromDownload(zip.data, zip.fileName, password);
    const [leaf, issuing, root] = contents.certificates;
    expect(contents.certificates).toHaveLength(3);
    expect(leaf!.subject.commonName).toBe("vasp85.example.com");
    expect(leaf!.subject.organization).toBe("Contract VASP Ltd");
    expect(leaf!.subject.country).toBe("DE");
    expect(leaf!.dnsNames).toEqual(["vasp85.example.com", "api.vasp85.example.com"]);
    expect(leaf!.extendedKeyUsage).toEqual(expect.arrayContaining(["clientAuth", "serverAuth"]));
    expect(leaf!.serial).toMatch(/^[0-9A-F]+$/);
    expect(leaf!.issuer.text).toBe(issuing!.subject.text);
    expect(issuing!.issuer.text).toBe(root!.subject.text);
    expect(root!.selfSigned).toBe(true);
    expect(leaf!.crlDistributionPoints).toEqual([`${h.sim.url}/crl/issuing-ca.crl`]);
    expect(parseCertificate(h.sim.caChainPem().issuing).fingerprints.sha256).toBe(issuing!.fingerprints.sha256);

    // The wrong password is a clear error, not a crash.
    expect(() => extractCertificateFromDownload(zip.data, zip.fileName, "not-the-password")).toThrow(/password/i);
  });

  it("profile 17 fills the subject defaults and puts the common name first in the SAN", async () => {
    const password = generatePkcs12Password();
    const created = await client.createSingleCertBatch({
      authorityId: 423,
      batchName: "contract single 17",
      profileParams: buildProfileParams(findProfile(17)!, {
        commonName: "vasp17.example.com",
        dnsNames: ["alt.vasp17.example.com"],
        pkcs12Password: password,
      }),
    });
    await waitForBatch(client, created.batchId);
    const zip = await client.download(created.batchId);
    const leaf = extractCertificateFromDownload(zip.data, zip.fileName, password).certificates[0]!;
    expect(leaf.dnsNames).toEqual(["vasp17.example.com", "alt.vasp17.example.com"]);
    expect(leaf.subject.organization).toBe("TRISA Member VASP");
    expect(leaf.subject.locality).toBe("Menlo Park");
  });
});

describe("create validation", () => {
  const good = () => params(17, "valid.example.com", generatePkcs12Password());

  it("refuses an unknown authority", async () => {
    await expect(
      client.createSingleCertBatch({ authorityId: 999, batchName: "x", profileParams: good() }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/unknown profile/i) });
  });

  it("refuses a missing common name, a missing password, an invalid domain and an extra parameter", async () => {
    const without = (key: string) => Object.fromEntries(Object.entries(good()).filter(([k]) => k !== key));
    for (const profileParams of [
      without("commonName"),
      without("pkcs12Password"),
      { ...good(), commonName: "not a domain", dNSName: "not a domain" },
      { ...good(), organizationName: "Extra" },
    ]) {
      const err = await client
        .createSingleCertBatch({ authorityId: 423, batchName: "bad", profileParams })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SectigoError);
      expect(err).toMatchObject({ status: 400 });
    }
  });

  it("refuses bad JSON with 400", async () => {
    await client.authenticate();
    const res = await fetch(`${h.sim.url}/api/v1/batches/createSingleCertBatch`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${await bearer()}`, "Content-Type": "application/json;charset=UTF-8" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
  });
});

async function bearer(): Promise<string> {
  const res = await fetch(`${h.sim.url}/auth/pwd`, {
    method: "POST",
    headers: { "Content-Type": "application/json;charset=UTF-8" },
    body: JSON.stringify({ username: "contract-user", password: "contract-password-123" }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe("CSR upload", () => {
  it("signs every CSR of a file with two PEM CSRs; the ZIP holds a PEM chain per certificate", async () => {
    const a = await makeCsr({ commonName: "one.example.com", dnsNames: ["one.example.com"] });
    const b = await makeCsr({ commonName: "two.example.com", dnsNames: ["two.example.com", "www.two.example.com"] });
    const batch = await client.uploadCsrBatch(17, "two.csr", `${a.pem}\n${b.pem}\n`);
    expect(batch.size).toBe(2);
    expect(await waitForBatch(client, batch.batchId)).toBe("READY_FOR_DOWNLOAD");
    expect(await client.processingInfo(batch.batchId)).toEqual({ active: 0, success: 2, failed: 0 });
    const zip = await client.download(batch.batchId);
    const inspected = inspectDownload(zip.data);
    expect(inspected.entries.map((e) => e.kind)).toEqual(["pem", "pem"]);
    const leaves = inspected.entries.map((e) => e.certificates[0]!);
    expect(leaves.map((l) => l.subject.commonName).sort()).toEqual(["one.example.com", "two.example.com"]);
    expect(leaves.find((l) => l.subject.commonName === "two.example.com")!.dnsNames).toEqual([
      "two.example.com",
      "www.two.example.com",
    ]);
    for (const entry of inspected.entries) expect(entry.certificates).toHaveLength(3);
  });

  it("a forged CSR makes the batch NOT_ACCEPTABLE with a reason, and the decision table calls it errored", async () => {
    const good = await makeCsr({ commonName: "good.example.com", dnsNames: ["good.example.com"] });
    const victim = await makeCsr({ commonName: "victim.example.com", dnsNames: ["victim.example.com"] });
    // Re-sign nothing: swap the subject bytes so the signature no longer matches.
    const forged = forge(victim.pem);
    const batch = await client.uploadCsrBatch(17, "mixed.csr", `${good.pem}\n${forged}`);
    const status = await waitForBatch(client, batch.batchId);
    expect(status).toMatch(/^NOT_ACCEPTABLE/);
    const check = await checkBatch(client, batch.batchId);
    expect(check.detail.rejectReason).toMatch(/signature/i);
    expect(["errored", "rejected"]).toContain(check.decision.kind);
  });

  it("a CSR without a SAN DNS name makes the batch BROKEN with Sectigo's message", async () => {
    const bare = await makeCsr({ commonName: "bare.example.com", dnsNames: [] });
    const batch = await client.uploadCsrBatch(17, "bare.csr", bare.pem);
    expect(await waitForBatch(client, batch.batchId)).toBe("BROKEN");
    const detail = await client.batchDetail(batch.batchId);
    expect(detail.rejectReason).toBe("Cert subject name error: SubjectAlternativeName dNSName value is missing");
  });
});

/** Flips one byte inside the CSR's subject so its signature fails but it still parses. */
function forge(pem: string): string {
  const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const der = Buffer.from(b64, "base64");
  const at = der.indexOf(Buffer.from("victim"));
  if (at < 0) throw new Error("fixture: subject not found");
  der[at] = "V".charCodeAt(0);
  const body = der.toString("base64").replace(/(.{64})/g, "$1\n");
  return `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`;
}
