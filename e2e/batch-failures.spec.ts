// When Sectigo fails a create, an upload, a check or a download: each page says what
// happened in the words of that operation (lib/sectigo/user-message.ts), the audit records
// failed or unknown (never succeeded), the create or upload is sent once and not repeated,
// and the batch page offers what fits: Retry after a refusal, the two ways to settle an
// unknown outcome otherwise. A batch with a revoked certificate offers no ZIP.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { ADMIN, auditEntriesAfter, auditHeadSeq, expect, test, warmUp } from "./fixtures";
import { BatchFailurePanels, failedBatchId, submitFailure } from "./pages/batch-failure-page";
import { makeCsrPem } from "./pages/batches-csrs";
import { BatchDetailPage } from "./pages/batches-detail-page";
import { NewCertificatePage } from "./pages/batches-new-page";
import { UploadCsrsPage } from "./pages/batches-upload-page";
import { CertificateDetailPage } from "./pages/certificates-detail-page";
import { callCount, clearFaults, injectFault, type Fault } from "./simulator-faults";

const CREATE = "PUT /api/v1/batches/createSingleCertBatch";
const UPLOAD = "POST /api/v1/batches/upload";

function host(): string {
  return `e2e-${randomBytes(4).toString("hex")}.example.com`;
}

interface FaultCase {
  name: string;
  fault: (match: string) => Fault;
  text: RegExp;
  outcome: "failed" | "unknown";
  /** requests the one create/upload makes; 3 only for the client's 401 recovery (as sent, after a refresh, after a login) */
  sends: number;
}

