import { expect, type Locator, type Page } from "@playwright/test";

/** One batch (/batches/<id>): live status, facts, certificates, history, ZIP. */
export class BatchDetailPage {
  readonly state: Locator;
  readonly progress: Locator;
  readonly downloadZip: Locator;
  readonly checkNow: Locator;
  readonly certificates: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.state = page.getByTestId("batch-state");
    this.progress = page.getByRole("progressbar", { name: "Batch progress" });
    this.downloadZip = page.getByRole("link", { name: "Download ZIP" });
    this.checkNow = page.getByRole("button", { name: "Check now" });
    this.certificates = page.getByRole("table", { name: "Certificates issued in this batch" });
    this.history = page.getByRole("table", { name: /^History of this batch/ });
  }

  /** The portal's id from the address. */
  id(): number {
    const m = /\/batches\/(\d+)/.exec(new URL(this.page.url()).pathname);
    return m ? Number(m[1]) : NaN;
  }

  async sectigoBatchId(): Promise<number> {
    return Number(((await this.page.getByTestId("fact-sectigo-batch").textContent()) ?? "").trim());
  }

  /** Waits, without reloading, until the batch reaches `state` (e.g. "indexed"). */
  async waitForState(state: string, timeout = 45_000): Promise<void> {
    await expect(this.state).toHaveAttribute("data-state", state, { timeout });
  }

  certificateLink(commonName: string): Locator {
    return this.certificates.getByRole("link", { name: commonName, exact: true });
  }
}
