// Finding certificates end to end: real certificates issued through the portal's own
// "New certificate" form (signed by the embedded simulator, indexed by the batch poller),
// found by CN substring, by serial with colons and by batch id; the detail page with every
// decoded field, PEM download and the CRL check; the CSV export; and "Ask Sectigo" merging
// a certificate the portal never issued (made with the real `sectigo` CLI). Each page is
// scanned with axe.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ADMIN, auditEntriesAfter, auditHeadSeq, expect, signedInContext, test, uniqueEmail, uniquePassword } from "./fixtures";
import { CertificateDetailPage } from "./pages/certificates-detail-page";
import { CertificatesSearchPage } from "./pages/certificates-search-page";
import { expectAccessible, expectNoHorizontalOverflow, screenshotBoth } from "./pages/look";
import { issueCertificate, uniqueCommonName, uniqueTag, type IssuedCertificate } from "./pages/certificates-support";
import { insertUnknownToSectigo } from "./pages/inventory-db";

const run = promisify(execFile);
const SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT ?? 8931);

let cert: IssuedCertificate;
let tag: string;

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(120_000);
  tag = uniqueTag();
  const { context, page } = await signedInContext(browser, ADMIN.email, ADMIN.password);
  cert = await issueCertificate(page, uniqueCommonName(tag));
  await context.close();
});

/** "0A1B2C" → "0a:1b:2c": the lower-case colon form people paste from browsers. */
function colonsLower(hex: string): string {
  return (hex.length % 2 ? `0${hex}` : hex).toLowerCase().match(/../g)?.join(":") ?? "";
}

test("search by CN substring, by serial with colons and by batch id; the URL holds the search", async ({ adminPage: page }) => {
  const search = new CertificatesSearchPage(page);
  await search.goto();

  await search.search(tag);
  await expect(search.row(cert.commonName)).toBeVisible();
  await expect(search.rows).toHaveCount(1);
  await expect(search.count).toContainText("Showing 1–1 of 1 matching certificates.");
  await expect(search.row(cert.commonName).getByTestId("status-badge")).toHaveText("Valid");

  await search.search(colonsLower(cert.serial));
  await expect(search.rows).toHaveCount(1);
  await expect(search.row(cert.commonName)).toBeVisible();

  await search.search(String(cert.batchId));
  await expect(search.row(cert.commonName)).toBeVisible();
  await expect(search.row(cert.commonName).getByRole("link", { name: `Batch ${cert.batchId}` })).toBeVisible();

  // A shared link reproduces the search, filters included.
  await page.goto(`/certificates?q=${encodeURIComponent(tag)}&status=valid&profile=17`);
  await expect(search.rows).toHaveCount(1);
  await page.goto(`/certificates?q=${encodeURIComponent(tag)}&status=revoked`);
  await expect(search.rows).toHaveCount(0);
  await expect(search.count).toHaveText("No certificate in the inventory matches this search.");

  // Sorting is a link that says which way the column is sorted.
  await page.goto(`/certificates?q=${encodeURIComponent(tag)}`);
  const cnHeader = page.getByRole("columnheader", { name: /Common name/ });
  await expect(cnHeader).toHaveAttribute("aria-sort", "none");
  await cnHeader.getByRole("link").click();
  await expect(page).toHaveURL(/sort=commonName&dir=asc/);
  await expect(page.getByRole("columnheader", { name: /Common name/ })).toHaveAttribute("aria-sort", "ascending");

  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "certificates-search");
});

test("sort links, Next and Previous page through a search in place, and a row's link opens its certificate without reloading the portal", async ({ adminPage: page }) => {
  const pageTag = uniqueTag();
  for (let i = 0; i < 60; i++) insertUnknownToSectigo(`vasp${String(i).padStart(2, "0")}.${pageTag}.example`);
  const search = new CertificatesSearchPage(page);
  await search.goto(`?q=${pageTag}&sort=commonName&size=25`);
  await expect(search.count).toContainText("Showing 1–25 of 60 matching certificates");
  await expect(page.getByText("Page 1 of 3")).toBeVisible();
  const firstOf = async () => (await search.rows.first().getByTestId("certificate-link").textContent())?.trim();
  expect(await firstOf()).toBe(`vasp00.${pageTag}.example`);
  // a marker on the window survives in-app navigation and is gone after a full page load
  await page.evaluate(() => ((window as unknown as { stillHere?: boolean }).stillHere = true));
  const pages = page.getByRole("navigation", { name: "Result pages" });

  // a column's sort link turns the order round, and back
  const byName = page.getByRole("columnheader", { name: /Common name/ }).getByRole("link");
  const firstLink = search.rows.first().getByTestId("certificate-link");
  await byName.click();
  await page.waitForURL((url) => url.searchParams.get("dir") === "desc");
  await expect(firstLink).toHaveText(`vasp59.${pageTag}.example`);
  await byName.click();
  await page.waitForURL((url) => url.searchParams.get("dir") === "asc");
  await expect(firstLink).toHaveText(`vasp00.${pageTag}.example`);

  await pages.getByRole("link", { name: "Next page" }).click();
  await page.waitForURL((url) => url.searchParams.get("page") === "2" && url.searchParams.has("after"));
  await expect(search.count).toContainText("Showing 26–50 of 60");
  expect(await firstOf()).toBe(`vasp25.${pageTag}.example`);

  await pages.getByRole("link", { name: "Next page" }).click();
  await expect(search.count).toContainText("Showing 51–60 of 60");
  await expect(search.rows).toHaveCount(10);
  await expect(pages.getByRole("link", { name: "Next page" })).toHaveCount(0);

  await pages.getByRole("link", { name: "Previous page" }).click();
  await page.waitForURL((url) => url.searchParams.get("page") === "2" && url.searchParams.has("before"));
  await expect(search.count).toContainText("Showing 26–50 of 60");
  expect(await firstOf()).toBe(`vasp25.${pageTag}.example`);

  await search.rows.first().getByTestId("certificate-link").click();
  await page.waitForURL(/\/certificates\/[0-9A-F]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`vasp25.${pageTag}.example`);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});

