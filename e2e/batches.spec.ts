import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { Page, Request } from "@playwright/test";
import { auditEntriesAfter, auditHeadSeq, BASE_URL, expect, signedInContext, test, newStaff, warmUp } from "./fixtures";
import { BatchDetailPage } from "./pages/batches-detail-page";
import { forgeCsrPem, makeCsrPem } from "./pages/batches-csrs";
import { BatchesListPage } from "./pages/batches-list-page";
import { NewCertificatePage } from "./pages/batches-new-page";
import { expectAccessible, screenshotBoth } from "./pages/look";
import { UploadCsrsPage } from "./pages/batches-upload-page";

const DATABASE = path.resolve(process.env.E2E_DATABASE ?? ".e2e/data/portal.db");

function suffix(): string {
  return randomBytes(4).toString("hex");
}

function batchCount(): number {
  const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM batches").get() as { n: number }).n;
  } finally {
    db.close();
  }
}


/** The next server-action POST the page sends (its id and body, for replaying). */
function nextActionRequest(page: Page): Promise<Request> {
  return page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
}

test.beforeAll(({ browser }) => warmUp(browser));

test.describe("batches", () => {
  test("an operator issues a single certificate, sees it through to the inventory without a reload, and downloads the ZIP", async ({ browser }) => {
    test.setTimeout(120_000);
    const { operator } = await newStaff(browser, "batches", "operator");
    const { page, context } = await signedInContext(browser, operator.email, operator.password);
    const commonName = `e2e-${suffix()}.example.com`;
    const extra = `api-${suffix()}.example.com`;

    const list = new BatchesListPage(page);
    await list.goto();
    await expectAccessible(page);
    await list.newCertificate.click();

    const form = new NewCertificatePage(page);
    await expect(form.heading).toBeVisible();
    // Profile 85 asks for the subject; its authority is listed with its balance.
    await form.authority.selectOption("489");
    await expect(page.getByLabel("Country (C)")).toHaveAttribute("pattern", "[A-Z]{2}");
    await form.fill({ commonName, dnsNames: [extra], subject: { organization: "E2E VASP, Inc.", locality: "Menlo Park", state: "California", country: "US" } });
    await expect(form.batchName).toHaveAttribute("placeholder", `new certs for ${commonName}`);
    await expectAccessible(page);
    await screenshotBoth(page, "batches-new");

    const before = auditHeadSeq();
    await form.submit.click();
    await expect(form.result).toBeVisible({ timeout: 20_000 });
    const password = ((await form.password.textContent()) ?? "").trim();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    await expect(form.result.getByText("Store it now; it will not be shown again.")).toBeVisible();
    await expect(form.result.getByRole("button", { name: "Copy password" })).toBeVisible();
    await expectAccessible(page);
    await screenshotBoth(page, "batches-new-result", { mask: [form.password] });

    // Audited as intent + outcome by the operator; the password is nowhere in the log.
    const created = auditEntriesAfter(before, { action: "batch.create" });
    expect(created.map((e) => e.outcome)).toEqual(["requested", "succeeded"]);
    expect(created.every((e) => e.actor_email === operator.email && e.target_type === "batch")).toBe(true);
    for (const e of auditEntriesAfter(before)) expect(e.details).not.toContain(password);

    await form.openBatch.click();
    await page.waitForURL(/\/batches\/\d+$/);
    expect(page.url()).not.toContain(password);
    await expect(page.locator("body")).not.toContainText(password);
    const detail = new BatchDetailPage(page);
    // Marks this document: if the page reloaded, the mark would be gone.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await detail.waitForState("indexed");
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await expect(detail.progress).toHaveAttribute("aria-valuenow", "100");
    await expect(detail.certificateLink(commonName)).toHaveAttribute("href", /^\/certificates\/[0-9A-F]+$/);
    await expect(detail.history.getByText("Single certificate requested").first()).toBeVisible();
    await expect(page.getByTestId("fact-dns-names")).toContainText(extra);
    await expectAccessible(page);
    await screenshotBoth(page, "batches-detail");

    // The ZIP, as an attachment named after Sectigo's batch id; a real ZIP ("PK").
    const sectigoBatchId = await detail.sectigoBatchId();
    expect(sectigoBatchId).toBeGreaterThan(0);
    const beforeDownload = auditHeadSeq();
    const [download] = await Promise.all([page.waitForEvent("download"), detail.downloadZip.click()]);
    expect(download.suggestedFilename()).toBe(`${sectigoBatchId}.zip`);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 2).toString("latin1")).toBe("PK");
    const downloads = auditEntriesAfter(beforeDownload, { action: "batch.download", actor_email: operator.email });
    expect(downloads.map((e) => e.outcome)).toEqual(["requested", "succeeded"]);

    // The list shows it as complete, filtered by state and kind in the URL.
    const batchId = detail.id();
    await list.goto(`?state=indexed&kind=single`);
    const row = list.row(batchId);
    await expect(row).toBeVisible();
    await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(row.getByText("Complete")).toBeVisible();
    await screenshotBoth(page, "batches-list");
    await context.close();
  });

  test("uploading three CSRs flags the forged one, submits the two good ones, and the batch ends with two certificates", async ({ browser }) => {
    test.setTimeout(120_000);
    const { operator } = await newStaff(browser, "batches", "operator");
    const { page, context } = await signedInContext(browser, operator.email, operator.password);
    const names = [`e2e-${suffix()}.example.com`, `e2e-${suffix()}.example.com`, `e2e-${suffix()}.example.com`];
    const [good1, good2, forged] = await Promise.all(names.map(makeCsrPem));
    const file = path.join(os.tmpdir(), `three-${suffix()}.pem`);
    writeFileSync(file, `${good1}\n${good2}\n${forgeCsrPem(forged ?? "", names[2] ?? "")}\n`);

    const upload = new UploadCsrsPage(page);
    await upload.goto();
    await expect(page.getByText("up to 1 MiB", { exact: false }).first()).toBeVisible();
    await upload.previewFile(file, 17);
    await expect(upload.previewSection.getByRole("heading")).toHaveText("Preview: 3 CSRs, 2 valid");
    await expect(upload.row(1).getByTestId("signature")).toHaveText("✓ valid");
    await expect(upload.row(2).getByTestId("signature")).toHaveText("✓ valid");
    await expect(upload.row(3).getByTestId("signature")).toHaveText("✗ invalid");
    await expect(upload.row(3).getByTestId("problems")).toContainText("signature");
    await expect(upload.row(3).getByText("Skipped")).toBeVisible();
    await expect(upload.row(1).getByText(names[0] ?? "").first()).toBeVisible();
    await expectAccessible(page);
    await screenshotBoth(page, "batches-upload-preview");

    const before = auditHeadSeq();
    await upload.submitValid(2).click();
    await page.waitForURL(/\/batches\/\d+\?submitted=2&skipped=1$/);
    await expect(page.getByText("2 CSRs were sent to Sectigo; 1 with problems was left out.")).toBeVisible();
    const detail = new BatchDetailPage(page);
    await detail.waitForState("indexed");
    await expect(page.getByRole("heading", { name: "Certificates (2)" })).toBeVisible();
    await expect(detail.certificateLink(names[0] ?? "")).toBeVisible();
    await expect(detail.certificateLink(names[1] ?? "")).toBeVisible();

    const uploads = auditEntriesAfter(before, { action: "csr.upload" });
    expect(uploads.map((e) => e.outcome)).toEqual(["requested", "succeeded"]);
    expect(JSON.parse(uploads[0]?.details ?? "{}")).toMatchObject({ submitted: 2, skipped: 1 });
    await context.close();
  });

  test("support and auditor see no way to issue, and their direct posts to the actions are refused and audited", async ({ browser }) => {
    test.setTimeout(180_000);
    const accounts = await newStaff(browser, "batches", "operator", "support", "auditor");
    const operator = accounts.operator;
    const op = await signedInContext(browser, operator.email, operator.password);

    // Capture the real create and upload requests of an operator: action ids and bodies.
    const form = new NewCertificatePage(op.page);
    await form.goto();
    await form.fill({ commonName: `e2e-${suffix()}.example.com` });
    const [createRequest] = await Promise.all([nextActionRequest(op.page), form.submit.click()]);
    await expect(form.result).toBeVisible({ timeout: 20_000 });

    const upload = new UploadCsrsPage(op.page);
    await upload.goto();
    await upload.text.fill(await makeCsrPem(`e2e-${suffix()}.example.com`));
    await upload.preview.click();
    const [uploadRequest] = await Promise.all([nextActionRequest(op.page), upload.submitValid(1).click()]);
    await op.page.waitForURL(/\/batches\/\d+\?submitted=1/);
    const operatorBatch = new BatchDetailPage(op.page).id();
    await op.context.close();

    for (const role of ["support", "auditor"] as const) {
      const person = accounts[role];
      const { page, context } = await signedInContext(browser, person.email, person.password);
      const list = new BatchesListPage(page);
      await list.goto();
      await expect(list.newCertificate).toHaveCount(0);
      await expect(list.uploadCsrs).toHaveCount(0);

      // They may read a batch, but neither download it nor push it along.
      await page.goto(`/batches/${operatorBatch}`);
      const detail = new BatchDetailPage(page);
      await expect(detail.state).toBeVisible();
      await expect(detail.downloadZip).toHaveCount(0);
      await expect(detail.checkNow).toHaveCount(0);
      const zip = await page.request.get(`/api/batches/${operatorBatch}/download`, { maxRedirects: 0 });
      expect(zip.status()).toBe(403);

      // The forms are not theirs.
      for (const path of ["/batches/new", "/batches/upload"]) {
        await page.goto(path);
        await expect(page).toHaveURL(/\/forbidden\?permission=/);
      }

      const batchesBefore = batchCount();
      const before = auditHeadSeq();
      for (const [captured, actionName, permission] of [
        [createRequest, "createSingleCertificateAction", "batches.create"],
        [uploadRequest, "uploadCsrsAction", "csr.upload"],
      ] as const) {
        const res = await page.request.post(captured.url(), {
          headers: {
            "next-action": captured.headers()["next-action"] ?? "",
            "content-type": captured.headers()["content-type"] ?? "",
            accept: "text/x-component",
            origin: BASE_URL,
          },
          data: captured.postDataBuffer() ?? Buffer.alloc(0),
          maxRedirects: 0,
        });
        expect(res.status()).toBe(200);
        expect(await res.text()).toContain("FORBIDDEN");
        const denial = auditEntriesAfter(before, { action: "access.denied", actor_email: person.email }).find(
          (e) => (JSON.parse(e.details) as { action?: string }).action === actionName,
        );
        expect(denial, `${role} ${actionName}`).toMatchObject({ actor_role: role, outcome: "denied", target_id: permission });
      }
      expect(batchCount()).toBe(batchesBefore);
      await context.close();
    }
  });

  test("the list filters by state and kind in the address and explains a bad filter", async ({ adminPage }) => {
    const list = new BatchesListPage(adminPage);
    await list.goto();
    await list.filter({ state: "rejected", kind: "csr" });
    await expect(adminPage).toHaveURL(/\/batches\?state=rejected&kind=csr$/);
    await expect(list.filters.getByLabel("State")).toHaveValue("rejected");
    await list.goto("?state=bogus");
    await expect(adminPage.getByText('"bogus" is not a batch state; showing every state.')).toBeVisible();
    await expectAccessible(adminPage);
  });
});
