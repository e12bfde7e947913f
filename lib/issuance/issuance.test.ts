// Issuance end to end against the real simulator over HTTP and a real (temporary) database:
// a single certificate from the form to the inventory, validation before any Sectigo call,
// CSR uploads, rejected batches, the background poller, and Sectigo failing meanwhile.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getBatch } from "@/db/queries/batches";
import { searchCertificates } from "@/db/queries/certificates";
import { batches, certificates } from "@/db/schema";
import { verifyAuditChain } from "@/lib/audit/verify";
import { AppError } from "@/lib/errors";
import { getCertificateDetail } from "@/lib/inventory/detail";
import { SectigoClient } from "@/lib/sectigo";
import { waitFor } from "@/lib/simulator/test-support";
import { advanceBatch } from "./advance";
import { listIssuingAuthorities } from "./authorities";
import { getBatchDetail, listBatches } from "./batch-dto";
import { createSingleCertificate } from "./create-single";
import { previewCsrs, uploadCsrs } from "./csr-upload";
import { downloadBatchZip } from "./download";
import { InvalidInputError } from "@/lib/domain/errors";
import { startBatchPoller } from "./poller";
import {
  advanceUntil,
  auditRows,
  AUTHORITY_EE,
  AUTHORITY_END_ENTITY,
  csrPem,
  expectNotInAudit,
  forgedCsrPem,
  isFinal,
  openTestDb,
  startHarness,
  type Harness,
  type TestDb,
} from "./test-support";

let h: Harness;
let t: TestDb;

beforeAll(async () => {
  h = await startHarness("issuance-test-");
  await h.client.ensureAuthenticated();
}, 60_000);
afterAll(async () => h.close());
afterEach(() => {
  h.sim.faults.clear();
  t?.temp.cleanup();
});

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const actions = (db: TestDb["db"]) => auditRows(db).map((r) => `${r.action}:${r.outcome}`);

describe("a single certificate, from the form to the inventory", () => {
  it("issues, downloads once, indexes the public parts, wipes the password and audits each step without it", async () => {
    t = openTestDb(h.client);
    const { batch, pkcs12Password } = await createSingleCertificate(t.ctx, {
      authorityId: AUTHORITY_EE,
      commonName: "trisa.alpha.example.com",
      dnsNames: ["api.alpha.example.com"],
    });
    expect(pkcs12Password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(batch).toMatchObject({
      kind: "single",
      state: "processing",
      profileId: 17,
      profileName: "CipherTrace EE",
      authorityId: AUTHORITY_EE,
      batchName: "new certs for trisa.alpha.example.com",
      dnsNames: ["trisa.alpha.example.com", "api.alpha.example.com"],
      createdBy: { id: 7, email: "op@example.com" },
    });
    expect(batch.sectigoBatchId).toBeGreaterThan(0);
    expect(JSON.stringify(batch)).not.toContain(pkcs12Password);
    // Kept only encrypted until the batch is indexed.
    const stored = getBatch(t.db, batch.id);
    expect(stored?.pkcs12PasswordEnc).toBeTruthy();
    expect(stored?.pkcs12PasswordEnc).not.toContain(pkcs12Password);

    const done = await advanceUntil(h, t.db, batch.id, isFinal);
    expect(done).toMatchObject({ state: "indexed", status: "READY_FOR_DOWNLOAD", progress: 1, lastError: null });
    expect(done.downloadedAt).not.toBeNull();
    expect(getBatch(t.db, batch.id)?.pkcs12PasswordEnc).toBeNull();

    const rows = t.db.select().from(certificates).where(eq(certificates.batchId, batch.id)).all();
    expect(rows).toHaveLength(1);
    const cert = rows[0]!;
    expect(cert).toMatchObject({ commonName: "trisa.alpha.example.com", source: "batch", profileId: 17, status: "valid" });
    expect(cert.sans.split("\n")).toEqual(["trisa.alpha.example.com", "api.alpha.example.com"]);
    expect(cert.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(cert.chainPem).toMatch(/BEGIN CERTIFICATE/);
    expect(JSON.stringify(rows)).not.toMatch(/PRIVATE KEY/);

    expect(actions(t.db)).toEqual([
      "batch.create:requested",
      "batch.create:succeeded",
      "batch.download:requested",
      "batch.download:succeeded",
    ]);
    const audit = auditRows(t.db);
    expect(audit[0]).toMatchObject({ actorEmail: "op@example.com", targetType: "batch", targetId: String(batch.id), ip: "203.0.113.9" });
    expect(audit[0]?.details).toMatchObject({ authorityId: AUTHORITY_EE, profileId: 17, commonName: "trisa.alpha.example.com", batchName: batch.batchName });
    expect(audit[2]).toMatchObject({ actorEmail: "system", targetId: String(batch.id) });
    expect(audit[3]?.details).toMatchObject({ extracted: true, certificates: 1, serials: [cert.serial] });
    expectNotInAudit(t.db, pkcs12Password);
    expect(JSON.stringify(audit)).not.toMatch(/PRIVATE KEY/);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    const detail = getBatchDetail(t.db, batch.id);
    expect(detail?.batch.state).toBe("indexed");
    expect(detail?.state).toBe("indexed");
    expect(detail?.certificates.map((c) => c.serial)).toEqual([cert.serial]);
    expect(detail?.history.map((e) => `${e.action}:${e.outcome}`)).toContain("batch.download:succeeded");
  });

  it("fills the MainNet profile's subject from the form and the certificate carries it", async () => {
    t = openTestDb(h.client);
    const { batch } = await createSingleCertificate(t.ctx, {
      authorityId: AUTHORITY_END_ENTITY,
      commonName: "trisa.beta.example.com",
      dnsNames: [],
      organizationName: "Beta VASP Ltd",
      localityName: "Zug",
      stateOrProvinceName: "Zug",
      countryName: "CH",
      batchName: "beta onboarding",
    });
    expect(batch).toMatchObject({ profileId: 85, profileName: "CipherTrace End Entity Certificate", batchName: "beta onboarding" });
    await advanceUntil(h, t.db, batch.id, isFinal);
    const [row] = searchCertificates(t.db, { batchId: batch.id }).items;
    const detail = getCertificateDetail(t.db, row!.serial);
    expect(detail?.decoded?.subject).toMatchObject({ commonName: "trisa.beta.example.com", organization: "Beta VASP Ltd", locality: "Zug", country: "CH" });
  });

  it("two advances at once download the batch only once", async () => {
    t = openTestDb(h.client);
    const { batch } = await createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "twice.example.com", dnsNames: [] });
    await h.sim.runDueBatches();
    const [a, b] = await Promise.all([advanceBatch(t.db, h.client, batch.id), advanceBatch(t.db, h.client, batch.id)]);
    expect(a.state).toBe("indexed");
    expect(b.state).toBe("indexed");
    expect(actions(t.db).filter((x) => x === "batch.download:requested")).toHaveLength(1);
  });
});

