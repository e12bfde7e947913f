// Settling a create or upload whose outcome is unknown, and retrying a failed one, from the
// batch's page: "Sectigo created it: batch N" links only a matching Sectigo batch, which
// then goes on to the inventory; "Sectigo did not create it" closes the batch for good with
// the person's reason; the second of two people is told who was first; support and auditor
// are refused (and the refusal audited); Retry sends a failed create once more and shows the
// new PKCS#12 password once. Every settlement is a batch.resolve entry by the person.
import { randomBytes } from "node:crypto";
import type { Page, Request } from "@playwright/test";
import { auditEntriesAfter, auditHeadSeq, BASE_URL, expect, signedInContext, test, newStaff, warmUp } from "./fixtures";
import { BatchFailurePanels, failedBatchId, submitFailure } from "./pages/batch-failure-page";
import { makeCsrPem } from "./pages/batches-csrs";
import { BatchDetailPage } from "./pages/batches-detail-page";
import { NewCertificatePage } from "./pages/batches-new-page";
import { UploadCsrsPage } from "./pages/batches-upload-page";
import { sectigoUpload } from "./pages/simulator-sectigo";
import { callCount, clearFaults, injectFault } from "./simulator-faults";

function host(): string {
  return `e2e-${randomBytes(4).toString("hex")}.example.com`;
}


function resolveEntries(after: number) {
  return auditEntriesAfter(after, { action: "batch.resolve" }).map((e) => ({ ...e, parsed: JSON.parse(e.details) as Record<string, unknown> }));
}

function nextActionRequest(page: Page): Promise<Request> {
  return page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
}

test.beforeAll(({ browser }) => warmUp(browser));

test.afterEach(async () => clearFaults());

test("a lost CSR upload is linked to the Sectigo batch it made, after a mismatch and an unknown number are refused, and goes on to the inventory", async ({ browser }) => {
  test.setTimeout(120_000);
  const { operator } = await newStaff(browser, "resolve", "operator");
  const { page, context } = await signedInContext(browser, operator.email, operator.password);
  const commonName = host();
  const csr = await makeCsrPem(commonName);

  const upload = new UploadCsrsPage(page);
  await upload.goto();
  await upload.profile.selectOption("17");
  await upload.text.fill(csr);
  await upload.preview.click();
  await injectFault({ kind: "timeout", match: "/api/v1/batches/upload" });
  await upload.submitValid(1).click();
  await expect(submitFailure(page)).toBeVisible({ timeout: 20_000 });
  const batchId = await failedBatchId(page);
  await submitFailure(page).getByRole("link").click();
  const panels = new BatchFailurePanels(page);
  await expect(panels.settle).toBeVisible();
  await expect(panels.settle).toContainText("Why the portal cannot tell");
  const before = auditHeadSeq();

  // What a person finds in Sectigo: someone else's batch, and the one the lost upload made.
  const other = await sectigoUpload(17, "someone-else.pem", await makeCsrPem(host()));
  await panels.link(other);
  await expect(panels.linkForm.getByRole("alert")).toHaveText(
    `Sectigo batch ${other} is “someone-else.pem” under profile CipherTrace EE, but this batch is “pasted-csrs.pem” under profile CipherTrace EE, so it is not the one this request created. Nothing was changed; check the number in Sectigo.`,
  );
  await panels.link(999_999);
  await expect(panels.linkForm.getByRole("alert")).toHaveText("Sectigo has no batch 999999. Nothing was changed; check the number in Sectigo.");
  await page.reload();
  await expect(page.getByTestId("batch-state")).toHaveAttribute("data-state", "unknown");

  const made = await sectigoUpload(17, "pasted-csrs.pem", csr);
  await panels.link(made);
  await expect(panels.settledNotice).toContainText(`Settled by ${operator.email}`);
  await expect(panels.settledNotice).toContainText(`Sectigo created it: linked to Sectigo batch ${made}.`);
  const detail = new BatchDetailPage(page);
  await detail.waitForState("indexed");
  await expect(detail.certificateLink(commonName)).toBeVisible();
  expect(await detail.sectigoBatchId()).toBe(made);

  const entries = resolveEntries(before);
  expect(entries.map((e) => e.outcome)).toEqual(["failed", "failed", "succeeded"]);
  expect(entries.every((e) => e.actor_email === operator.email && e.target_id === String(batchId))).toBe(true);
  expect(entries[2]?.parsed).toMatchObject({ resolution: "created", sectigoBatchId: made });
  await context.close();
});

