// Finding certificates: Ask Sectigo when Sectigo fails (500, timeout, an unreadable reply)
// says what happened in a find's words; a certificate learnt only from Sectigo's find shows
// what Sectigo said and "expiry unknown" — never a Valid badge — in the search, on its page
// and in the CSV, and the dashboard does not count it as expiring; a certificate's history
// holds its batch's entries; and the CSR preview flags a CSR pasted twice.
import { expect, test } from "./fixtures";
import { makeCsrPem } from "./pages/batches-csrs";
import { UploadCsrsPage } from "./pages/batches-upload-page";
import { CertificateDetailPage } from "./pages/certificates-detail-page";
import { CertificatesSearchPage } from "./pages/certificates-search-page";
import { expectNoHorizontalOverflow, screenshotBoth } from "./pages/look";
import { issueCertificate, uniqueCommonName } from "./pages/certificates-support";
import { issueAtSectigoOnly } from "./pages/sectigo-direct";
import { clearFaults, injectFault, type Fault } from "./simulator-faults";

const FIND_PATH = "/api/v1/certificates/find";

test.afterEach(async () => {
  await clearFaults();
});

async function askSectigo(search: CertificatesSearchPage, commonName: string) {
  const box = search.askSectigo;
  await box.getByLabel("Find by").selectOption("commonName");
  await box.getByLabel("Exact common name").fill(commonName);
  await box.getByRole("button", { name: "Ask Sectigo" }).click();
}

const failures: { name: string; fault: Fault; words: string[] }[] = [
  {
    name: "HTTP 500",
    fault: { kind: "status", status: 500, match: FIND_PATH, count: 3 },
    words: ["Sectigo answered with a server error (HTTP 500)", "Sectigo was not asked. Try again later."],
  },
  {
    name: "a timeout",
    fault: { kind: "timeout", match: FIND_PATH, count: 3 },
    words: ["Sectigo did not answer within 4 s", "Try again in a moment."],
  },
  {
    name: "a malformed reply",
    fault: { kind: "malformed", match: FIND_PATH, count: 3 },
    words: ["Sectigo's reply could not be read (it is not what the API promises)", "Try again in a moment."],
  },
];

for (const { name, fault, words } of failures) {
  test(`Ask Sectigo with ${name} says what happened`, async ({ adminPage: page }) => {
    test.setTimeout(60_000);
    const search = new CertificatesSearchPage(page);
    await search.goto();
    await injectFault(fault);
    await askSectigo(search, uniqueCommonName());
    const alert = search.askSectigo.getByRole("alert");
    for (const w of words) await expect(alert).toContainText(w, { timeout: 20_000 });
    await expect(search.askSectigo.getByTestId("ask-sectigo-result")).toHaveCount(0);
  });
}

test("a certificate known only from Sectigo's find shows what Sectigo said and expiry unknown, never Valid", async ({ adminPage: page }) => {
  test.setTimeout(90_000);
  const commonName = uniqueCommonName();
  await issueAtSectigoOnly(commonName);
  const search = new CertificatesSearchPage(page);
  await search.goto();
  await askSectigo(search, commonName);
  const answer = search.askSectigo.getByTestId("ask-sectigo-result");
  await expect(answer).toContainText("Sectigo found 1 certificate", { timeout: 20_000 });
  await expect(answer.getByTestId("status-badge")).toHaveText("Expiry unknown");
  await expect(answer).toContainText("Sectigo says");

  await search.search(commonName);
  const row = search.row(commonName);
  await expect(row.getByTestId("status-badge")).toHaveText("Expiry unknown");
  await expect(row.getByTestId("find-only")).toContainText("known from Sectigo's find only: Sectigo says");
  await expect(row).toContainText("expiry unknown");
  await expect(row.getByText("Valid", { exact: true })).toHaveCount(0);
  const serial = await search.serialOf(commonName);
  await screenshotBoth(search.page, "certificates-find-only");

  // The CSV says "unknown" too, with Sectigo's words beside it.
  const csv = await page.request.get(`/api/certificates/export?q=${encodeURIComponent(commonName)}`);
  expect(csv.status()).toBe(200);
  const line = (await csv.text()).split("\r\n").find((l) => l.startsWith(`${serial},`));
  expect(line).toMatch(new RegExp(`^${serial},${commonName.replace(/\./g, "\\.")},[^,]*,unknown,,,,,,find,,,[A-Z_]+,\\d{4}-`));

  const detail = new CertificateDetailPage(page);
  await detail.goto(serial, commonName);
  await expect(detail.status).toHaveText("Expiry unknown");
  await expect(page.getByTestId("expiry-unknown")).toContainText("expiry unknown");
  const said = page.getByTestId("sectigo-said");
  await expect(said).toContainText(/status [A-Z_]+; created \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC; device id \S+/);
  await expect(page.getByRole("region", { name: "Status" }).getByText("Valid", { exact: true })).toHaveCount(0);
  await screenshotBoth(page, "certificate-find-only");
  await expectNoHorizontalOverflow(page);

  // The dashboard's expiring list does not count it.
  await page.goto("/");
  await expect(page.getByTestId("dash-expiring-row").filter({ hasText: commonName })).toHaveCount(0);
});

test("a certificate's history lists the entries of the batch that issued it", async ({ adminPage: page }) => {
  test.setTimeout(90_000);
  const cert = await issueCertificate(page, uniqueCommonName());
  const detail = new CertificateDetailPage(page);
  await detail.goto(cert.serial, cert.commonName);
  for (const action of ["batch.create", "batch.download"]) {
    await expect(detail.history.filter({ hasText: action })).toHaveCount(2); // requested and succeeded
  }
  // Newest first: the download comes after the creation.
  const actions = await detail.history.locator("td:nth-child(3) .font-mono").allTextContents();
  expect(actions.indexOf("batch.download")).toBeLessThan(actions.lastIndexOf("batch.create"));
  await screenshotBoth(page, "certificate-history");
});

test("the CSR preview flags a CSR pasted twice and counts it once", async ({ adminPage: page }) => {
  const upload = new UploadCsrsPage(page);
  await upload.goto();
  const pem = await makeCsrPem(uniqueCommonName());
  const other = await makeCsrPem(uniqueCommonName());
  await upload.profile.selectOption("17");
  await upload.text.fill([pem, other, pem].join("\n"));
  await upload.preview.click();
  await expect(upload.previewSection).toBeVisible();
  await expect(upload.row(3).getByTestId("duplicate")).toHaveText("Skipped: repeats #1");
  await expect(upload.row(3).getByTestId("problems")).toContainText("Same public key as CSR #1 in this text");
  await expect(upload.row(3).getByTestId("problems")).toContainText("Same subject and DNS names as CSR #1");
  await expect(upload.row(1).getByTestId("duplicate")).toHaveCount(0);
  await expect(upload.submitValid(2)).toBeVisible();
  await screenshotBoth(page, "csr-preview-duplicate");
});