describe("validation happens before Sectigo is called", () => {
  async function invalid(input: Parameters<typeof createSingleCertificate>[1]): Promise<InvalidInputError> {
    const err = await rejection(createSingleCertificate(t.ctx, input));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.code).toBe("INVALID_INPUT");
    return err as InvalidInputError;
  }

  it("a common name that is not a host name, and an empty extra name, are field errors with no call at all", async () => {
    t = openTestDb(h.client);
    h.sim.resetStats();
    const bad = await invalid({ authorityId: AUTHORITY_EE, commonName: "not a host!", dnsNames: ["ok.example.com", " "] });
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["commonName", "dnsNames"]);
    expect(bad.fieldErrors.commonName?.[0]).toMatch(/not a DNS host name/);
    expect(bad.fieldErrors.dnsNames?.[0]).toMatch(/empty/);
    expect(h.sim.stats().totalCalls).toBe(0);
    expect(t.db.select().from(batches).all()).toHaveLength(0);
    expect(auditRows(t.db)).toHaveLength(0);
  });

  it("the MainNet profile's missing or malformed subject fields are named, and nothing is created or charged", async () => {
    t = openTestDb(h.client);
    h.sim.resetStats();
    const missing = await invalid({ authorityId: AUTHORITY_END_ENTITY, commonName: "gamma.example.com", dnsNames: [], countryName: "usa" });
    expect(Object.keys(missing.fieldErrors).sort()).toEqual(["countryName", "localityName", "organizationName", "stateOrProvinceName"]);
    expect(missing.fieldErrors.organizationName?.[0]).toMatch(/required for the CipherTrace End Entity Certificate profile/);
    expect(missing.fieldErrors.countryName?.[0]).toMatch(/two-letter/);
    const calls = h.sim.stats().calls;
    expect(calls["PUT /api/v1/batches/createSingleCertBatch"]).toBeUndefined();
    expect(calls["GET /api/v1/authorities/{authorityId}/balanceavailable"]).toBeUndefined();
    expect(auditRows(t.db)).toHaveLength(0);
  });

  it("an authority without balance is refused with a sentence naming it", async () => {
    class EmptyAuthorities extends SectigoClient {
      override async authorityAvailableBalance(): Promise<number> {
        return 0;
      }
    }
    const client = new EmptyAuthorities({ endpoint: h.sim.url, username: "tester", password: "supersecretsquirrel" });
    t = openTestDb(client);
    h.sim.resetStats();
    const err = await rejection(createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "delta.example.com", dnsNames: [] }));
    expect(err.code).toBe("NO_BALANCE");
    expect(err.userMessage).toMatch(/^Authority 423 \(CipherTrace EE\) has no balance left/);
    expect(h.sim.stats().calls["PUT /api/v1/batches/createSingleCertBatch"]).toBeUndefined();
    expect(t.db.select().from(batches).all()).toHaveLength(0);
  });

  it("a 400 from Sectigo is a failed outcome with Sectigo's words, and the batch row says errored", async () => {
    t = openTestDb(h.client);
    h.sim.faults.inject({ kind: "status", status: 400, match: "/api/v1/batches/createSingleCertBatch" });
    const err = await rejection(createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "epsilon.example.com", dnsNames: [] }));
    expect(err.code).toBe("SECTIGO_FAILED");
    expect(err.userMessage).toMatch(/^Sectigo refused it \(HTTP 400\).*; no batch was created\.$/);
    expect(actions(t.db)).toEqual(["batch.create:requested", "batch.create:failed"]);
    const [row] = t.db.select().from(batches).all();
    expect(row).toMatchObject({ state: "errored", sectigoBatchId: null });
    expect(row?.lastError).toBeTruthy();
  });
});

