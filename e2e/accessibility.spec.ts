// The axe scan of the portal-core pages (the certificate and batch specs scan their own):
// no serious or critical violation on the login page, staff accounts, the audit log and
// an audit entry, the Sectigo connection page and the access-denied page.
import { ADMIN, expect, signIn, test } from "./fixtures";
import { expectAccessible } from "./pages/look";

test("the login page has no serious accessibility violation", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expectAccessible(page);
});

test("the admin pages have no serious accessibility violation", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  for (const [path, heading] of [
    ["/admin/users", /staff accounts/i],
    ["/audit", /audit log/i],
    ["/audit/1", /audit entry|entry/i],
    ["/connection", /sectigo connection/i],
    ["/forbidden", /access denied/i],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page);
  }
});
