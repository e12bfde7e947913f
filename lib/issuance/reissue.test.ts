// Reissue end to end against the real simulator and a temporary database: a single
// certificate and a CSR certificate are reissued through the ordinary batches, the batch
// names the old serial, indexing links the new certificate back, the audit entries say
// what was reissued, the replacement state follows, and a revoked certificate is refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getBatch } from "@/db/queries/batches";
import { getCertificateBySerial, searchCertificates } from "@/db/queries/certificates";
import { replacedByOfSerials, replacementStateOf } from "@/db/queries/reissue-links";
import { isAppError } from "@/lib/errors";
import { searchInventory } from "@/lib/inventory/search";
import { ecKeys, makeCsr } from "@/lib/pki/testdata/make";
import { revokeCertificate } from "@/lib/revocation/revoke";
import { createSingleCertificate } from "./create-single";
import { reissuePlan, reissueSingle, reissueWithCsr } from "./reissue";
import { advanceUntil, auditRows, AUTHORITY_EE, csrPem, isFinal, issueForTest, openTestDb, startHarness, type Harness, type TestDb } from "./test-support";

let h: Harness;
let t: TestDb;

beforeAll(async () => {
  h = await startHarness("reissue-test-");
  await h.client.ensureAuthenticated();
}, 60_000);
afterAll(async () => h.close());
afterEach(() => t?.temp.cleanup());

async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

/** Issues one single certificate and returns its serial once indexed. */
async function issueSingle(commonName: string, dnsNames: string[] = []): Promise<string> {
  const { batch } = await createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName, dnsNames });
  await advanceUntil(h, t.db, batch.id, isFinal);
  const [cert] = searchCertificates(t.db, { batchId: batch.id }).items;
  if (!cert) throw new Error("no certificate indexed");
  return cert.serial;
}

describe("reissuing a certificate from a single-certificate batch", () => {
  it("prefills the names, starts a batch naming the old serial, links the new certificate on indexing, and audits it", async () => {
    t = openTestDb(h.client);
    const old = await issueSingle("trisa.renew.example.com", ["api.renew.example.com"]);

    const plan = reissuePlan(t.db, old.toLowerCase());
    expect(plan).toMatchObject({ serial: old, kind: "single", commonName: "trisa.renew.example.com", extraDnsNames: ["api.renew.example.com"], profileId: 17, authorityId: AUTHORITY_EE });
    expect(plan.inProgress).toEqual([]);
    expect(replacementStateOf(t.db, old)).toBe("none");

    const { batch } = await reissueSingle(t.ctx, old, { authorityId: AUTHORITY_EE, commonName: plan.commonName, dnsNames: [...plan.extraDnsNames, "new.renew.example.com"] });
    expect(getBatch(t.db, batch.id)?.reissueOfSerial).toBe(old);
    expect(replacementStateOf(t.db, old)).toBe("in-progress");
    expect(reissuePlan(t.db, old).inProgress.map((b) => b.id)).toEqual([batch.id]);
    const create = auditRows(t.db).filter((r) => r.action === "batch.create" && r.targetId === String(batch.id));
    expect(create.map((r) => r.outcome)).toEqual(["requested", "succeeded"]);
    expect(create[0]?.details).toMatchObject({ reissueOf: old, commonName: "trisa.renew.example.com" });

    await advanceUntil(h, t.db, batch.id, isFinal);
    const [fresh] = searchCertificates(t.db, { batchId: batch.id }).items;
    expect(fresh).toBeDefined();
    expect(fresh!.serial).not.toBe(old);
    expect(getCertificateBySerial(t.db, fresh!.serial)?.replacesSerial).toBe(old);
    expect(fresh!.sans).toContain("new.renew.example.com");
    expect(replacementStateOf(t.db, old)).toBe("replaced");
    expect(replacementStateOf(t.db, fresh!.serial)).toBe("none");
    expect(reissuePlan(t.db, old).replacedBy.map((c) => c.serial)).toEqual([fresh!.serial]);
    // The search page's one look-up for a page of rows.
    expect(replacedByOfSerials(t.db, [old, fresh!.serial])).toEqual(new Map([[old, fresh!.serial]]));
    const rows = searchInventory(t.db, { q: "trisa.renew.example.com" }).items;
    expect(rows.find((r) => r.serial === old)).toMatchObject({ replacedBySerial: fresh!.serial, replacesSerial: null });
    expect(rows.find((r) => r.serial === fresh!.serial)).toMatchObject({ replacedBySerial: null, replacesSerial: old });
  });

  it("refuses a revoked certificate with a sentence before anything reaches Sectigo, and an unknown serial", async () => {
    t = openTestDb(h.client);
    const old = await issueSingle("trisa.gone.example.com");
    await revokeCertificate(t.ctx, { serial: old, reasonCode: 1, confirmation: "trisa.gone.example.com" });
    const before = auditRows(t.db).length;

    const planErr = await refusal(Promise.resolve().then(() => reissuePlan(t.db, old)));
    expect(planErr.code).toBe("NOT_REISSUABLE");
    expect(planErr.userMessage).toMatch(/trisa\.gone\.example\.com is revoked/);
    const err = await refusal(reissueSingle(t.ctx, old, { authorityId: AUTHORITY_EE, commonName: "trisa.gone.example.com", dnsNames: [] }));
    expect(err.code).toBe("NOT_REISSUABLE");
    expect(auditRows(t.db)).toHaveLength(before);

    const unknown = await refusal(Promise.resolve().then(() => reissuePlan(t.db, "ABCDEF")));
    expect(unknown.code).toBe("NOT_FOUND");
  });
});