const CASES: FaultCase[] = [
  {
    name: "HTTP 500",
    fault: (match) => ({ kind: "status", status: 500, match }),
    text: /^Sectigo answered with a server error \(HTTP 500\).*, so no batch was created\. You can retry it from the batch's page once Sectigo works again\.$/,
    outcome: "failed",
    sends: 1,
  },
  {
    name: "a timeout",
    fault: (match) => ({ kind: "timeout", match }),
    text: /^Sectigo did not answer within 4 s, so whether Sectigo created the batch is unknown\. The batch is marked "unknown" on its page: settle it there/,
    outcome: "unknown",
    sends: 1,
  },
  {
    name: "a malformed reply",
    fault: (match) => ({ kind: "malformed", match }),
    text: /^Sectigo's reply could not be read \(it is not what the API promises\), so whether Sectigo created the batch is unknown\./,
    outcome: "unknown",
    sends: 1,
  },
  {
    name: "a 400 with Sectigo's own message",
    fault: (match) => ({ kind: "status", status: 400, match }),
    text: /^Sectigo refused it \(HTTP 400\): “Injected Error \(injected by the simulator\)”; no batch was created\.$/,
    outcome: "failed",
    sends: 1,
  },
  {
    name: "a 401 even after a fresh login",
    fault: (match) => ({ kind: "unauthorized", match, count: 3 }),
    text: /^Sectigo refused the portal's credentials even after a fresh login \(HTTP 401\), so no batch was created\. An administrator should check the portal's Sectigo account \(SECTIGO_USERNAME/,
    outcome: "failed",
    sends: 3,
  },
];

test.beforeAll(({ browser }) => warmUp(browser));

test.afterEach(async () => clearFaults());

/** After a failed create/upload: the audit, the call count, and what the batch page offers. */
async function expectFailureHandled(page: Page, c: { text: RegExp; outcome: "failed" | "unknown"; sends: number }, action: string, endpoint: string, before: { seq: number; calls: number }) {
  await expect(submitFailure(page)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("submit-failure-message")).toHaveText(c.text);
  const entries = auditEntriesAfter(before.seq, { action, actor_email: ADMIN.email });
  expect(entries.map((e) => e.outcome)).toEqual(["requested", c.outcome]);
  expect(await callCount(endpoint)).toBe(before.calls + c.sends);

  const batchId = await failedBatchId(page);
  expect(entries[0]?.target_id).toBe(String(batchId));
  await submitFailure(page).getByRole("link").click();
  await page.waitForURL(new RegExp(`/batches/${batchId}$`));
  const panels = new BatchFailurePanels(page);
  await expect(panels.lastErrorText).toHaveText(c.text);
  if (c.outcome === "failed") {
    await expect(page.getByTestId("batch-state")).toHaveAttribute("data-state", "errored");
    await expect(panels.retryButton).toBeVisible();
    await expect(panels.settle).toHaveCount(0);
  } else {
    await expect(page.getByTestId("batch-state")).toHaveAttribute("data-state", "unknown");
    await expect(panels.settle).toBeVisible();
    await expect(panels.linkButton).toBeVisible();
    await expect(panels.closeButton).toBeVisible();
    await expect(panels.retry).toHaveCount(0);
  }
}

test.describe("the new-certificate page when Sectigo fails", () => {
  for (const c of CASES) {
    test(`${c.name}: says so, audits ${c.outcome}, sends once`, async ({ adminPage }) => {
      const form = new NewCertificatePage(adminPage);
      await form.goto();
      await form.fill({ authorityId: 423, commonName: host() });
      const before = { seq: auditHeadSeq(), calls: await callCount(CREATE) };
      await injectFault(c.fault("/api/v1/batches/createSingleCertBatch"));
      await form.submit.click();
      await expectFailureHandled(adminPage, c, "batch.create", CREATE, before);
    });
  }
});

test.describe("the CSR upload page when Sectigo fails", () => {
  for (const c of CASES) {
    test(`${c.name}: says so, audits ${c.outcome}, sends once`, async ({ adminPage }) => {
      const upload = new UploadCsrsPage(adminPage);
      await upload.goto();
      await upload.profile.selectOption("17");
      await upload.text.fill(await makeCsrPem(host()));
      await upload.preview.click();
      const before = { seq: auditHeadSeq(), calls: await callCount(UPLOAD) };
      await injectFault(c.fault("/api/v1/batches/upload"));
      await upload.submitValid(1).click();
      await expectFailureHandled(adminPage, c, "csr.upload", UPLOAD, before);
    });
  }

  test("no balance for so many certificates: Sectigo's refusal is quoted and nothing was created", async ({ adminPage }) => {
    test.setTimeout(90_000);
    // Authority 489 (profile 85) starts with a balance of 50: 51 CSRs are more than it can
    // ever hold, so the simulator refuses the upload as Sectigo does, and spends nothing.
    const pems = await Promise.all(Array.from({ length: 51 }, () => makeCsrPem(host())));
    const upload = new UploadCsrsPage(adminPage);
    await upload.goto();
    await upload.profile.selectOption("85");
    await upload.text.fill(pems.join("\n"));
    await upload.preview.click();
    const before = { seq: auditHeadSeq(), calls: await callCount(UPLOAD) };
    await upload.submitValid(51).click();
    await expectFailureHandled(
      adminPage,
      { text: /^Sectigo refused it \(HTTP 400\): “not enough balance on authority 489: 51 certificates requested, \d+ available”; no batch was created\.$/, outcome: "failed", sends: 1 },
      "csr.upload",
      UPLOAD,
      before,
    );
  });
});

/** Issues one certificate through the form; returns the batch page, left open. */
async function issue(page: Page, commonName: string): Promise<BatchDetailPage> {
  const form = new NewCertificatePage(page);
  await form.goto();
  await form.issue({ authorityId: 423, commonName });
  await form.openBatch.click();
  await page.waitForURL(/\/batches\/\d+$/);
  return new BatchDetailPage(page);
}

test.describe("a batch's page when Sectigo fails later", () => {
  test("a failing check shows the words on the page, and so does Check now", async ({ adminPage }) => {
    // Any batch's detail read fails three times (the client retries a GET twice): the
    // poller's first look at the new batch meets it.
    await injectFault({ kind: "status", status: 503, match: "GET /api/v1/batches/{batchId}", count: 3 });
    const detail = await issue(adminPage, host());
    const panels = new BatchFailurePanels(adminPage);
    const words = /^The last check did not succeedSectigo answered with a server error \(HTTP 503\).*, so the batch was not checked\. The portal checks the batch again by itself\./;
    await expect(panels.lastError).toHaveText(words, { timeout: 20_000 });

    await injectFault({ kind: "status", status: 503, match: "GET /api/v1/batches/{batchId}", count: 3 });
    await detail.checkNow.click();
    await expect(adminPage.getByRole("button", { name: "Check now" })).toBeEnabled();
    await expect(panels.lastError).toHaveText(words);
    await clearFaults();
    await detail.waitForState("indexed");
  });

  test("a failing ZIP download shows the words on the batch page", async ({ adminPage }) => {
    const detail = await issue(adminPage, host());
    await detail.waitForState("indexed");
    const sectigoBatchId = await detail.sectigoBatchId();
    const before = auditHeadSeq();
    await injectFault({ kind: "status", status: 503, match: `/api/v1/batches/${sectigoBatchId}/download`, count: 3 });
    await detail.downloadZip.click();
    await adminPage.waitForURL(/downloadError=SECTIGO_FAILED/);
    const panels = new BatchFailurePanels(adminPage);
    await expect(panels.downloadError).toContainText(
      /Sectigo answered with a server error \(HTTP 503\).*, so nothing was downloaded\. Try again later\./,
    );
    const downloads = auditEntriesAfter(before, { action: "batch.download", actor_email: ADMIN.email });
    expect(downloads.map((e) => e.outcome)).toEqual(["requested", "failed"]);
  });

  test("a batch with a revoked certificate offers no ZIP, says why, and points to the certificate", async ({ adminPage }) => {
    test.setTimeout(90_000);
    const commonName = host();
    const detail = await issue(adminPage, commonName);
    await detail.waitForState("indexed");
    const batchId = detail.id();
    await detail.certificateLink(commonName).click();
    const cert = new CertificateDetailPage(adminPage);
    const result = await cert.revoke(commonName, "Superseded (code 4)");
    await expect(result).toContainText(/revoked/i);

    const panels = new BatchFailurePanels(adminPage);
    await panels.goto(batchId);
    const sentence =
      "One certificate of this batch is revoked, and Sectigo refuses the ZIP of such a batch (“cannot get certs in status REVOKED”), so the portal does not ask for it. Download each certificate's PEM from its page instead.";
    await expect(detail.downloadZip).toHaveCount(0);
    await expect(panels.zipRefused).toContainText(sentence);
    await expect(panels.zipRefused.getByRole("link", { name: commonName })).toHaveAttribute("href", /^\/certificates\/[0-9A-F]+$/);

    // The route refuses with the same sentence, without asking Sectigo.
    const calls = await callCount("GET /api/v1/batches/{batchId}/download");
    const res = await adminPage.request.get(`/api/batches/${batchId}/download`, { headers: { accept: "application/json" }, maxRedirects: 0 });
    expect(res.status()).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(sentence);
    expect(await callCount("GET /api/v1/batches/{batchId}/download")).toBe(calls);
  });
});
