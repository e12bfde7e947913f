import { ADMIN, auditEntriesAfter, auditHeadSeq, expect, newStaff, signIn, test } from "./fixtures";
import { screenshotAt } from "./pages/look";
import { LoginPage } from "./pages/login-page";
import { PortalShell } from "./pages/portal-shell";

test.describe("signing in and out", () => {
  test("a wrong password gets a clear message, keeps the e-mail and is audited", async ({ page }) => {
    const before = auditHeadSeq();
    const login = new LoginPage(page);
    await login.goto();
    await screenshotAt(page, "login-desktop", undefined, { maxHeight: 1000 });
    await login.signIn(ADMIN.email, "not-the-right-password");
    await expect(login.error).toHaveText("That e-mail address and password do not match an account. Check both and try again.");
    await expect(login.email).toHaveValue(ADMIN.email);
    await expect(login.password).toHaveValue("");
    await expect(page).toHaveURL(/\/login$/);
    const [entry] = auditEntriesAfter(before, { action: "auth.login" });
    expect(entry).toMatchObject({ actor_email: ADMIN.email, outcome: "failed" });
    expect(JSON.parse(entry?.details ?? "{}")).toEqual({ reason: "bad-credentials" });
    expect(entry?.details).not.toContain("not-the-right-password");
  });

  test("a forged X-Forwarded-For changes neither the audited address nor the throttling", async ({ browser }) => {
    const { operator } = await newStaff(browser, "xff", "operator");
    const before = auditHeadSeq();
    const context = await browser.newContext();
    const page = await context.newPage();
    const login = new LoginPage(page);
    // Wrong passwords, each "from" another address, with the server's own header forged too.
    // Were any of them believed, each address would get its four free failures.
    for (let i = 1; i <= 5; i++) {
      await context.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${i}`, "x-real-ip": `198.51.100.${i}`, "x-portal-peer": `203.0.113.${i}` });
      await login.goto();
      await login.signIn(operator.email, `wrong-password-${i}`);
      await expect(login.error).toBeVisible();
    }
    // Five failures from the one real address: even the right password, a moment later, waits.
    await context.setExtraHTTPHeaders({ "x-forwarded-for": "192.0.2.77" });
    await login.goto();
    await login.signIn(operator.email, operator.password);
    await expect(login.error).toContainText("Too many failed sign-in attempts. Wait");
    await expect(page).toHaveURL(/\/login/);
    const attempts = auditEntriesAfter(before, { action: "auth.login", actor_email: operator.email });
    expect(attempts.map((a) => JSON.parse(a.details).reason)).toEqual([...Array(5).fill("bad-credentials"), "throttled"]);
    expect(new Set(attempts.map((a) => a.ip))).toEqual(new Set(["127.0.0.1"]));
    await context.close();
  });

  test("a signed-out visitor is sent to the login page and brought back after signing in", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole("heading", { name: "Staff accounts", level: 1 })).toBeVisible();
  });

  test("the admin sees every section, the Simulator badge and who is signed in", async ({ page }) => {
    const shell = await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Welcome, /);
    expect(await shell.navLabels()).toEqual([
      "Dashboard",
      "Certificates",
      "Expiry watch",
      "Batches",
      "Approvals",
      "Authorities",
      "E-mail log",
      "Audit log",
      "Sectigo connection",
      "Staff accounts",
      "Settings",
    ]);
    await expect(shell.simulatorBadge).toBeVisible();
    await expect(shell.signedInAs).toContainText("Administrator");
    await screenshotAt(page, "dashboard-desktop", undefined, { maxHeight: 1000 });
  });

  test("signing out ends the session for good: the old cookie no longer works", async ({ page, browser }) => {
    const shell = await signIn(page, ADMIN.email, ADMIN.password);
    const cookies = await page.context().cookies();
    expect(cookies.some((c) => c.name === "authjs.session-token")).toBe(true);
    const before = auditHeadSeq();

    await shell.signOut();
    await expect(page.getByText("You have signed out.")).toBeVisible();
    expect(auditEntriesAfter(before, { action: "auth.logout" })).toHaveLength(1);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);

    // Someone who copied the cookie before the sign-out gets nothing with it.
    const replay = await browser.newContext();
    await replay.addCookies(cookies);
    const replayPage = await replay.newPage();
    await replayPage.goto("/admin/users");
    await expect(replayPage).toHaveURL(/\/login\?(.*&)?ended=ended$/);
    await expect(replayPage.getByText("Your session has ended. Sign in again to continue.")).toBeVisible();
    await replay.close();
  });

  test("the layout works at 360 px: the menu opens from a button", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const login = new LoginPage(page);
    await login.goto();
    await screenshotAt(page, "login-mobile", undefined, { maxHeight: 1000 });
    await login.signIn(ADMIN.email, ADMIN.password);
    const shell = new PortalShell(page);
    await expect(shell.signOutButton).toBeVisible();
    const menu = shell.nav.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(shell.nav.getByRole("link", { name: "Staff accounts" })).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(shell.nav.getByRole("link", { name: "Staff accounts" })).toBeVisible();
    await screenshotAt(page, "dashboard-mobile", undefined, { maxHeight: 1000 });
    // Nothing on the page is wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