describe("reissuing a certificate that came from a CSR", () => {
  it("asks for a new CSR and starts a CSR batch of one that replaces it", async () => {
    t = openTestDb(h.client);
    const serials = await issueForTest(h, t, ["trisa.csr-renew.example.com"], "first.pem");
    const old = serials.get("trisa.csr-renew.example.com")!;
    expect(reissuePlan(t.db, old).kind).toBe("csr");

    const csr = (await makeCsr({ name: "CN=trisa.csr-renew.example.com, O=Test VASP, C=US", dns: ["trisa.csr-renew.example.com"], keys: await ecKeys(), ec: true })).toString("pem");
    const { batch, submitted } = await reissueWithCsr(t.ctx, old, { csrText: csr });
    expect(submitted).toBe(1);
    expect(batch).toMatchObject({ kind: "csr", size: 1, profileId: 17 });
    expect(getBatch(t.db, batch.id)?.reissueOfSerial).toBe(old);
    const upload = auditRows(t.db).find((r) => r.action === "csr.upload" && r.targetId === String(batch.id));
    expect(upload?.details).toMatchObject({ reissueOf: old, submitted: 1 });

    await advanceUntil(h, t.db, batch.id, isFinal);
    const [fresh] = searchCertificates(t.db, { batchId: batch.id }).items;
    expect(getCertificateBySerial(t.db, fresh!.serial)?.replacesSerial).toBe(old);
    expect(replacementStateOf(t.db, old)).toBe("replaced");
  });

  it("takes exactly one good CSR", async () => {
    t = openTestDb(h.client);
    const serials = await issueForTest(h, t, ["trisa.csr-two.example.com"], "two.pem");
    const old = serials.get("trisa.csr-two.example.com")!;
    const two = (await csrPem("a.csr-two.example.com")) + (await csrPem("b.csr-two.example.com"));
    const err = await refusal(reissueWithCsr(t.ctx, old, { csrText: two }));
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.userMessage).toMatch(/exactly one CSR; the text holds 2/);
    const noSan = await csrPem("trisa.csr-two.example.com", []);
    const bad = await refusal(reissueWithCsr(t.ctx, old, { csrText: noSan }));
    expect(bad.code).toBe("INVALID_INPUT");
    expect(bad.userMessage).toMatch(/cannot be submitted/);
    expect(getBatch(t.db, 2)).toBeUndefined();
  });
});
