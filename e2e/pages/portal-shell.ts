import type { Locator, Page } from "@playwright/test";

/** The signed-in shell: top bar and main navigation. */
export class PortalShell {
  readonly nav: Locator;
  readonly signOutButton: Locator;
  readonly signedInAs: Locator;
  readonly simulatorBadge: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole("navigation", { name: "Main" });
    this.signOutButton = page.getByRole("button", { name: "Sign out", exact: true });
    this.signedInAs = page.getByTestId("signed-in-as");
    this.simulatorBadge = page.getByRole("banner").getByText("Simulator", { exact: true });
  }

  /** The labels of the navigation links, in order. */
  async navLabels(): Promise<string[]> {
    return (await this.nav.getByRole("link").allTextContents()).map((t) => t.trim());
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
    await this.page.waitForURL(/\/login\?signedOut=1$/);
  }
}
