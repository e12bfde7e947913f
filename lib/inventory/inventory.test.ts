// The inventory against the real simulator and a real database: search in every form a
// person types, "Ask Sectigo", the detail page's data, CSV export, the CRL check and the
// dashboard numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTx } from "@/db/client";
import { insertBatch } from "@/db/queries/batches";
import { upsertCertificate } from "@/db/queries/certificates";
import { beginRevocation, completeRevocation } from "@/db/queries/revocations";
import { formatSerialColons } from "@/lib/pki";
import { AppError } from "@/lib/errors";
import { SectigoClient } from "@/lib/sectigo";
import { singleParams, waitFor } from "@/lib/simulator/test-support";
import { createSingleCertificate } from "@/lib/issuance/create-single";
import type { BatchDto } from "@/lib/issuance/batch-dto";
import { revokeCertificate } from "@/lib/revocation/revoke";
import { advanceUntil, auditRows, AUTHORITY_EE, isFinal, OPERATOR, openTestDb, startHarness, type Harness, type TestDb } from "@/lib/issuance/test-support";
import { askSectigo } from "./ask-sectigo";
import { checkCrl } from "./crl-check";
import { dashboardSummary, weeklyCounts, weekStartOf } from "@/lib/dashboard/summary";
import { getCertificateDetail } from "./detail";
import { exportCertificatesCsv, searchInventory } from "./search";

let h: Harness;
let t: TestDb;
let alpha: { batch: BatchDto; serial: string };
let beta: { batch: BatchDto; serial: string };
const DAY = 86_400_000;

/** The export's chunks as lines, each with its CRLF. */
function csvLines(chunks: Iterable<string>): string[] {
  return [...chunks].join("").split(/(?<=\r\n)/);
}

async function issue(commonName: string, dnsNames: string[] = []): Promise<{ batch: BatchDto; serial: string }> {
  const { batch } = await createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName, dnsNames });
  const done = await advanceUntil(h, t.db, batch.id, isFinal);
  const serial = searchInventory(t.db, { batchId: batch.id }).items[0]?.serial;
  if (!serial) throw new Error("not indexed");
  return { batch: done, serial };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

beforeAll(async () => {
  h = await startHarness("inventory-test-");
  t = openTestDb(h.client);
  alpha = await issue("trisa.alphaville.example.com", ["api.alphaville.example.com"]);
  beta = await issue("beta.example.org");
  const now = Date.now();
  // Rows a test needs in states issuance cannot produce quickly.
  upsertCertificate(t.db, { serial: "0AEE01", commonName: "expiring.example.net", source: "import", notBefore: new Date(now - 300 * DAY), notAfter: new Date(now + 10 * DAY) });
  upsertCertificate(t.db, { serial: "0AEE02", commonName: "expired.example.net", source: "import", notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 5 * DAY) });
  upsertCertificate(t.db, { serial: "0AEE03", commonName: "=cmd|' /C calc'!A0", source: "import", notBefore: new Date(now - DAY), notAfter: new Date(now + 300 * DAY) });
  upsertCertificate(t.db, {
    serial: "0AEE04",
    commonName: "gone.example.net",
    source: "import",
    status: "revoked",
    revokedAt: new Date(now - DAY),
    revocationReason: 1,
    revokedBy: OPERATOR.id,
  });
}, 60_000);
afterAll(async () => {
  t.temp.cleanup();
  await h.close();
});

