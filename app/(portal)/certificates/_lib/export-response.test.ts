// The certificate CSV export: the page's search, a header row, formula-safe cells, the
// export recorded in the audit log before any byte — and nothing exported when it cannot be.
import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { upsertCertificate } from "@/db/queries/certificates";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { listAudit } from "@/lib/audit";
import { parseCheckpointFile } from "@/lib/audit/checkpoints";
import { signingKeyFrom, verifySignature } from "@/lib/audit/signing-key";
import { readZip } from "@/lib/pki/zip";
import { certificateExportResponse } from "./export-response";
import { parseCertificateSearch } from "./search-query";

const ACTOR = { id: 7, email: "op@example.org", role: "operator" };
let t: TempDb;

beforeEach(() => {
  t = tempDb();
  const later = new Date(Date.now() + 200 * 86_400_000).toISOString();
  upsertCertificate(t.db, { serial: "0A1B2C3D", commonName: "alpha.trisa.example", sans: ["alpha.trisa.example"], notAfter: later, profileId: 17, source: "batch" });
  upsertCertificate(t.db, { serial: "0B", commonName: "=HYPERLINK(\"http://evil\")", notAfter: later, profileId: 17, source: "find" });
  upsertCertificate(t.db, { serial: "0C", commonName: "<img src=x onerror=alert(1)>.trisa.example", notAfter: later, profileId: 85, source: "batch" });
});

afterEach(() => t.cleanup());

async function exportText(query: string) {
  const { filters } = parseCertificateSearch(new URLSearchParams(query));
  const res = certificateExportResponse({ db: t.db, actor: ACTOR, ip: "127.0.0.1", filters, now: new Date("2026-05-01T10:00:00Z") });
  return { res, text: await res.text() };
}

describe("certificateExportResponse", () => {
  it("downloads the matching certificates as CSV with a header row", async () => {
    const { res, text } = await exportText("q=trisa.example&profile=17");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="certificates-2026-05-01.csv"');
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^serial,common_name,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^0A1B2C3D,alpha\.trisa\.example,/);
  });

  it("neutralises a common name that a spreadsheet would run as a formula", async () => {
    const { text } = await exportText("q=0B");
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("records the export, its filters and the row count in the audit log", async () => {
    await exportText("q=trisa.example&status=valid");
    const [entry] = listAudit(t.db, { action: "certificate.export" }).entries;
    expect(entry).toMatchObject({ actor: { email: "op@example.org" }, outcome: "info", ip: "127.0.0.1" });
    expect(entry?.details).toMatchObject({ format: "csv", rows: 2, rowsCapped: false, filters: { q: "trisa.example", status: "valid" } });
  });

  it("exports nothing when the audit entry cannot be written", async () => {
    const readonly = t.reopen({ readonly: true });
    const { filters } = parseCertificateSearch(new URLSearchParams(""));
    const res = certificateExportResponse({ db: readonly, actor: ACTOR, ip: null, filters });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: "AUDIT_UNAVAILABLE", message: "The export could not be recorded in the audit log, so it was not started. Try again later." },
    });
  });

  it("signed: a ZIP of the CSV and its Ed25519 signature over exactly those bytes, with the checkpoint that covers the export's record", async () => {
    const key = signingKeyFrom(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const { filters } = parseCertificateSearch(new URLSearchParams("q=trisa.example"));
    const res = certificateExportResponse({ db: t.db, actor: ACTOR, ip: null, filters, now: new Date("2026-05-01T10:00:00Z"), signingKey: key, signed: true });
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="certificates-2026-05-01.csv.signed.zip"');
    const [csv, sig, checkpoint, pem] = readZip(new Uint8Array(await res.arrayBuffer()));
    expect([csv?.name, sig?.name, pem?.name]).toEqual(["certificates-2026-05-01.csv", "certificates-2026-05-01.csv.sig", "audit-public-key.pem"]);
    expect(Buffer.from(csv!.data).toString()).toContain("alpha.trisa.example");
    expect(verifySignature(key, csv!.data, sig!.data)).toBe(true);
    expect(verifySignature(key, Buffer.from(Buffer.from(csv!.data).toString().replace("alpha", "alphb")), sig!.data)).toBe(false);
    const [entry] = listAudit(t.db, { action: "certificate.export" }).entries;
    expect(parseCheckpointFile(Buffer.from(checkpoint!.data).toString()).checkpoint.seq).toBe(entry!.seq);
  });
});
