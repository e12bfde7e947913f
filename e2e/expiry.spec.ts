// The expiry watch end to end: certificates in each group (no replacement, a reissue in flight,
// replaced, overdue), the window chooser and sorting, then the expiry clock moved forward so one
// certificate comes into the window and one becomes overdue — with the nav count agreeing with
// the page. The CSV export lists the groups; support sees the page but has no export.
// Certificates are written straight into the database (dates weeks away cannot be made through
// the simulator); other specs' certificates share the inventory, so only this test's names are
// asserted, by a per-run prefix.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { expect, newStaff, signedInContext, test, warmUp } from "./fixtures";
import { insertCertificateExpiringIn, insertReissueInFlight } from "./pages/expiry-db";
import { expectAccessible, expectNoHorizontalOverflow, screenshotBoth } from "./pages/look";

test.beforeAll(({ browser }) => warmUp(browser));

const run = randomBytes(3).toString("hex");
const cn = (name: string) => `${name}-${run}.expiry.test`;

/** This run's common names in one group's table, in the order shown. */
async function namesIn(page: Page, group: string): Promise<string[]> {
  const names = await page.getByTestId(`expiry-group-${group}`).getByTestId("expiry-certificate").allTextContents();
  return names.filter((n) => n.includes(`-${run}.`)).map((n) => n.replace(`-${run}.expiry.test`, ""));
}

async function count(locator: Locator): Promise<number> {
  return Number((await locator.first().textContent())?.replace(/[^\d]/g, ""));
}