describe("searchInventory", () => {
  it("finds by CN substring, by serial with colons or in lower case, by batch id", () => {
    expect(searchInventory(t.db, { q: "alphavil" }).items.map((c) => c.serial)).toEqual([alpha.serial]);
    expect(searchInventory(t.db, { q: formatSerialColons(alpha.serial) }).items.map((c) => c.serial)).toEqual([alpha.serial]);
    expect(searchInventory(t.db, { q: beta.serial.toLowerCase() }).items.map((c) => c.serial)).toEqual([beta.serial]);
    expect(searchInventory(t.db, { q: String(beta.batch.sectigoBatchId) }).items.map((c) => c.serial)).toEqual([beta.serial]);
    expect(searchInventory(t.db, { q: "api.alphaville" }).items.map((c) => c.commonName)).toEqual(["trisa.alphaville.example.com"]);
  });

  it("returns plain rows with a display status, filters, sorts and pages, and counts the whole result", () => {
    const all = searchInventory(t.db, { sort: "commonName", dir: "asc", page: 1, pageSize: 2 });
    expect(all.total).toBe(6);
    expect(all.capped).toBe(false);
    expect(all.items).toHaveLength(2);
    expect(all.items[0]).toEqual(
      expect.objectContaining({ serial: "0AEE03", status: "valid", source: "import", batchId: null, dnsNames: [] }),
    );
    expect(Object.keys(all.items[0]!)).not.toContain("pem");
    expect(searchInventory(t.db, { sort: "commonName", page: 3, pageSize: 2 }).items).toHaveLength(2);
    expect(searchInventory(t.db, { status: "expiring" }).items.map((c) => c.serial)).toEqual(["0AEE01"]);
    expect(searchInventory(t.db, { status: "expired" }).items.map((c) => c.status)).toEqual(["expired"]);
    expect(searchInventory(t.db, { status: "revoked" }).items.map((c) => c.serial)).toEqual(["0AEE04"]);
    const inTenDays = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    expect(searchInventory(t.db, { expiresFrom: new Date(), expiresTo: inTenDays }).items.map((c) => c.serial)).toEqual(["0AEE01"]);
    expect(searchInventory(t.db, { profileId: 17 }).total).toBe(2);
  });

  it("exports the result as CSV with formula-like cells neutralised", () => {
    const lines = csvLines(exportCertificatesCsv(t.db, { sort: "serial" }));
    expect(lines[0]).toBe(
      "serial,common_name,dns_names,status,not_before,not_after,profile_id,profile_name,batch_id,source,revoked_at,revocation_reason,sectigo_status,sectigo_created_at,sectigo_device_id,notes\r\n",
    );
    expect(lines).toHaveLength(7);
    const injected = lines.find((l) => l.startsWith("0AEE03,"));
    expect(injected).toContain(`'=cmd|' /C calc'!A0`);
    expect(injected).not.toMatch(/,=cmd/);
    expect(lines.find((l) => l.startsWith(alpha.serial))).toContain("trisa.alphaville.example.com api.alphaville.example.com");
  });
});

describe("the detail of a certificate", () => {
  it("decodes the stored PEM, gives the chain, the batch and the history", () => {
    const detail = getCertificateDetail(t.db, formatSerialColons(alpha.serial).toLowerCase());
    expect(detail).toMatchObject({
      serial: alpha.serial,
      status: "valid",
      source: "batch",
      knownOnlyFromFind: false,
      missing: [],
      revocation: null,
      batch: { id: alpha.batch.id, sectigoBatchId: alpha.batch.sectigoBatchId, kind: "single" },
    });
    expect(detail?.decoded).toMatchObject({ serial: alpha.serial, dnsNames: ["trisa.alphaville.example.com", "api.alphaville.example.com"] });
    expect(detail?.decoded?.crlDistributionPoints[0]).toMatch(/\/crl\/issuing-ca\.crl$/);
    expect(detail?.chain).toHaveLength(2);
    expect(detail?.fullChainPem?.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    // The batch that issued it is part of its history, newest first.
    expect(detail?.history.map((e) => `${e.action}:${e.outcome}:${e.target?.type}:${e.target?.id}`)).toEqual([
      `batch.download:succeeded:batch:${alpha.batch.id}`,
      `batch.download:requested:batch:${alpha.batch.id}`,
      `batch.create:succeeded:batch:${alpha.batch.id}`,
      `batch.create:requested:batch:${alpha.batch.id}`,
    ]);
    expect(detail?.unsettled).toBeNull();
    expect(getCertificateDetail(t.db, "DEADBEEF")).toBeNull();
  });
});

describe("Ask Sectigo", () => {
  it("merges a certificate known only to Sectigo, says what is unknown, and audits the find", async () => {
    const cn = "outside.portal.example.com";
    const created = await h.client.createSingleCertBatch({ authorityId: AUTHORITY_EE, batchName: "outside", profileParams: singleParams(cn) });
    await h.sim.runDueBatches();
    await waitFor(
      () => h.client.batchDetail(created.batchId),
      (b) => b.status !== "PROCESSING",
    );
    const result = await askSectigo(t.ctx, { commonName: cn });
    expect(result).toMatchObject({ found: 1, added: 1, updated: 0 });
    // Never "valid": the portal does not know its dates; it keeps what Sectigo said.
    expect(result.items[0]).toMatchObject({ commonName: cn, source: "find", batchId: null, profileId: null, notAfter: null, status: "unknown", sectigoStatus: "READY_FOR_DOWNLOAD" });
    expect(result.items[0]?.sectigoCreatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(result.items[0]?.sectigoDeviceId).toBeTruthy();
    const serial = result.items[0]!.serial;
    const detail = getCertificateDetail(t.db, serial);
    expect(detail).toMatchObject({ knownOnlyFromFind: true, decoded: null, sectigoStatus: "READY_FOR_DOWNLOAD", status: "unknown" });
    expect(searchInventory(t.db, { status: "valid", pageSize: 500 }).items.map((c) => c.serial)).not.toContain(serial);
    expect(searchInventory(t.db, { status: "expiring", pageSize: 500 }).items.map((c) => c.serial)).not.toContain(serial);
    expect(searchInventory(t.db, { status: "unknown" }).items.map((c) => c.serial)).toEqual([serial]);
    const csv = csvLines(exportCertificatesCsv(t.db, { q: serial }));
    expect(csv[1]).toMatch(new RegExp(`^${serial},outside\\.portal\\.example\\.com,,unknown,,,,,,find,,,READY_FOR_DOWNLOAD,\\d{4}-`));
    const dash = await dashboardSummary(t.db, h.client);
    expect(dash.expiringSoon.map((c) => c.serial)).not.toContain(serial);
    expect(detail?.subjectDn).toMatch(/CN=outside\.portal\.example\.com/);
    expect(detail?.missing.join(" ")).toMatch(/PEM/);
    const entry = auditRows(t.db).at(-1);
    expect(entry).toMatchObject({ action: "certificate.find", outcome: "info", actorEmail: "op@example.com" });
    expect(entry?.details).toMatchObject({ commonName: cn, found: 1, added: 1 });

    // Asking again learns nothing new and changes nothing.
    expect(await askSectigo(t.ctx, { commonName: cn })).toMatchObject({ found: 1, added: 0, updated: 0 });
  });

  it("refreshes what it knew by serial without losing the decoded facts", async () => {
    const result = await askSectigo(t.ctx, { serial: formatSerialColons(beta.serial) });
    expect(result).toMatchObject({ found: 1, added: 0, updated: 1 });
    expect(result.items[0]).toMatchObject({ serial: beta.serial, commonName: "beta.example.org", source: "batch", profileId: 17 });
    expect(getCertificateDetail(t.db, beta.serial)?.decoded?.serial).toBe(beta.serial);
  });

  it("refuses input that is no question, and reports a Sectigo failure in words", async () => {
    await expect(askSectigo(t.ctx, {})).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(askSectigo(t.ctx, { serial: "not-a-serial!" })).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { serial: [expect.any(String)] } });
    h.sim.faults.inject({ kind: "status", status: 503, match: "/api/v1/certificates/find" });
    const err = await rejection(askSectigo(t.ctx, { commonName: "any.example.com" }));
    expect(err.code).toBe("SECTIGO_FAILED");
    expect(err.userMessage).toMatch(/^Sectigo answered with a server error \(HTTP 503\).*Sectigo was not asked\. Try again later\.$/);
    expect(auditRows(t.db).at(-1)?.details).toMatchObject({ commonName: "any.example.com", errorCode: "UPSTREAM", reached: "answered" });
  });
});