test("a lost create is closed with a reason; the second person is told who was first; support and auditor may not settle", async ({ browser }) => {
  test.setTimeout(120_000);
  // Two operators, not an admin: the suite keeps the first admin the only one (e2e/fixtures.ts).
  const staff = await newStaff(browser, "resolve", "operator", "support", "auditor");
  const { operator: otherOperator } = await newStaff(browser, "resolve-second", "operator");
  const first = await signedInContext(browser, staff.operator.email, staff.operator.password);
  const form = new NewCertificatePage(first.page);
  await form.goto();
  await form.fill({ authorityId: 423, commonName: host() });
  await injectFault({ kind: "timeout", match: "/api/v1/batches/createSingleCertBatch" });
  await form.submit.click();
  await expect(submitFailure(first.page)).toBeVisible({ timeout: 20_000 });
  const batchId = await failedBatchId(first.page);

  // Both open the page; the first closes it, the second (still on the old page) links.
  const second = await signedInContext(browser, otherOperator.email, otherOperator.password);
  const mine = new BatchFailurePanels(first.page);
  const theirs = new BatchFailurePanels(second.page);
  await mine.goto(batchId);
  await theirs.goto(batchId);
  const before = auditHeadSeq();
  const reason = `Not in Sectigo's batch list (${randomBytes(3).toString("hex")})`;
  const [closeRequest] = await Promise.all([nextActionRequest(first.page), mine.close(reason)]);
  await expect(mine.closedNotice).toContainText(`Closed by ${staff.operator.email}`);
  await expect(mine.closedNotice).toContainText(reason);
  await expect(first.page.getByTestId("batch-state")).toHaveAttribute("data-state", "closed");
  await expect(mine.settle).toHaveCount(0);
  await expect(mine.retry).toHaveCount(0);

  await theirs.link(10_000);
  await expect(theirs.linkForm.getByRole("alert")).toContainText(
    `This batch is no longer waiting to be settled: it was settled by ${staff.operator.email} meanwhile, or its outcome became known. Nothing was changed`,
  );
  const entries = resolveEntries(before);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ outcome: "succeeded", actor_email: staff.operator.email, target_id: String(batchId) });
  expect(entries[0]?.parsed).toMatchObject({ resolution: "not-created", reason });
  await first.context.close();
  await second.context.close();

  for (const role of ["support", "auditor"] as const) {
    const person = await signedInContext(browser, staff[role].email, staff[role].password);
    const seen = new BatchFailurePanels(person.page);
    await seen.goto(batchId);
    await expect(seen.closedNotice).toBeVisible();
    await expect(seen.linkForm).toHaveCount(0);
    const deniedFrom = auditHeadSeq();
    const res = await person.page.request.post(closeRequest.url(), {
      headers: {
        "next-action": closeRequest.headers()["next-action"] ?? "",
        "content-type": closeRequest.headers()["content-type"] ?? "",
        accept: "text/x-component",
        origin: BASE_URL,
      },
      data: closeRequest.postDataBuffer() ?? Buffer.alloc(0),
      maxRedirects: 0,
    });
    expect(await res.text()).toContain("FORBIDDEN");
    const denial = auditEntriesAfter(deniedFrom, { action: "access.denied", actor_email: staff[role].email });
    expect(denial.map((d) => JSON.parse(d.details) as { action?: string }).map((d) => d.action)).toEqual(["closeUnknownBatchAction"]);
    expect(resolveEntries(deniedFrom)).toHaveLength(0);
    await person.context.close();
  }
});

test("support sees why an unknown batch waits, but no way to settle it", async ({ browser }) => {
  const staff = await newStaff(browser, "resolve", "operator", "support");
  const op = await signedInContext(browser, staff.operator.email, staff.operator.password);
  const form = new NewCertificatePage(op.page);
  await form.goto();
  await form.fill({ authorityId: 423, commonName: host() });
  await injectFault({ kind: "malformed", match: "/api/v1/batches/createSingleCertBatch" });
  await form.submit.click();
  await expect(submitFailure(op.page)).toBeVisible({ timeout: 20_000 });
  const batchId = await failedBatchId(op.page);
  await op.context.close();

  const support = await signedInContext(browser, staff.support.email, staff.support.password);
  const panels = new BatchFailurePanels(support.page);
  await panels.goto(batchId);
  await expect(panels.settle).toContainText("An operator or an administrator can settle it");
  await expect(panels.linkForm).toHaveCount(0);
  await expect(panels.closeForm).toHaveCount(0);
  await support.context.close();
});

test("a failed create is retried from its page: sent once more, the new password shown once, and the batch completes", async ({ browser }) => {
  test.setTimeout(120_000);
  const { operator } = await newStaff(browser, "resolve", "operator");
  const { page, context } = await signedInContext(browser, operator.email, operator.password);
  const commonName = host();
  const form = new NewCertificatePage(page);
  await form.goto();
  await form.fill({ authorityId: 423, commonName });
  const before = auditHeadSeq();
  const calls = await callCount("PUT /api/v1/batches/createSingleCertBatch");
  await injectFault({ kind: "status", status: 500, match: "/api/v1/batches/createSingleCertBatch" });
  await form.submit.click();
  await expect(submitFailure(page)).toBeVisible({ timeout: 20_000 });
  await submitFailure(page).getByRole("link").click();

  const panels = new BatchFailurePanels(page);
  await panels.retryButton.click();
  await expect(panels.retryResult).toBeVisible({ timeout: 20_000 });
  const password = ((await panels.retryResult.getByTestId("pkcs12-password").textContent()) ?? "").trim();
  expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
  await expect(panels.retryResult.getByText("Store it now; it will not be shown again.")).toBeVisible();
  expect(await callCount("PUT /api/v1/batches/createSingleCertBatch")).toBe(calls + 2);
  const creates = auditEntriesAfter(before, { action: "batch.create" });
  expect(creates.map((e) => e.outcome)).toEqual(["requested", "failed", "requested", "succeeded"]);
  expect(creates.every((e) => e.actor_email === operator.email)).toBe(true);
  for (const e of auditEntriesAfter(before)) expect(e.details).not.toContain(password);

  await panels.retryResult.getByRole("button", { name: /I have stored it/ }).click();
  await expect(panels.retryResult).toHaveCount(0);
  const detail = new BatchDetailPage(page);
  await detail.waitForState("indexed");
  await expect(detail.certificateLink(commonName)).toBeVisible();
  await expect(page.locator("body")).not.toContainText(password);
  await context.close();
});