test("groups certificates by replacement, follows the window and the moved clock, and exports them", async ({ adminPage: page, moveExpiryClock }) => {
  const soon = insertCertificateExpiringIn(cn("soon"), 3);
  insertCertificateExpiringIn(cn("ten-days"), 10);
  insertCertificateExpiringIn(cn("forty-days"), 40);
  const reissuing = insertCertificateExpiringIn(cn("reissuing"), 12);
  const batchId = insertReissueInFlight(reissuing, cn("reissuing"));
  const replaced = insertCertificateExpiringIn(cn("replaced"), 14);
  const renewal = insertCertificateExpiringIn(cn("replaced"), 379, replaced);
  insertCertificateExpiringIn(cn("expired"), -5);

  await page.goto("/expiry");
  await expect(page.getByRole("heading", { name: "Expiry watch", level: 1 })).toBeVisible();
  await expect(page.getByTestId("expiry-window-30")).toHaveAttribute("aria-current", "page");
  expect(await namesIn(page, "none")).toEqual(["soon", "ten-days"]);
  expect(await namesIn(page, "in-progress")).toEqual(["reissuing"]);
  expect(await namesIn(page, "replaced")).toEqual(["replaced"]);
  expect(await namesIn(page, "overdue")).toEqual(["expired"]);
  const inProgressRow = page.getByTestId("expiry-row-in-progress").filter({ hasText: cn("reissuing") });
  await expect(inProgressRow.getByTestId("expiry-reissue-batch")).toHaveAttribute("href", `/batches/${batchId}`);
  const replacedRow = page.getByTestId("expiry-row-replaced").filter({ hasText: cn("replaced") });
  await expect(replacedRow.getByTestId("expiry-replacement")).toHaveAttribute("href", `/certificates/${renewal}`);
  await expect(page.getByTestId("expiry-row-none").filter({ hasText: cn("soon") })).toContainText("in 2 days");

  // Sorting by name, descending, then back to expiry.
  const none = page.getByTestId("expiry-group-none");
  await none.getByRole("link", { name: /^Common name/ }).click();
  await expect(page).toHaveURL(/\/expiry\?sort=commonName$/);
  expect(await namesIn(page, "none")).toEqual(["soon", "ten-days"]);
  await page.getByTestId("expiry-group-none").getByRole("link", { name: /^Common name/ }).click();
  await expect(page).toHaveURL(/sort=commonName&dir=desc/);
  expect(await namesIn(page, "none")).toEqual(["ten-days", "soon"]);
  await expect(page.getByTestId("expiry-group-none").getByRole("columnheader", { name: /Common name/ })).toHaveAttribute("aria-sort", "descending");

  // A 7-day window keeps only the one expiring in 3 days; overdue does not depend on the window.
  await page.getByTestId("expiry-window-7").click();
  await expect(page).toHaveURL(/days=7/);
  expect(await namesIn(page, "none")).toEqual(["soon"]);
  expect(await namesIn(page, "overdue")).toEqual(["expired"]);

  // One group alone: the others are left out, a link leads back to all of them.
  await page.goto("/expiry?group=overdue");
  expect(await namesIn(page, "overdue")).toEqual(["expired"]);
  await expect(page.getByTestId("expiry-group-none")).toHaveCount(0);
  await page.getByTestId("expiry-all-groups").click();
  await expect(page.getByTestId("expiry-group-none")).toBeVisible();

  // A window the page does not offer is said, and the default shown; the export refuses it.
  await page.goto("/expiry?days=31");
  await expect(page.getByTestId("expiry-problems")).toContainText("7, 14, 30, 60, 90");
  await expect(page.getByTestId("expiry-window-30")).toHaveAttribute("aria-current", "page");
  expect((await page.request.get("/api/expiry/export?days=31")).status()).toBe(400);

  // 15 days later: "forty-days" comes into the window, "soon" and "ten-days" are overdue, the
  // replaced one has expired (nothing left to do), the reissue is still in progress.
  moveExpiryClock(15);
  await page.goto("/expiry");
  expect(await namesIn(page, "none")).toEqual(["forty-days"]);
  expect(await namesIn(page, "overdue")).toEqual(["expired", "soon", "ten-days"]);
  expect(await namesIn(page, "in-progress")).toEqual(["reissuing"]);
  expect(await namesIn(page, "replaced")).toEqual([]);
  await expect(page.getByTestId("expiry-row-overdue").filter({ hasText: cn("soon") })).toContainText(/expired 1\d days ago/);
  // The nav's count is "no replacement yet" plus "overdue" at the same clock.
  const attention = (await count(page.getByTestId("expiry-count-none"))) + (await count(page.getByTestId("expiry-count-overdue")));
  await expect(page.getByTestId("nav-waiting-expiry")).toHaveText(new RegExp(`^${attention}\\b`));

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("expiry-export").click()]);
  expect(download.suggestedFilename()).toMatch(/^expiry-watch-30d-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync(await download.path(), "utf8");
  const lines = csv.split("\r\n");
  expect(lines[0]).toBe("group,serial,common_name,not_after,days_left,profile_name,batch_id,reissue_batch_id,replacement_serial");
  const line = (serial: string) => lines.find((l) => l.includes(`,${serial},`)) ?? "";
  expect(line(soon)).toMatch(/^overdue,/);
  expect(line(reissuing)).toMatch(new RegExp(`^in-progress,.*,${batchId},$`));
  expect(line(replaced)).toBe("");
  expect(lines.filter((l) => l.includes(`-${run}.`))).toHaveLength(5);

  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "expiry-watch", { maxHeight: 2400 });
});

test("the dashboard's expiring panel counts the groups and links to the watch", async ({ adminPage: page }) => {
  await page.goto("/");
  const panel = page.getByRole("region", { name: "Expiring within 30 days" });
  for (const group of ["none", "in-progress", "replaced", "overdue"]) await expect(panel.getByTestId(`dash-expiry-${group}`)).toBeVisible();
  await panel.getByRole("link", { name: "Expiry watch" }).click();
  await expect(page).toHaveURL(/\/expiry$/);
});

test("support sees the expiry watch but no export, and the export refuses them", async ({ browser }) => {
  const { support } = await newStaff(browser, "expiry", "support");
  insertCertificateExpiringIn(cn("support-view"), 6);
  const { page, context } = await signedInContext(browser, support.email, support.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Expiry watch" }).click();
  await expect(page.getByRole("heading", { name: "Expiry watch", level: 1 })).toBeVisible();
  expect(await namesIn(page, "none")).toContain("support-view");
  await expect(page.getByTestId("expiry-export")).toHaveCount(0);
  expect((await page.request.get("/api/expiry/export")).status()).toBe(403);
  await context.close();
});
