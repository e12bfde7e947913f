import { expect, type Locator, type Page } from "@playwright/test";

export type Role = "admin" | "operator" | "support" | "auditor";
const ROLE_LABELS: Record<Role, string> = { admin: "Administrator", operator: "Operator", support: "Support", auditor: "Auditor" };

/** The Staff accounts page (admin). */
export class StaffPage {
  readonly heading: Locator;
  readonly createForm: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Staff accounts", level: 1 });
    this.createForm = page.getByRole("region", { name: "Add a staff account" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/admin/users");
    await expect(this.heading).toBeVisible();
  }

  row(email: string): Locator {
    return this.page.getByTestId(`user-row-${email}`);
  }

  /** Creates an account; returns the generated password when `password` is omitted. */
  async create(user: { email: string; name: string; role: Role; password?: string }): Promise<string> {
    const form = this.createForm;
    await form.getByLabel("E-mail address").fill(user.email);
    await form.getByLabel("Name").fill(user.name);
    await form.getByLabel("Role").selectOption(user.role);
    await form.getByLabel("Initial password (optional)").fill(user.password ?? "");
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(form.getByText(`Account created for ${user.email}`)).toBeVisible();
    await expect(this.row(user.email)).toBeVisible();
    if (user.password) return user.password;
    return (await form.getByTestId("generated-password").textContent())?.trim() ?? "";
  }

  async changeRole(email: string, role: Role): Promise<void> {
    const row = this.row(email);
    await row.getByRole("combobox", { name: `Role of ${email}`, exact: true }).selectOption(role);
    await row.getByRole("button", { name: `Change role of ${email}` }).click();
    await expect(row.getByText(`${email} is now ${ROLE_LABELS[role]}`)).toBeVisible();
  }

  async disable(email: string): Promise<void> {
    const row = this.row(email);
    await row.getByRole("button", { name: `Disable ${email}` }).click();
    await this.page.getByRole("dialog", { name: `Disable ${email}?` }).getByRole("button", { name: "Disable account" }).click();
    await expect(row.getByTestId("status")).toHaveText("Disabled");
  }

  async enable(email: string): Promise<void> {
    const row = this.row(email);
    await row.getByRole("button", { name: `Enable ${email}` }).click();
    await this.page.getByRole("dialog", { name: `Enable ${email}?` }).getByRole("button", { name: "Enable account" }).click();
    await expect(row.getByTestId("status")).toHaveText("Active");
  }

  async resetPassword(email: string): Promise<string> {
    const row = this.row(email);
    await row.getByRole("button", { name: `Reset password of ${email}` }).click();
    await this.page.getByRole("dialog", { name: `Reset the password of ${email}?` }).getByRole("button", { name: "Reset password" }).click();
    const secret = row.getByTestId("reset-password");
    await expect(secret).toBeVisible();
    return (await secret.textContent())?.trim() ?? "";
  }
}
