/**
 * Helpers for the certificate, revoke and dashboard specs: issuing real certificates
 * through the portal's own "New certificate" form (the embedded simulator signs them and
 * the batch poller indexes them), an axe scan that fails on serious or critical
 * violations, and screenshots at desktop and phone width.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** A DNS name unique to this run, e.g. `c-3fa9c2d1.e2e-certs.example`; `tag` groups several. */
export function uniqueCommonName(tag = randomBytes(4).toString("hex")): string {
  return `c-${randomBytes(3).toString("hex")}-${tag}.e2e-certs.example`;
}

export function uniqueTag(): string {
  return `t${randomBytes(4).toString("hex")}`;
}

export interface IssuedCertificate {
  commonName: string;
  batchId: number;
  serial: string;
}

/**
 * Issues one certificate through /batches/new as the signed-in operator or admin, then waits
 * until the background poller has downloaded the batch and the certificate is searchable.
 */
export async function issueCertificate(page: Page, commonName: string): Promise<IssuedCertificate> {
  await page.goto("/batches/new");
  await page.getByLabel("Common name", { exact: true }).fill(commonName);
  await page.getByRole("button", { name: "Issue certificate" }).click();
  const open = page.getByRole("link", { name: "Open the batch" });
  await expect(open).toBeVisible({ timeout: 30_000 });
  const batchId = Number((await open.getAttribute("href"))?.split("/").pop());
  expect(Number.isInteger(batchId)).toBe(true);

  let serial = "";
  await expect(async () => {
    await page.goto(`/certificates?q=${encodeURIComponent(commonName)}`);
    const cell = page.getByTestId("certificate-row").filter({ hasText: commonName }).getByTestId("certificate-serial");
    await expect(cell).toHaveCount(1, { timeout: 500 });
    serial = ((await cell.textContent()) ?? "").trim();
  }).toPass({ timeout: 60_000 });
  return { commonName, batchId, serial };
}

/** Fails on any serious or critical axe violation, naming each rule and where. */
export async function expectAccessible(page: Page): Promise<void> {
  // Colours are judged at rest: a button that just became enabled is mid-transition.
  await page.addStyleTag({ content: "*, *::before, *::after { transition: none !important; }" });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`)).toEqual([]);
}

/**
 * Screenshots into docs/screenshots when E2E_SCREENSHOTS=1, at 1280 and 360 px wide. An open
 * dialog is shot as the screen shows it (`fullPage: false`): it scrolls inside itself.
 */
export async function screenshotBoth(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.E2E_SCREENSHOTS !== "1") return;
  const original = page.viewportSize();
  for (const [suffix, width] of [["desktop", 1280], ["mobile", 360]] as const) {
    await page.setViewportSize({ width, height: width < 640 ? 780 : 900 });
    await page.screenshot({ path: path.join("docs", "screenshots", `${name}-${suffix}.png`), fullPage: options.fullPage ?? true });
  }
  if (original) await page.setViewportSize(original);
}

/** The page is no wider than the screen (checked at 360 px). */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const original = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (original) await page.setViewportSize(original);
  expect(overflow).toBeLessThanOrEqual(0);
}