describe("CSR uploads", () => {
  it("previews each CSR, submits only the good ones, and indexes what Sectigo issued", async () => {
    t = openTestDb(h.client);
    const text = [await csrPem("good.zeta.example.com"), await forgedCsrPem("forged.zeta.example.com"), await csrPem("nosan.zeta.example.com", [])].join("\n");
    const preview = await previewCsrs(text);
    expect(preview.map((p) => p.ok)).toEqual([true, false, false]);
    expect(preview[0]).toMatchObject({ commonName: "good.zeta.example.com", keyAlgorithm: "RSA", keySize: 2048, signatureValid: true, problems: [] });
    expect(preview[1]).toMatchObject({ signatureValid: false, error: { code: "BAD_SIGNATURE" } });
    expect(preview[2]?.problems.join(" ")).toMatch(/No DNS name/);

    const { batch, submitted, skipped } = await uploadCsrs(t.ctx, { profileId: 17, fileName: "../zeta csrs.pem", csrText: text, onlyValid: true });
    expect({ submitted, skipped }).toEqual({ submitted: 1, skipped: 2 });
    expect(batch).toMatchObject({ kind: "csr", size: 1, state: "processing", batchName: "zeta csrs.pem", commonName: "good.zeta.example.com" });
    const done = await advanceUntil(h, t.db, batch.id, isFinal);
    expect(done.state).toBe("indexed");
    expect(searchCertificates(t.db, { batchId: batch.id }).items.map((c) => c.commonName)).toEqual(["good.zeta.example.com"]);
    expect(actions(t.db)).toEqual(["csr.upload:requested", "csr.upload:succeeded", "batch.download:requested", "batch.download:succeeded"]);
    expect(auditRows(t.db)[0]?.details).toMatchObject({ submitted: 1, skipped: 2, profileId: 17 });
  });

  it("refuses when no CSR is good, and whole-text problems are input errors", async () => {
    t = openTestDb(h.client);
    const err = await rejection(uploadCsrs(t.ctx, { profileId: 17, fileName: "x.pem", csrText: await forgedCsrPem("only.example.com") }));
    expect(err.code).toBe("NO_VALID_CSR");
    await expect(previewCsrs("   ")).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { csrText: [expect.stringMatching(/empty/)] } });
    await expect(previewCsrs("x".repeat(1024 * 1024 + 1))).rejects.toMatchObject({ code: "INVALID_INPUT", userMessage: expect.stringMatching(/1 MiB/) });
    expect(auditRows(t.db)).toHaveLength(0);
  });

  it("a CSR without a SAN sent unfiltered makes the batch end rejected with Sectigo's reason", async () => {
    t = openTestDb(h.client);
    const { batch } = await uploadCsrs(t.ctx, { profileId: 17, fileName: "nosan.pem", csrText: await csrPem("nosan.eta.example.com", []), onlyValid: false });
    const done = await advanceUntil(h, t.db, batch.id, isFinal);
    expect(done).toMatchObject({ state: "rejected", status: "BROKEN", progress: 1 });
    expect(done.rejectReason).toMatch(/SubjectAlternativeName dNSName value is missing/);
    expect(actions(t.db)).not.toContain("batch.download:requested");
  });
});

