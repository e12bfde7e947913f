import { expect, type Locator, type Page } from "@playwright/test";

/** The parts of a batch's page that deal with a failed or unknown create (/batches/<id>). */
export class BatchFailurePanels {
  readonly settle: Locator;
  readonly linkForm: Locator;
  readonly sectigoBatchId: Locator;
  readonly linkButton: Locator;
  readonly closeForm: Locator;
  readonly reason: Locator;
  readonly closeButton: Locator;
  readonly retry: Locator;
  readonly retryButton: Locator;
  readonly retryResult: Locator;
  readonly linkedResult: Locator;
  readonly lastError: Locator;
  readonly lastErrorText: Locator;
  readonly closedNotice: Locator;
  readonly settledNotice: Locator;
  readonly zipRefused: Locator;
  readonly downloadError: Locator;

  constructor(readonly page: Page) {
    this.settle = page.getByRole("region", { name: "Did Sectigo create this batch?" });
    this.linkForm = page.getByRole("form", { name: "Sectigo created it" });
    this.sectigoBatchId = this.linkForm.getByLabel("Sectigo batch id");
    this.linkButton = this.linkForm.getByRole("button", { name: "Link this Sectigo batch" });
    this.closeForm = page.getByRole("form", { name: "Sectigo did not create it" });
    this.reason = this.closeForm.getByLabel("How do you know?");
    this.closeButton = this.closeForm.getByRole("button", { name: "Close this batch" });
    this.retry = page.getByRole("region", { name: "Send it again" });
    this.retryButton = this.retry.getByRole("button", { name: "Retry" });
    this.retryResult = page.getByTestId("retry-result");
    this.linkedResult = page.getByTestId("linked-result");
    this.lastError = page.getByTestId("last-error");
    this.lastErrorText = page.getByTestId("last-error-text");
    this.closedNotice = page.getByTestId("batch-closed");
    this.settledNotice = page.getByTestId("batch-settled");
    this.zipRefused = page.getByTestId("zip-refused");
    this.downloadError = page.getByTestId("download-error");
  }

  async goto(batchId: number): Promise<void> {
    await this.page.goto(`/batches/${batchId}`);
    await expect(this.page.getByTestId("batch-state")).toBeVisible();
  }

  async link(sectigoBatchId: number): Promise<void> {
    await this.sectigoBatchId.fill(String(sectigoBatchId));
    await this.linkButton.click();
  }

  async close(reason: string): Promise<void> {
    await this.reason.fill(reason);
    await this.closeButton.click();
  }
}

/** The failure notice of the new-certificate and CSR-upload forms, with its link to the batch. */
export function submitFailure(page: Page): Locator {
  return page.getByTestId("submit-failure");
}

/** The portal's batch id named by the failure notice's link. */
export async function failedBatchId(page: Page): Promise<number> {
  const href = (await submitFailure(page).getByRole("link").getAttribute("href")) ?? "";
  const m = /\/batches\/(\d+)$/.exec(href);
  expect(m, href).not.toBeNull();
  return Number(m?.[1]);
}
