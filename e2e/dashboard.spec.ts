// The dashboard and the Authorities & profiles page end to end: every section is there for
// an administrator, with the 26-week chart and its table of numbers; an auditor (no
// authorities.read) does not get the Sectigo balances; the authorities page lists both
// simulator authorities with their profiles' parameters. Each page is scanned with axe.
import { expect, signedInContext, test, uniqueEmail, uniquePassword } from "./fixtures";
import { expectAccessible, expectNoHorizontalOverflow, screenshotBoth } from "./pages/look";

const SECTIONS = ["Licences", "Authority balances", "Batches in flight", "Expiring within 30 days", "Recent revocations", "Issued and revoked per week, last 26 weeks"];

test("the dashboard shows every section, the weekly chart and its numbers", async ({ adminPage: page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Welcome, /);
  for (const name of SECTIONS) await expect(page.getByRole("region", { name })).toBeVisible();

  await expect(page.getByRole("region", { name: "Licences" })).toContainText(/\d+ issued of 1,000 ordered/);
  const balances = page.getByTestId("dash-authority");
  await expect(balances).toHaveCount(2);
  await expect(balances.filter({ hasText: "CipherTrace EE" })).toContainText(/authority #423/);
  await expect(balances.filter({ hasText: "CipherTrace End Entity Certificate" })).toContainText(/authority #489/);

  const chart = page.getByRole("img", { name: "Certificates issued and revoked per week" });
  await expect(chart).toBeVisible();
  await page.getByText("Show the numbers per week").click();
  const table = page.getByTestId("weekly-table");
  await expect(table.locator("tbody tr")).toHaveCount(26);
  await expect(table.locator("tbody tr").last().locator("th")).toHaveText(/^\d{4}-\d{2}-\d{2}$/);

  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "dashboard-sections");

  // the panels' and the section list's links open their pages in the app, without a reload
  // (a marker on the window would not survive one)
  await page.evaluate(() => ((window as unknown as { stillHere?: boolean }).stillHere = true));
  await page.getByRole("region", { name: "Expiring within 30 days" }).getByRole("link", { name: "Expiry watch" }).click();
  await page.waitForURL((url) => url.pathname === "/expiry");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Expiry");
  await page.goBack();
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Certificates" }).click();
  await page.waitForURL((url) => url.pathname === "/certificates");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Certificates");
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});

test("an auditor gets the local sections but not the Sectigo balances", async ({ staffPage, browser }) => {
  const email = uniqueEmail("dash-auditor");
  const password = uniquePassword();
  await staffPage.create({ email, name: "Dash Auditor", role: "auditor", password });
  const { page, context } = await signedInContext(browser, email, password);
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Recent revocations" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Batches in flight" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Authority balances" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Licences" })).toHaveCount(0);
  // …and the authorities page refuses them (authorities.read).
  await page.goto("/authorities");
  await expect(page).toHaveURL(/\/forbidden/);
  await context.close();
});

test("the authorities page shows both authorities, each profile's parameters, licences and the organization", async ({ adminPage: page }) => {
  await page.goto("/authorities");
  await expect(page.getByRole("heading", { name: "Authorities & profiles", level: 1 })).toBeVisible();
  const rows = page.getByTestId("authority-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "#423" })).toContainText("CipherTrace EE");
  await expect(rows.filter({ hasText: "#489" })).toContainText("CipherTrace End Entity Certificate");

  const ee = page.getByRole("article", { name: /CipherTrace EE/ });
  await expect(ee.getByRole("list", { name: "Parameters of CipherTrace EE" }).getByTestId("profile-parameter")).toHaveCount(3);
  await expect(ee).toContainText("TestNet");
  const endEntity = page.getByRole("article", { name: /CipherTrace End Entity Certificate/ });
  await expect(endEntity.getByTestId("profile-parameter")).toHaveCount(7);
  await expect(endEntity).toContainText("The country must be a two-letter ISO 3166 code in capitals, such as US.");
  await expect(page.getByTestId("licences")).toContainText("1,000");
  await expect(page.getByTestId("organization")).toContainText("TRISA Simulator");

  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "authorities");
});
