import { expect, type Locator, type Page } from "@playwright/test";

export interface NewCertificateInput {
  authorityId?: number;
  commonName: string;
  dnsNames?: string[];
  subject?: { organization: string; locality: string; state: string; country: string };
  batchName?: string;
}

/** New single certificate (/batches/new) and its one-time result panel. */
export class NewCertificatePage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly authority: Locator;
  readonly commonName: Locator;
  readonly dnsNames: Locator;
  readonly batchName: Locator;
  readonly submit: Locator;
  readonly result: Locator;
  readonly password: Locator;
  readonly openBatch: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "New certificate", level: 1 });
    this.form = page.getByRole("form", { name: "New certificate" });
    this.authority = page.getByLabel("Authority");
    this.commonName = page.getByLabel("Common name");
    this.dnsNames = page.getByLabel("Extra DNS names (optional)");
    this.batchName = page.getByLabel("Batch name (optional)");
    this.submit = page.getByRole("button", { name: "Issue certificate" });
    this.result = page.getByRole("region", { name: "Certificate requested" });
    this.password = page.getByTestId("pkcs12-password");
    this.openBatch = page.getByRole("link", { name: "Open the batch" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/batches/new");
    await expect(this.heading).toBeVisible();
  }

  async fill(input: NewCertificateInput): Promise<void> {
    if (input.authorityId !== undefined) await this.authority.selectOption(String(input.authorityId));
    await this.commonName.fill(input.commonName);
    await this.dnsNames.fill((input.dnsNames ?? []).join("\n"));
    if (input.subject) {
      await this.page.getByLabel("Organization (O)").fill(input.subject.organization);
      await this.page.getByLabel("Locality (L)").fill(input.subject.locality);
      await this.page.getByLabel("State or Province (ST)").fill(input.subject.state);
      await this.page.getByLabel("Country (C)").fill(input.subject.country);
    }
    if (input.batchName !== undefined) await this.batchName.fill(input.batchName);
  }

  /** Submits and returns the one-time PKCS#12 password. */
  async issue(input: NewCertificateInput): Promise<string> {
    await this.fill(input);
    await this.submit.click();
    await expect(this.result).toBeVisible({ timeout: 20_000 });
    return ((await this.password.textContent()) ?? "").trim();
  }
}
