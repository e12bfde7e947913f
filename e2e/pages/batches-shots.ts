/**
 * Accessibility scan and screenshots of the batches pages. Screenshots are written only when
 * E2E_SCREENSHOTS=1 (docs/screenshots/<name>-desktop.png at 1280 px wide and -mobile.png at 360 px, like the others there); one-time secrets are
 * masked so no password ever lands in a committed image.
 */
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

export async function shootBothWidths(page: Page, name: string, mask: Locator[] = []): Promise<void> {
  if (process.env.E2E_SCREENSHOTS !== "1") return;
  const original = page.viewportSize() ?? { width: 1280, height: 720 };
  for (const [width, suffix] of [[1280, "desktop"], [360, "mobile"]] as const) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: path.join("docs", "screenshots", `${name}-${suffix}.png`), fullPage: true, mask });
  }
  await page.setViewportSize(original);
}
