import { expect, type Locator, type Page } from "@playwright/test";

/** The Batches list (/batches). */
export class BatchesListPage {
  readonly heading: Locator;
  readonly newCertificate: Locator;
  readonly uploadCsrs: Locator;
  readonly filters: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Batches", level: 1 });
    this.newCertificate = page.getByRole("link", { name: "New certificate" });
    this.uploadCsrs = page.getByRole("link", { name: "Upload CSRs" });
    this.filters = page.getByRole("search", { name: "Filter batches" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/batches${query}`);
    await expect(this.heading).toBeVisible();
  }

  row(batchId: number): Locator {
    return this.page.getByTestId(`batch-row-${batchId}`);
  }

  async filter(options: { state?: string; kind?: string }): Promise<void> {
    if (options.state !== undefined) await this.filters.getByLabel("State").selectOption(options.state);
    if (options.kind !== undefined) await this.filters.getByLabel("Kind").selectOption(options.kind);
    await this.filters.getByRole("button", { name: "Apply filters" }).click();
  }
}
