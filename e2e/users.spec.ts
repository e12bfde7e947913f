import { ADMIN, auditEntriesAfter, auditHeadSeq, expect, signedInContext, test, uniqueEmail, uniquePassword } from "./fixtures";
import { screenshotAt } from "./pages/look";
import { LoginPage } from "./pages/login-page";
import type { Role } from "./pages/staff-page";

const EXPECTED_NAV: Record<Exclude<Role, "admin">, string[]> = {
  operator: ["Dashboard", "Certificates", "Expiry watch", "Batches", "Approvals", "Authorities", "E-mail log", "Sectigo connection"],
  support: ["Dashboard", "Certificates", "Expiry watch", "Batches", "Authorities"],
  auditor: ["Dashboard", "Certificates", "Expiry watch", "Batches", "E-mail log", "Audit log"],
};

test.describe("staff accounts", () => {
  test("the admin creates one account of each other role, and each sees only its navigation", async ({ staffPage, browser }) => {
    const before = auditHeadSeq();
    const accounts = (["operator", "support", "auditor"] as const).map((role) => ({
      role,
      email: uniqueEmail(role),
      name: `E2E ${role}`,
      password: uniquePassword(),
    }));
    for (const account of accounts) await staffPage.create(account);
    const created = auditEntriesAfter(before, { action: "user.create" });
    expect(created.map((e) => JSON.parse(e.details).role)).toEqual(["operator", "support", "auditor"]);
    for (const e of created) {
      expect(e.actor_email).toBe(ADMIN.email);
      for (const a of accounts) expect(e.details).not.toContain(a.password);
    }
    await screenshotAt(staffPage.page, "staff-accounts-desktop", undefined, { maxHeight: 1000 });

    for (const account of accounts) {
      const { context, page, shell } = await signedInContext(browser, account.email, account.password);
      expect(await shell.navLabels(), `${account.role} navigation`).toEqual(EXPECTED_NAV[account.role]);
      await expect(shell.signedInAs).toContainText(account.name);
      // The Staff accounts page refuses them on the server, not only by hiding the link.
      await page.goto("/admin/users");
      await expect(page.getByRole("heading", { name: "Access denied", level: 1 })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Staff accounts" })).toHaveCount(0);
      await context.close();
    }
    const denials = auditEntriesAfter(before, { action: "access.denied" });
    expect(denials.map((d) => [d.actor_email, d.outcome, JSON.parse(d.details).path])).toEqual(
      accounts.map((a) => [a.email, "denied", "/admin/users"]),
    );
  });

  test("a generated password is shown once and lets the person sign in", async ({ staffPage, browser }) => {
    const email = uniqueEmail("generated");
    const password = await staffPage.create({ email, name: "Generated Password", role: "support" });
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    await staffPage.goto();
    await expect(staffPage.page.getByText(password)).toHaveCount(0);
    const { context } = await signedInContext(browser, email, password);
    await context.close();
  });

  test("disabling an account ends its open session at once; enabling lets it back in", async ({ staffPage, browser }) => {
    const email = uniqueEmail("disable");
    const password = uniquePassword();
    await staffPage.create({ email, name: "To Be Disabled", role: "operator", password });
    const user = await signedInContext(browser, email, password);

    await staffPage.disable(email);
    await user.page.reload();
    await expect(user.page).toHaveURL(/\/login\?(.*&)?ended=ended$/);
    const login = new LoginPage(user.page);
    await login.signIn(email, password);
    await expect(login.error).toHaveText("This account is disabled. Ask an administrator to enable it.");

    await staffPage.enable(email);
    await login.signIn(email, password);
    await expect(user.shell.signOutButton).toBeVisible();
    await user.context.close();
  });

  test("changing a role takes effect at once", async ({ staffPage, browser }) => {
    const email = uniqueEmail("rolechange");
    const password = uniquePassword();
    await staffPage.create({ email, name: "Role Change", role: "operator", password });
    const user = await signedInContext(browser, email, password);
    expect(await user.shell.navLabels()).toEqual(EXPECTED_NAV.operator);
    const before = auditHeadSeq();

    await staffPage.changeRole(email, "auditor");
    const [entry] = auditEntriesAfter(before, { action: "user.role_change" });
    expect(JSON.parse(entry?.details ?? "{}")).toMatchObject({ email, from: "operator", to: "auditor", sessionsEnded: 1 });

    // The operator session ended with the change; signing in again gives the auditor's view.
    await user.page.reload();
    await expect(user.page).toHaveURL(/\/login\?(.*&)?ended=ended$/);
    await new LoginPage(user.page).signIn(email, password);
    await expect(user.shell.signOutButton).toBeVisible();
    expect(await user.shell.navLabels()).toEqual(EXPECTED_NAV.auditor);
    await user.context.close();
  });

  test("resetting a password ends the person's session and only the new password works", async ({ staffPage, browser }) => {
    const email = uniqueEmail("reset");
    const oldPassword = uniquePassword();
    await staffPage.create({ email, name: "Reset Me", role: "auditor", password: oldPassword });
    const user = await signedInContext(browser, email, oldPassword);

    const newPassword = await staffPage.resetPassword(email);
    expect(newPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    await user.page.reload();
    await expect(user.page).toHaveURL(/\/login/);
    const login = new LoginPage(user.page);
    await login.signIn(email, oldPassword);
    await expect(login.error).toContainText("do not match an account");
    await login.signIn(email, newPassword);
    await expect(user.shell.signOutButton).toBeVisible();
    await user.context.close();
  });

  test("the only admin cannot demote or disable themself", async ({ staffPage }) => {
    const row = staffPage.row(ADMIN.email);
    await expect(row.getByRole("button", { name: `Disable ${ADMIN.email}` })).toHaveCount(0);
    await row.getByRole("combobox", { name: `Role of ${ADMIN.email}`, exact: true }).selectOption("operator");
    await row.getByRole("button", { name: `Change role of ${ADMIN.email}` }).click();
    await expect(row.getByText(`${ADMIN.email} is the only active administrator. Make another account an administrator first.`)).toBeVisible();
    await staffPage.goto();
    await expect(staffPage.row(ADMIN.email).getByTestId("role")).toHaveText("Administrator");
  });

  test("a duplicate e-mail gets a clear refusal and the form keeps what was typed — except the password", async ({ staffPage }) => {
    const email = uniqueEmail("dup");
    await staffPage.create({ email, name: "First", role: "support", password: uniquePassword() });
    const form = staffPage.createForm;
    await form.getByLabel("E-mail address").fill(email);
    await form.getByLabel("Name").fill("Second Try");
    await form.getByLabel("Initial password (optional)").fill("typed-secret-value");
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(form.getByText(`An account for ${email} already exists.`)).toBeVisible();
    await expect(form.getByLabel("Name")).toHaveValue("Second Try");
    await expect(form.getByLabel("Initial password (optional)")).toHaveValue("");
  });

  test("the staff page works at 360 px", async ({ staffPage }) => {
    await staffPage.page.setViewportSize({ width: 360, height: 740 });
    await staffPage.goto();
    await expect(staffPage.row(ADMIN.email).getByTestId("role")).toHaveText("Administrator");
    await screenshotAt(staffPage.page, "staff-accounts-mobile", undefined, { maxHeight: 1000 });
    const overflow = await staffPage.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
