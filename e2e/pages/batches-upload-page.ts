import { expect, type Locator, type Page } from "@playwright/test";

/** CSR upload (/batches/upload), its preview and the in-browser CSR generator. */
export class UploadCsrsPage {
  readonly heading: Locator;
  readonly profile: Locator;
  readonly text: Locator;
  readonly file: Locator;
  readonly preview: Locator;
  readonly previewSection: Locator;
  readonly cancel: Locator;
  readonly generatorToggle: Locator;
  readonly generator: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Upload CSRs", level: 1 });
    this.profile = page.getByLabel("Profile");
    this.text = page.getByLabel("PEM CSRs");
    this.file = page.getByLabel("Or choose a file");
    this.preview = page.getByRole("button", { name: "Preview" });
    this.previewSection = page.getByRole("region", { name: /^Preview:/ });
    this.cancel = page.getByRole("button", { name: "Cancel" });
    this.generatorToggle = page.getByText("No CSR yet? Generate a key and CSR in this browser");
    this.generator = page.getByRole("form", { name: "Generate a CSR" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/batches/upload");
    await expect(this.heading).toBeVisible();
  }

  row(n: number): Locator {
    return this.page.getByTestId(`csr-row-${n}`);
  }

  submitValid(count: number): Locator {
    return this.page.getByRole("button", { name: `Submit all valid CSRs (${count})` });
  }

  async previewFile(path: string, profileId: number): Promise<void> {
    await this.profile.selectOption(String(profileId));
    await this.file.setInputFiles(path);
    await expect(this.text).not.toHaveValue("");
    await this.preview.click();
    await expect(this.previewSection).toBeVisible();
  }

  /** Fills the generator and makes the key and CSR; returns the private-key link. */
  async generate(input: { commonName: string; organization?: string; country?: string }): Promise<Locator> {
    await this.generatorToggle.click();
    await this.generator.getByLabel("Common name").fill(input.commonName);
    if (input.organization) await this.generator.getByLabel("Organization (O)").fill(input.organization);
    if (input.country) await this.generator.getByLabel("Country (C)").fill(input.country);
    await this.generator.getByRole("button", { name: "Generate key and CSR" }).click();
    const link = this.page.getByRole("link", { name: /^Download private key/ });
    await expect(link).toBeVisible({ timeout: 30_000 });
    return link;
  }
}