describe("batches advance in the background and through failures", () => {
  it("the poller takes a batch to the inventory without anyone calling", async () => {
    t = openTestDb(h.client);
    const { batch } = await createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "theta.example.com", dnsNames: [] });
    const db = t.db;
    const lines: string[] = [];
    const poller = startBatchPoller({ db: () => db, client: async () => h.client, intervalMs: 50, log: (l) => lines.push(l) });
    try {
      await waitFor(
        async () => getBatch(db, batch.id)?.state,
        (state) => state === "indexed",
        45_000,
      );
    } finally {
      poller.stop();
    }
    expect(searchCertificates(db, { batchId: batch.id }).items).toHaveLength(1);
    expect(lines).toEqual([]);
  }, 60_000);

  it("Sectigo down while checking: the batch stays, says why, backs off, then recovers", async () => {
    t = openTestDb(h.client);
    const { batch } = await createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "iota.example.com", dnsNames: [] });
    h.sim.faults.inject({ kind: "status", status: 503, match: `/api/v1/batches/${batch.sectigoBatchId}`, count: 2 });
    const first = await advanceBatch(t.db, h.client, batch.id);
    expect(first).toMatchObject({ state: "processing", sectigoBatchId: batch.sectigoBatchId });
    expect(first.lastError).toMatch(/^Sectigo answered with a server error \(HTTP 503\).*the batch was not checked/);
    const row1 = getBatch(t.db, batch.id)!;
    expect(Date.parse(row1.nextCheckAt!) - Date.parse(row1.lastCheckedAt!)).toBe(5_000);
    expect(row1.pkcs12PasswordEnc).toBeTruthy();

    await advanceBatch(t.db, h.client, batch.id);
    const row2 = getBatch(t.db, batch.id)!;
    expect(Date.parse(row2.nextCheckAt!) - Date.parse(row2.lastCheckedAt!)).toBe(15_000);

    const done = await advanceUntil(h, t.db, batch.id, isFinal);
    expect(done).toMatchObject({ state: "indexed", lastError: null });
  });

  it("a failed download keeps the password and the state, is audited, and is retried", async () => {
    t = openTestDb(h.client);
    const { batch } = await createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "kappa.example.com", dnsNames: [] });
    await h.sim.runDueBatches();
    h.sim.faults.inject({ kind: "status", status: 503, match: `/api/v1/batches/${batch.sectigoBatchId}/download` });
    const failed = await advanceBatch(t.db, h.client, batch.id);
    expect(failed.state).toBe("ready");
    expect(failed.lastError).toBeTruthy();
    expect(getBatch(t.db, batch.id)?.pkcs12PasswordEnc).toBeTruthy();
    // A 503 is Sectigo's answer: the download failed, and a GET is safe to repeat.
    expect(actions(t.db).slice(-2)).toEqual(["batch.download:requested", "batch.download:failed"]);
    const done = await advanceBatch(t.db, h.client, batch.id);
    expect(done.state).toBe("indexed");
  });
});

describe("lists, authorities and the operator's ZIP download", () => {
  it("lists batches newest first with filters, and hands an operator the ZIP, audited", async () => {
    t = openTestDb(h.client);
    const a = await createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "lambda.example.com", dnsNames: [] });
    const b = await uploadCsrs(t.ctx, { profileId: 17, fileName: "mu.pem", csrText: await csrPem("mu.example.com") });
    expect(listBatches(t.db, { page: 1, pageSize: 10 })).toMatchObject({ total: 2, items: [{ id: b.batch.id }, { id: a.batch.id }] });
    expect(listBatches(t.db, { kind: "csr", page: 1, pageSize: 10 }).items.map((x) => x.id)).toEqual([b.batch.id]);
    expect(listBatches(t.db, { page: 2, pageSize: 1 }).items.map((x) => x.id)).toEqual([a.batch.id]);
    expect(JSON.stringify(listBatches(t.db, {}))).not.toMatch(/pkcs12PasswordEnc|v1\./);

    await advanceUntil(h, t.db, a.batch.id, isFinal);
    const zip = await downloadBatchZip(t.ctx, a.batch.id);
    expect(zip.fileName).toMatch(/\.zip$/);
    expect(zip.data.byteLength).toBeGreaterThan(100);
    const last = auditRows(t.db).at(-1);
    expect(last).toMatchObject({ action: "batch.download", outcome: "succeeded", actorEmail: "op@example.com" });
    expect(last?.details).toMatchObject({ fileName: zip.fileName, bytes: zip.data.byteLength });
  });

  it("lists the authorities with their profile, balance and required parameters", async () => {
    const list = await listIssuingAuthorities(h.client);
    const ee = list.find((a) => a.authorityId === AUTHORITY_EE);
    const end = list.find((a) => a.authorityId === AUTHORITY_END_ENTITY);
    expect(ee).toMatchObject({ profileId: 17, profileName: "CipherTrace EE", network: "TestNet", supported: true, enabled: true });
    expect(ee?.balance).toBeGreaterThan(0);
    expect(ee?.parameters.map((p) => p.name)).toEqual(["commonName", "dNSName", "pkcs12Password"]);
    expect(end?.parameters.map((p) => p.name)).toContain("organizationName");
  });
});
