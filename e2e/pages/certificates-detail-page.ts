import { expect, type Locator, type Page } from "@playwright/test";

/** One certificate's page (/certificates/<serial>) and its Revoke dialog. */
export class CertificateDetailPage {
  readonly status: Locator;
  readonly revokeButton: Locator;
  readonly checkCrlButton: Locator;
  readonly crlResult: Locator;
  readonly reason: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    const statusSection = page.getByRole("region", { name: "Status" });
    this.status = statusSection.getByTestId("status-badge").first();
    this.revokeButton = page.getByRole("button", { name: "Revoke certificate" });
    this.checkCrlButton = page.getByRole("button", { name: "Check CRL" });
    this.crlResult = page.getByTestId("crl-result");
    this.reason = page.getByTestId("revocation-reason");
    this.history = page.getByTestId("history-row");
  }

  async goto(serial: string, commonName?: string): Promise<void> {
    await this.page.goto(`/certificates/${encodeURIComponent(serial)}`);
    if (commonName) await expect(this.page.getByRole("heading", { name: commonName, level: 1 })).toBeVisible();
  }

  dialog(commonName: string): Locator {
    return this.page.getByRole("dialog", { name: `Revoke ${commonName}?` });
  }

  /** Opens the dialog, picks the reason, types the CN and confirms; returns the result box. */
  async revoke(commonName: string, reasonLabel: string, typed = commonName): Promise<Locator> {
    await this.revokeButton.click();
    const dialog = this.dialog(commonName);
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Reason (RFC 5280)").selectOption({ label: reasonLabel });
    await dialog.getByLabel("Type the common name to confirm").fill(typed);
    await dialog.getByRole("button", { name: "Revoke", exact: true }).click();
    const result = dialog.getByTestId("revoke-result");
    await expect(result).toBeVisible({ timeout: 30_000 });
    return result;
  }

  async checkCrl(): Promise<Locator> {
    await this.checkCrlButton.click();
    await expect(this.crlResult).toBeVisible({ timeout: 20_000 });
    return this.crlResult;
  }
}