describe("checkCrl", () => {
  it("fetches the issuer's CRL, verifies it against the chain and does not find a valid certificate on it", async () => {
    const result = await checkCrl(alpha.serial, t.db);
    expect(result).toMatchObject({ onCrl: false, signatureValid: true, issuerFound: true });
    expect(result.crlUrl).toBe(`${h.sim.url}/crl/issuing-ca.crl`);
    expect(Date.parse(result.thisUpdate)).toBeLessThanOrEqual(Date.now());
  });

  it("gives a clear error when there is nothing to check or the CRL cannot be had", async () => {
    expect((await rejection(checkCrl("0AEE01", t.db))).code).toBe("NO_CERTIFICATE");
    expect((await rejection(checkCrl("ABCDEF", t.db))).code).toBe("NOT_FOUND");
    const notFound = await rejection(checkCrl(alpha.serial, t.db, { fetchImpl: async () => new Response("no", { status: 404 }) }));
    expect(notFound).toMatchObject({ code: "CRL_UNAVAILABLE", userMessage: expect.stringMatching(/HTTP 404/) });
    const huge = await rejection(checkCrl(alpha.serial, t.db, { maxBytes: 1024, fetchImpl: async () => new Response(new Uint8Array(4096)) }));
    expect(huge.userMessage).toMatch(/larger than/);
    const slow = await rejection(
      checkCrl(alpha.serial, t.db, {
        timeoutMs: 50,
        fetchImpl: (_url, init) =>
          new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason as Error))),
      }),
    );
    expect(slow.userMessage).toMatch(/no answer within/);
    const garbage = await rejection(checkCrl(alpha.serial, t.db, { fetchImpl: async () => new Response("hello") }));
    expect(garbage.code).toBe("CRL_INVALID");
  });
});

