import { expect, type Locator, type Page } from "@playwright/test";

/** The Certificates search page (/certificates). */
export class CertificatesSearchPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly searchBox: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly exportLink: Locator;
  readonly revokeSelected: Locator;
  readonly selectedCount: Locator;
  readonly askSectigo: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Certificates", level: 1 });
    this.form = page.getByRole("search", { name: "Search certificates" });
    this.searchBox = this.form.getByRole("searchbox", { name: "Search" });
    this.rows = page.getByTestId("certificate-row");
    this.count = page.getByTestId("result-count");
    this.exportLink = page.getByRole("link", { name: "Export CSV" });
    this.revokeSelected = page.getByRole("button", { name: "Revoke selected" });
    this.selectedCount = page.getByTestId("selected-count");
    this.askSectigo = page.getByRole("region", { name: "Ask Sectigo" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/certificates${query}`);
    await expect(this.heading).toBeVisible();
  }

  /** Types into the one search box and submits; the URL then holds the search. */
  async search(text: string): Promise<void> {
    await this.searchBox.fill(text);
    await this.form.getByRole("button", { name: "Search", exact: true }).click();
    await this.page.waitForURL((url) => url.pathname === "/certificates" && url.searchParams.get("q") === text.trim());
  }

  row(commonName: string): Locator {
    return this.rows.filter({ has: this.page.getByRole("link", { name: commonName, exact: true }) });
  }

  /** The serial shown in a row (canonical upper-case hex). */
  async serialOf(commonName: string): Promise<string> {
    return ((await this.row(commonName).getByTestId("certificate-serial").textContent()) ?? "").trim();
  }

  async select(commonName: string): Promise<void> {
    await this.row(commonName).getByRole("checkbox", { name: new RegExp(`^Select ${commonName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `) }).check();
  }
}
