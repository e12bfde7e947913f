// Reissue end to end, against the embedded simulator: an operator reissues a certificate from
// its page (the form comes prefilled), the new batch is processed and indexed, both
// certificate pages link to each other, the batch says what it reissues, the old certificate
// is revoked as superseded through the ordinary revoke dialog, the search rows carry the
// links, and a revoked certificate is refused a reissue with the reason. A certificate from a
// CSR is reissued from the VASP's new CSR.
import { auditEntriesAfter, auditHeadSeq, expect, newStaff, signedInContext, test, warmUp } from "./fixtures";
import { BatchDetailPage } from "./pages/batches-detail-page";
import { makeCsrPem } from "./pages/batches-csrs";
import { UploadCsrsPage } from "./pages/batches-upload-page";
import { CertificateDetailPage } from "./pages/certificates-detail-page";
import { expectAccessible, expectNoHorizontalOverflow, screenshotBoth } from "./pages/look";
import { issueCertificate, uniqueCommonName } from "./pages/certificates-support";

test.beforeAll(({ browser }) => warmUp(browser));

test("an operator reissues a certificate, both pages link to each other, and the old one is revoked as superseded", async ({ browser }) => {
  test.setTimeout(240_000);
  const { operator } = await newStaff(browser, "reissue", "operator");
  const { page, context } = await signedInContext(browser, operator.email, operator.password);
  const old = await issueCertificate(page, uniqueCommonName());
  const extra = `api.${old.commonName}`;

  // The certificate page offers Reissue; the form starts from the old names.
  const oldPage = new CertificateDetailPage(page);
  await oldPage.goto(old.serial, old.commonName);
  await page.getByTestId("reissue-link").click();
  await expect(page.getByRole("heading", { name: `Reissue ${old.commonName}`, level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "Reissue certificate" });
  await expect(form.getByLabel("Common name", { exact: true })).toHaveValue(old.commonName);
  await expect(form.getByLabel("Batch name (optional)")).toHaveValue(`reissue of ${old.commonName}`);
  await form.getByLabel("Extra DNS names (optional)").fill(extra);
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "reissue-form");

  const before = auditHeadSeq();
  await form.getByRole("button", { name: "Reissue certificate" }).click();
  const open = page.getByRole("link", { name: "Open the batch" });
  await expect(open).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Issue another certificate" })).toHaveCount(0);
  const created = auditEntriesAfter(before, { action: "batch.create" });
  expect(created.map((e) => e.outcome)).toEqual(["requested", "succeeded"]);
  // The intent names the certificate the batch replaces.
  expect((JSON.parse(created[0]?.details ?? "{}") as { reissueOf?: string }).reissueOf).toBe(old.serial);

  // The batch says what it reissues, is processed to the inventory, then offers the revoke.
  await open.click();
  await page.waitForURL(/\/batches\/\d+$/);
  const batch = new BatchDetailPage(page);
  const reissueOf = page.getByTestId("reissue-of");
  await expect(reissueOf.getByTestId("reissue-of-link")).toHaveAttribute("href", `/certificates/${old.serial}`);
  await batch.waitForState("indexed");
  await expect(batch.certificateLink(old.commonName)).toBeVisible();
  const newSerial = ((await batch.certificateLink(old.commonName).getAttribute("href")) ?? "").split("/").pop() ?? "";
  expect(newSerial).toMatch(/^[0-9A-F]+$/);
  expect(newSerial).not.toBe(old.serial);
  await expect(reissueOf.getByRole("button", { name: "Revoke the old certificate (superseded)" })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "reissue-batch");

  // The new certificate says what it replaces.
  const newPage = new CertificateDetailPage(page);
  await newPage.goto(newSerial, old.commonName);
  await expect(page.getByTestId("replaces-link")).toHaveAttribute("href", `/certificates/${old.serial}`);
  await expect(page.getByTestId("revoke-superseded")).toHaveCount(0);
  await screenshotBoth(page, "reissue-new-certificate");

  // The old one says what replaced it, and offers the revoke with "superseded" chosen.
  await oldPage.goto(old.serial, old.commonName);
  await expect(page.getByTestId("replaced-by-link")).toHaveAttribute("href", `/certificates/${newSerial}`);
  const superseded = page.getByTestId("revoke-superseded");
  await expect(superseded).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "reissue-old-certificate");
  await superseded.getByRole("button", { name: "Revoke the old certificate (superseded)" }).click();
  const dialog = oldPage.dialog(old.commonName);
  await expect(dialog.getByLabel("Reason (RFC 5280)")).toHaveValue("4");
  await dialog.getByLabel("Type the common name to confirm").fill(old.commonName);
  const revokedAt = auditHeadSeq();
  await dialog.getByRole("button", { name: "Revoke", exact: true }).click();
  const result = dialog.getByTestId("revoke-result");
  await expect(result).toHaveAttribute("data-outcome", "revoked", { timeout: 30_000 });
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(oldPage.status).toHaveText("Revoked");
  await expect(oldPage.reason).toHaveText("Superseded, code 4");
  await expect(page.getByTestId("reissue-link")).toHaveCount(0);
  const revokes = auditEntriesAfter(revokedAt, { action: "certificate.revoke" }).filter((e) => e.target_id === old.serial);
  expect(revokes.map((e) => e.outcome)).toEqual(["requested", "succeeded"]);

  // The search rows link both ways.
  await page.goto(`/certificates?q=${encodeURIComponent(old.commonName)}`);
  const rows = page.getByTestId("certificate-row");
  await expect(rows).toHaveCount(2);
  const oldRow = rows.filter({ has: page.getByTestId("certificate-serial").getByText(old.serial, { exact: true }) });
  const newRow = rows.filter({ has: page.getByTestId("certificate-serial").getByText(newSerial, { exact: true }) });
  await expect(oldRow.getByTestId("replaced-by").getByRole("link")).toHaveAttribute("href", `/certificates/${newSerial}`);
  await expect(newRow.getByTestId("replaces").getByRole("link")).toHaveAttribute("href", `/certificates/${old.serial}`);
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "reissue-search");

  // A revoked certificate is not reissued: the page says why, and the server refuses it too.
  await page.goto(`/certificates/${old.serial}/reissue`);
  await expect(page.getByTestId("not-reissuable")).toContainText(`${old.commonName} is revoked, so it is not reissued`);
  await expect(page.getByRole("form", { name: "Reissue certificate" })).toHaveCount(0);
  await context.close();
});