test("a row's Copy button puts its serial on the clipboard; Select every certificate ticks every row and untick clears them", async ({ adminPage: page }) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  // their own tag: the other tests count the rows of theirs
  const rowsTag = uniqueTag();
  const first = await issueCertificate(page, uniqueCommonName(rowsTag));
  const second = await issueCertificate(page, uniqueCommonName(rowsTag));
  const search = new CertificatesSearchPage(page);
  await search.goto(`?q=${encodeURIComponent(rowsTag)}`);
  await expect(search.rows).toHaveCount(2);

  const copy = search.row(first.commonName).getByRole("button", { name: `Copy serial ${first.serial}` });
  await copy.click();
  await expect(copy).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first.serial);

  const all = page.getByRole("checkbox", { name: "Select every certificate on this page" });
  await all.check();
  for (const c of [first, second]) await expect(search.row(c.commonName).getByRole("checkbox")).toBeChecked();
  await expect(search.selectedCount).toHaveText("2 selected.");
  await search.row(second.commonName).getByRole("checkbox").uncheck();
  await expect(search.selectedCount).toHaveText("1 selected.");
  await expect(all).not.toBeChecked();
  await search.row(first.commonName).getByRole("checkbox").uncheck();
  await expect(search.selectedCount).toHaveText("Select certificates to revoke several at once.");
  await all.check();
  await all.uncheck();
  for (const c of [first, second]) await expect(search.row(c.commonName).getByRole("checkbox")).not.toBeChecked();
});

test("a bad filter in a shared link is dropped with a sentence, not an error page", async ({ adminPage: page }) => {
  await page.goto("/certificates?status=bogus&from=2026-02-31");
  await expect(page.getByText('"bogus" is not a status; showing every status.')).toBeVisible();
  await expect(page.getByText('The "expires from" date "2026-02-31" is not a date like 2026-01-31; it was ignored.')).toBeVisible();
});

test("an unknown serial's page says so and leads to the search", async ({ adminPage: page }) => {
  const res = await page.goto("/certificates/DEADBEEF00112233");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  // inside the portal's layout: its navigation stays, and the page has one main landmark
  await expect(page.getByRole("main")).toHaveCount(1);
  await expect(page.getByRole("navigation").first()).toBeVisible();
  await page.getByRole("link", { name: "Search the certificates" }).click();
  await page.waitForURL((url) => url.pathname === "/certificates");
});

