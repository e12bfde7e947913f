// Sectigo unreachable, end to end: the "offline" portal (playwright.config.ts) has a Sectigo
// account and a SECTIGO_ENDPOINT where nothing listens. Every page that asks Sectigo names
// the host and says nothing was sent; none crashes; the connection page says Unreachable
// (never a green badge) and "never" for the last contact; re-authenticate and revoke are
// audited as failed (nothing was sent, so Sectigo did not act).
import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "../fixtures";
import { makeCsrPem } from "../pages/batches-csrs";
import { CertificateDetailPage } from "../pages/certificates-detail-page";
import { CertificatesSearchPage } from "../pages/certificates-search-page";
import { NewCertificatePage } from "../pages/batches-new-page";
import { UploadCsrsPage } from "../pages/batches-upload-page";

const HOST = process.env.E2E_OFFLINE_SECTIGO_HOST ?? "127.0.0.1:8941";
const DATABASE = path.resolve(process.env.E2E_OFFLINE_DATABASE ?? ".e2e-offline/data/portal.db");
const UNREACHABLE = new RegExp(`Sectigo could not be reached at ${HOST.replace(/\./g, "\\.")} \\(connection refused\\); nothing was sent`);

function openDb(readonly: boolean): Database.Database {
  return new Database(DATABASE, { readonly, fileMustExist: true });
}

interface AuditRow {
  seq: number;
  action: string;
  outcome: string;
  target_id: string | null;
  details: string;
}

function auditHeadSeq(): number {
  const db = openDb(true);
  try {
    return (db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM audit_log").get() as { seq: number }).seq;
  } finally {
    db.close();
  }
}

function auditEntriesAfter(afterSeq: number, action: string): AuditRow[] {
  const db = openDb(true);
  try {
    return db
      .prepare("SELECT seq, action, outcome, target_id, details FROM audit_log WHERE seq > ? AND action = ? ORDER BY seq")
      .all(afterSeq, action) as AuditRow[];
  } finally {
    db.close();
  }
}

/** A certificate in the offline portal's inventory, written straight into its database. */
function insertCertificate(commonName: string): string {
  const serial = randomBytes(16).toString("hex").toUpperCase();
  const now = new Date();
  const iso = (d: Date) => d.toISOString();
  const db = openDb(false);
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare(
      `INSERT INTO certificates (serial, common_name, sans, not_before, not_after, profile_id, profile_name, status, source, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 17, 'CipherTrace EE', 'valid', 'import', ?, ?)`,
    ).run(serial, commonName, commonName, iso(now), iso(new Date(now.getTime() + 365 * 86_400_000)), iso(now), iso(now));
  } finally {
    db.close();
  }
  return serial;
}

const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}.offline.example`;

test("the connection page says Unreachable with the host, no green badge, and last contact never", async ({ adminPage: page }) => {
  await page.goto("/connection");
  const state = page.getByTestId("connection-state");
  await expect(state.getByTestId("connection-state-label")).toHaveText("Unreachable");
  await expect(state.getByTestId("connection-state-sentence")).toContainText(UNREACHABLE);
  await expect(state.getByTestId("last-contact")).toHaveText("never");
  await expect(page.getByRole("main").getByText("Live Sectigo", { exact: true })).toBeVisible();
  // Nothing on the page is green: no badge says "valid" while Sectigo does not answer.
  await expect(page.getByRole("main").locator(".bg-green-50")).toHaveCount(0);
  await expect(page.getByTestId("credentials-state")).toContainText("The portal holds no usable token");
  await expect(page.getByText("Unknown: Sectigo did not list the authorities")).toBeVisible();
});

test("re-authenticate names the host, says no login was made, and is audited as failed", async ({ adminPage: page }) => {
  await page.goto("/connection");
  const before = auditHeadSeq();
  await page.getByRole("button", { name: "Re-authenticate" }).click();
  const error = page.getByRole("main").getByText(/no new login was made/);
  await expect(error).toContainText(UNREACHABLE);
  await expect(error).toContainText("The attempt is in the audit log.");
  await expect(page.getByTestId("reauth-result")).toHaveCount(0);
  const entries = auditEntriesAfter(before, "sectigo.authenticate");
  expect(entries.map((e) => e.outcome)).toEqual(["requested", "failed"]);
  expect(JSON.parse(entries[1]!.details)).toMatchObject({ errorCode: "NETWORK" });
  expect(entries[1]!.details).not.toContain("e2e-offline-password");
});

test("the new certificate page says the authorities cannot be read, names the host, and offers no form", async ({ adminPage: page }) => {
  const create = new NewCertificatePage(page);
  await create.goto();
  const notice = page.getByRole("main").getByText("The authorities could not be read from Sectigo");
  await expect(notice).toBeVisible();
  await expect(page.getByRole("main")).toContainText(UNREACHABLE);
  await expect(create.submit).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();
});

test("the CSR upload says nothing was sent and no batch was created", async ({ adminPage: page }) => {
  const upload = new UploadCsrsPage(page);
  await upload.goto();
  await upload.profile.selectOption("17");
  await upload.text.fill(await makeCsrPem(uniqueName("upload")));
  await upload.preview.click();
  await expect(upload.previewSection).toBeVisible();
  const before = auditHeadSeq();
  await upload.submitValid(1).click();
  const main = page.getByRole("main");
  await expect(main).toContainText(UNREACHABLE, { timeout: 20_000 });
  await expect(main).toContainText("no batch was created");
  // Nothing was sent: the upload is recorded as failed, never as unknown.
  expect(auditEntriesAfter(before, "csr.upload").map((e) => e.outcome)).toEqual(["requested", "failed"]);
});

test("Ask Sectigo on the certificates page names the host and says Sectigo was not asked", async ({ adminPage: page }) => {
  const search = new CertificatesSearchPage(page);
  await search.goto();
  const ask = search.askSectigo;
  await ask.getByLabel("Exact common name").fill(uniqueName("ask"));
  await ask.getByRole("button", { name: "Ask Sectigo" }).click();
  await expect(ask).toContainText(UNREACHABLE, { timeout: 20_000 });
  await expect(ask).toContainText("Sectigo was not asked");
  await expect(ask.getByTestId("ask-sectigo-result")).toHaveCount(0);
});

test("revoke says Sectigo is unreachable and nothing was revoked, and the audit says failed", async ({ adminPage: page }) => {
  const commonName = uniqueName("revoke");
  const serial = insertCertificate(commonName);
  const detail = new CertificateDetailPage(page);
  await detail.goto(serial, commonName);
  const before = auditHeadSeq();
  const result = await detail.revoke(commonName, "Key compromise (code 1)");
  await expect(result).toContainText(UNREACHABLE);
  await expect(result).toContainText("nothing was revoked");
  const entries = auditEntriesAfter(before, "certificate.revoke").filter((e) => e.target_id === serial);
  expect(entries.map((e) => e.outcome)).toEqual(["requested", "failed"]);
  await page.reload();
  await expect(detail.status).not.toContainText(/revoked/i);
});
