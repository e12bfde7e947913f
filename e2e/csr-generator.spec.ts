import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { ADMIN, expect, signedInContext, test, uniqueEmail, uniquePassword, warmUp } from "./fixtures";
import { BatchDetailPage } from "./pages/batches-detail-page";
import { expectAccessible, screenshotBoth } from "./pages/look";
import { UploadCsrsPage } from "./pages/batches-upload-page";
import { StaffPage } from "./pages/staff-page";

test.beforeAll(({ browser }) => warmUp(browser));

test("a CSR generated in the browser is uploaded and issued, and its private key never leaves the browser", async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await signedInContext(browser, ADMIN.email, ADMIN.password);
  const staff = new StaffPage(admin.page);
  await staff.goto();
  const email = uniqueEmail("csr-generator");
  const password = uniquePassword();
  await staff.create({ email, name: "CSR Generator", role: "operator", password });
  await admin.context.close();

  const { page, context } = await signedInContext(browser, email, password);
  // Every request the page makes, with its body: none may carry the key.
  const sent: string[] = [];
  page.on("request", (r) => sent.push(`${r.method()} ${r.url()}\n${r.postDataBuffer()?.toString("latin1") ?? ""}`));

  const upload = new UploadCsrsPage(page);
  await upload.goto();
  const commonName = `gen-${randomBytes(4).toString("hex")}.example.com`;
  const keyLink = await upload.generate({ commonName, organization: "E2E VASP, Inc.", country: "US" });
  await expect(upload.text).toHaveValue(/-----BEGIN CERTIFICATE REQUEST-----/);
  await expect(page.getByText("The private key never leaves this browser")).toBeVisible();
  await expectAccessible(page);
  await screenshotBoth(page, "batches-upload-generator");

  const [download] = await Promise.all([page.waitForEvent("download"), keyLink.click()]);
  expect(download.suggestedFilename()).toBe(`${commonName}.key.pem`);
  const key = readFileSync(await download.path()).toString("utf8");
  expect(key).toContain("-----BEGIN PRIVATE KEY-----");
  // A distinctive piece of the key body, to look for in what was sent.
  const keyBody = key.split("\n")[5] ?? "";
  expect(keyBody.length).toBeGreaterThan(40);

  await upload.preview.click();
  await expect(upload.previewSection.getByRole("heading")).toHaveText("Preview: 1 CSR, 1 valid");
  await expect(upload.row(1).getByText(commonName).first()).toBeVisible();
  await expect(upload.row(1).getByText("RSA 4096")).toBeVisible();
  await upload.submitValid(1).click();
  await page.waitForURL(/\/batches\/\d+\?submitted=1&skipped=0$/);

  const detail = new BatchDetailPage(page);
  await detail.waitForState("indexed");
  await expect(detail.certificateLink(commonName)).toBeVisible();

  expect(sent.length).toBeGreaterThan(3);
  for (const request of sent) {
    expect(request).not.toContain("PRIVATE KEY");
    expect(request).not.toContain(keyBody);
  }
  await context.close();
});