test("a certificate from a CSR is reissued from the VASP's new CSR, as a CSR batch of one", async ({ browser }) => {
  test.setTimeout(180_000);
  const { operator } = await newStaff(browser, "reissue", "operator");
  const { page, context } = await signedInContext(browser, operator.email, operator.password);
  const commonName = uniqueCommonName();

  const upload = new UploadCsrsPage(page);
  await upload.goto();
  await upload.text.fill(await makeCsrPem(commonName));
  await upload.preview.click();
  await upload.submitValid(1).click();
  await page.waitForURL(/\/batches\/\d+\?submitted=1/);
  const first = new BatchDetailPage(page);
  await first.waitForState("indexed");
  const oldSerial = ((await first.certificateLink(commonName).getAttribute("href")) ?? "").split("/").pop() ?? "";

  const oldPage = new CertificateDetailPage(page);
  await oldPage.goto(oldSerial, commonName);
  await page.getByTestId("reissue-link").click();
  const form = page.getByRole("form", { name: "Reissue from a new CSR" });
  await expect(form).toBeVisible();
  // Two CSRs are refused beside the field: a reissue takes exactly one.
  await form.getByLabel("New CSR (PEM)").fill((await makeCsrPem(commonName)) + (await makeCsrPem(commonName)));
  await form.getByRole("button", { name: "Reissue from this CSR" }).click();
  await expect(form.getByText("A reissue takes exactly one CSR; the text holds 2.").first()).toBeVisible({ timeout: 20_000 });
  await form.getByLabel("New CSR (PEM)").fill(await makeCsrPem(commonName));
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "reissue-csr-form");

  const before = auditHeadSeq();
  await form.getByRole("button", { name: "Reissue from this CSR" }).click();
  await page.waitForURL(/\/batches\/\d+\?submitted=1&skipped=0$/);
  await expect(page.getByTestId("reissue-of-link")).toHaveAttribute("href", `/certificates/${oldSerial}`);
  const uploads = auditEntriesAfter(before, { action: "csr.upload" });
  expect(JSON.parse(uploads[0]?.details ?? "{}")).toMatchObject({ submitted: 1, reissueOf: oldSerial });
  const reissue = new BatchDetailPage(page);
  await reissue.waitForState("indexed");
  await oldPage.goto(oldSerial, commonName);
  await expect(page.getByTestId("replaced-by-link")).toBeVisible();
  await context.close();
});