test("the detail page shows every decoded field, downloads the PEM and checks the CRL", async ({ adminPage: page }) => {
  const search = new CertificatesSearchPage(page);
  await search.goto(`?q=${encodeURIComponent(cert.commonName)}`);
  await search.row(cert.commonName).getByRole("link", { name: cert.commonName }).click();
  await expect(page.getByRole("heading", { name: cert.commonName, level: 1 })).toBeVisible();
  const detail = new CertificateDetailPage(page);
  await expect(detail.status).toHaveText("Valid");

  const fields = page.getByTestId("decoded-fields");
  for (const label of ["Subject", "Issuer", "DNS names (SAN)", "Public key", "Key usage", "Extended key usage", "Basic constraints", "Subject key id", "Authority key id", "CRL distribution points", "CA issuers (AIA)", "SHA-1 fingerprint", "SHA-256 fingerprint"]) {
    await expect(fields.getByText(label, { exact: true })).toBeVisible();
  }
  await expect(fields).toContainText(`CN=${cert.commonName}`);
  await expect(fields).toContainText("RSA, 2048 bits");
  await expect(fields).toContainText("/crl/issuing-ca.crl");
  await expect(page.getByRole("link", { name: `Batch ${cert.batchId}`, exact: false })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PEM", exact: true }).click()]);
  expect(download.suggestedFilename()).toBe(`${cert.serial}.pem`);
  const pem = fs.readFileSync((await download.path()) ?? "", "utf8");
  expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
  const [chainDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PEM with chain" }).click()]);
  expect(fs.readFileSync((await chainDownload.path()) ?? "", "utf8").match(/BEGIN CERTIFICATE/g)?.length).toBeGreaterThanOrEqual(2);

  const crl = await detail.checkCrl();
  await expect(crl).toContainText(/Not on the CRL \(CRL of \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC, signature valid\)/);

  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "certificate-detail");
});

test("Export CSV downloads the search with a header row, and is recorded", async ({ adminPage: page }) => {
  const search = new CertificatesSearchPage(page);
  await search.goto(`?q=${encodeURIComponent(tag)}`);
  const before = auditHeadSeq();
  const [download] = await Promise.all([page.waitForEvent("download"), search.exportLink.click()]);
  expect(download.suggestedFilename()).toMatch(/^certificates-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = fs.readFileSync((await download.path()) ?? "", "utf8").trimEnd().split("\r\n");
  expect(lines[0]).toBe("serial,common_name,dns_names,status,not_before,not_after,profile_id,profile_name,batch_id,source,revoked_at,revocation_reason,sectigo_status,sectigo_created_at,sectigo_device_id,notes");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${cert.serial},${cert.commonName},`);
  const [entry] = auditEntriesAfter(before, { action: "certificate.export" });
  expect(entry).toMatchObject({ actor_email: ADMIN.email, outcome: "info" });
  expect(JSON.parse(entry?.details ?? "{}")).toMatchObject({ rows: 1, filters: { q: tag } });
});

test("Ask Sectigo merges a certificate the portal never issued and says what is unknown about it", async ({ adminPage: page }, testInfo) => {
  testInfo.setTimeout(90_000);
  // A certificate made outside the portal, with the real CLI against the same simulator.
  const outside = uniqueCommonName("cli");
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-sectigo-cache-"));
  await run("node", ["bin/sectigo.mjs", "create", "-a", "423", "-d", outside, "-p", "e2e-password-0123"], {
    env: {
      ...process.env,
      SECTIGO_ENDPOINT: `http://127.0.0.1:${SIMULATOR_PORT}`,
      SECTIGO_USERNAME: "tester",
      SECTIGO_PASSWORD: "supersecretsquirrel",
      XDG_CACHE_HOME: cache,
    },
  });
  fs.rmSync(cache, { recursive: true, force: true });

  const search = new CertificatesSearchPage(page);
  await search.goto(`?q=${encodeURIComponent(outside)}`);
  await expect(search.count).toHaveText("No certificate in the inventory matches this search.");
  const ask = search.askSectigo;
  await expect(ask.getByLabel("Find by")).toHaveValue("commonName");
  await expect(ask.getByLabel("Exact common name")).toHaveValue(outside);
  const before = auditHeadSeq();
  // The simulator signs after its processing delay; ask again until it has.
  await expect(async () => {
    await ask.getByRole("button", { name: "Ask Sectigo" }).click();
    await expect(ask.getByTestId("ask-sectigo-result")).toContainText("Sectigo found 1 certificate", { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expect(ask.getByTestId("ask-sectigo-result")).toContainText(": 1 added to the inventory, 0 updated.");
  expect(auditEntriesAfter(before, { action: "certificate.find" }).length).toBeGreaterThanOrEqual(1);

  await ask.getByRole("link", { name: outside }).click();
  await expect(page.getByRole("heading", { name: outside, level: 1 })).toBeVisible();
  const unknown = page.getByTestId("unknown-fields");
  await expect(unknown).toContainText("Known only from Sectigo's find");
  await expect(unknown).toContainText("the certificate itself (PEM)");
  await expect(page.getByRole("link", { name: "Download PEM", exact: true })).toHaveCount(0);

  // Now in the inventory: the ordinary search finds it.
  await search.goto(`?q=${encodeURIComponent(outside)}`);
  await expect(search.row(outside)).toBeVisible();
  await expect(search.row(outside)).toContainText("known from Sectigo's find only");
});

test("support searches and reads, but has no revoke controls and no export", async ({ staffPage, browser }) => {
  const email = uniqueEmail("support-certs");
  const password = uniquePassword();
  await staffPage.create({ email, name: "Support Certs", role: "support", password });
  const { page, context } = await signedInContext(browser, email, password);
  const search = new CertificatesSearchPage(page);
  await search.goto(`?q=${encodeURIComponent(tag)}`);
  await expect(search.row(cert.commonName)).toBeVisible();
  await expect(search.exportLink).toHaveCount(0);
  await expect(search.revokeSelected).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  const res = await page.request.get(`/api/certificates/export?q=${encodeURIComponent(tag)}`);
  expect(res.status()).toBe(403);
  expect(await res.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
  await context.close();
});