describe("dashboardSummary", () => {
  it("gives 26 Monday weeks, in-flight batches, expiring certificates and recent revocations", async () => {
    const revoked = await revokeCertificate(t.ctx, { serial: beta.serial, reasonCode: 1, confirmation: "beta.example.org" });
    expect(revoked.outcome).toBe("revoked");
    const { batch } = await createSingleCertificate(t.ctx, { authorityId: AUTHORITY_EE, commonName: "inflight.example.com", dnsNames: [] });
    const summary = await dashboardSummary(t.db, h.client);
    expect(summary.licenses?.ordered).toBeGreaterThan(0);
    expect(summary.licensesError).toBeNull();
    expect(summary.authorities?.map((a) => a.profileName)).toEqual(expect.arrayContaining(["CipherTrace EE", "CipherTrace End Entity Certificate"]));
    expect(summary.inFlight.map((b) => b.id)).toContain(batch.id);
    expect(summary.expiringSoon.map((c) => c.serial)).toEqual(["0AEE01"]);
    expect(summary.recentRevocations).toEqual([
      expect.objectContaining({ serial: beta.serial, commonName: "beta.example.org", reasonCode: 1, reasonLabel: "Key compromise", revokedBy: { id: OPERATOR.id, email: OPERATOR.email } }),
    ]);
    expect(summary.weekly).toHaveLength(26);
    for (const w of summary.weekly) expect(new Date(`${w.weekStart}T00:00:00Z`).getUTCDay()).toBe(1);
    const current = summary.weekly.at(-1)!;
    expect(current.weekStart).toBe(weekStartOf(new Date()).toISOString().slice(0, 10));
    // The portal's two indexed certificates (imports and find-only rows are not the portal's issuance).
    expect(current).toMatchObject({ issued: 2, revoked: 1 });
    expect(summary.weekly.reduce((n, w) => n + w.issued + w.revoked, 0)).toBe(3);
  });

  it("buckets by Monday-UTC weeks, counts empty weeks as 0 and leaves older ones out", () => {
    const local = openTestDb(h.client);
    try {
      const now = new Date("2026-03-11T12:00:00.000Z"); // a Wednesday
      const at = (iso: string) => () => new Date(iso);
      const batch = writeTx(local.db, (tx) => insertBatch(tx, { kind: "csr", batchName: "old", createdBy: null }, at("2025-09-01T00:00:00.000Z")));
      const cert = (serial: string, notBefore: string) =>
        upsertCertificate(local.db, { serial, commonName: serial, source: "batch", batchId: batch.id, notBefore: new Date(notBefore) });
      cert("01", "2026-03-09T00:00:00.000Z");
      cert("02", "2026-03-08T23:59:59.999Z");
      cert("03", "2025-09-15T00:00:00.000Z");
      cert("04", "2025-09-14T23:00:00.000Z");
      upsertCertificate(local.db, { serial: "05", commonName: "imported", source: "import", notBefore: new Date("2026-03-10T00:00:00.000Z") });
      writeTx(local.db, (tx) => {
        const r = beginRevocation(tx, { serial: "02", reasonCode: 4, requestedBy: null }, at("2026-03-10T08:00:00.000Z"));
        completeRevocation(tx, r.id, { outcome: "succeeded" }, at("2026-03-10T08:00:01.000Z"));
        const f = beginRevocation(tx, { serial: "01", reasonCode: 4, requestedBy: null }, at("2026-03-10T09:00:00.000Z"));
        completeRevocation(tx, f.id, { outcome: "failed", error: "no" }, at("2026-03-10T09:00:01.000Z"));
      });
      const weeks = weeklyCounts(local.db, now);
      expect(weeks).toHaveLength(26);
      expect(weeks[0]).toEqual({ weekStart: "2025-09-15", issued: 1, revoked: 0 });
      expect(weeks[24]).toEqual({ weekStart: "2026-03-02", issued: 1, revoked: 0 });
      expect(weeks[25]).toEqual({ weekStart: "2026-03-09", issued: 1, revoked: 1 });
      expect(weeks.slice(1, 24).every((w) => w.issued === 0 && w.revoked === 0)).toBe(true);
    } finally {
      local.temp.cleanup();
    }
  });

  it("keeps the local parts when Sectigo cannot be reached", async () => {
    const down = new SectigoClient({ endpoint: "http://127.0.0.1:9", username: "x", password: "y", timeoutMs: 500, getRetries: 0 });
    const summary = await dashboardSummary(t.db, down);
    expect(summary.licenses).toBeNull();
    expect(summary.authorities).toBeNull();
    expect(summary.licensesError).toMatch(/Sectigo/);
    expect(summary.authoritiesError).toMatch(/Sectigo/);
    expect(summary.weekly).toHaveLength(26);
    expect(summary.recentRevocations).toHaveLength(1);
  });
});
