/**
 * How a page looks to a person: an axe scan that fails on serious or critical violations,
 * a check that nothing overflows a phone screen, and screenshots at desktop and phone width
 * (written only when E2E_SCREENSHOTS=1, to docs/screenshots/<name>-desktop.png at 1280 px and
 * -mobile.png at 360 px). One-time secrets are passed as `mask` so no password ever lands in a
 * committed image.
 */
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

/** Fails on any serious or critical axe violation, naming each rule and where. */
export async function expectAccessible(page: Page): Promise<void> {
  // The page's <title> arrives with the streamed metadata, which after a server action can land
  // a moment after the visible result; a page that never gets one still fails here, by name.
  await expect(page, "the page has a <title>").toHaveTitle(/\S/);
  // Colours are judged at rest: a button that just became enabled is mid-transition.
  await page.addStyleTag({ content: "*, *::before, *::after { transition: none !important; }" });
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

interface ShotOptions {
  /** false shoots what the screen shows: an open dialog scrolls inside itself */
  fullPage?: boolean;
  /** one-time secrets painted over */
  mask?: Locator[];
  /** cut at this many CSS pixels from the top, to keep the PNG small */
  maxHeight?: number;
}

/** One screenshot, at `width` if given (else at the current size), as docs/screenshots/<name>.png. */
export async function screenshotAt(page: Page, name: string, width?: number, options: ShotOptions = {}): Promise<void> {
  if (process.env.E2E_SCREENSHOTS !== "1") return;
  if (width) await page.setViewportSize({ width, height: width < 640 ? 780 : 900 });
  const fullPage = options.fullPage ?? true;
  const clip = fullPage && options.maxHeight
    ? await page.evaluate((max) => ({
        x: 0,
        y: 0,
        width: document.documentElement.clientWidth,
        height: Math.min(max, document.documentElement.scrollHeight),
      }), options.maxHeight)
    : undefined;
  await page.screenshot({ path: path.join("docs", "screenshots", `${name}.png`), fullPage, clip, mask: options.mask ?? [] });
}

/** Screenshots at 1280 and 360 px wide, as <name>-desktop.png and <name>-mobile.png. */
export async function screenshotBoth(page: Page, name: string, options: ShotOptions = {}): Promise<void> {
  if (process.env.E2E_SCREENSHOTS !== "1") return;
  const original = page.viewportSize();
  await screenshotAt(page, `${name}-desktop`, 1280, options);
  await screenshotAt(page, `${name}-mobile`, 360, options);
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
