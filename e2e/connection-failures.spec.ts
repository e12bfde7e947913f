// The Sectigo connection page when the embedded simulator misbehaves on the probe's first
// call (the authority list): a server error, a silence, and a 401 that a fresh login does not
// cure. Each time the page names the state in words, shows no green badge, and still shows
// the last successful contact (the other calls answered).
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { clearFaults, injectFault, type Fault } from "./simulator-faults";

const AUTHORITIES = "/api/v1/authorities/allowed";

test.afterEach(async () => {
  await clearFaults();
});

/** Opens the page once healthy (so earlier pages' calls are done), then with the fault. */
async function connectionPageWith(page: Page, fault: Fault) {
  await page.goto("/connection");
  const state = page.getByTestId("connection-state");
  await expect(state.getByTestId("connection-state-label")).toHaveText("Reachable");
  await injectFault(fault);
  await page.goto("/connection");
  await expect(page.getByRole("heading", { name: "Sectigo connection", level: 1 })).toBeVisible();
  return state;
}

async function expectNoGreen(page: Page): Promise<void> {
  await expect(page.getByRole("main").locator(".bg-green-50")).toHaveCount(0);
  await expect(page.getByRole("main").getByText("Reachable", { exact: true })).toHaveCount(0);
}

test("a 500 on the authority list: answering with errors, Sectigo's words, no green badge", async ({ adminPage: page }) => {
  // GETs are tried three times by the client.
  const state = await connectionPageWith(page, { kind: "status", status: 500, match: AUTHORITIES, count: 3 });
  await expect(state.getByTestId("connection-state-label")).toHaveText("Answering with errors");
  const sentence = state.getByTestId("connection-state-sentence");
  await expect(sentence).toContainText(/^Sectigo answered with a server error \(HTTP 500\)/);
  await expect(sentence).toContainText("nothing was read");
  await expect(sentence).toContainText(/Asked for the authority list at 127\.0\.0\.1:\d+\./);
  await expect(state.getByTestId("last-contact")).toContainText(/UTC \((just now|less than a minute ago)\)$/);
  await expect(page.getByText("Unknown: Sectigo did not list the authorities")).toBeVisible();
  await expectNoGreen(page);
});

test("a silent authority list: slow, naming what did not come back within the page's deadline", async ({ adminPage: page }, testInfo) => {
  testInfo.setTimeout(90_000);
  const state = await connectionPageWith(page, { kind: "timeout", match: AUTHORITIES, count: 3 });
  await expect(state.getByTestId("connection-state-label")).toHaveText("Slow");
  await expect(state.getByTestId("connection-state-sentence")).toContainText(
    /^Sectigo at 127\.0\.0\.1:\d+ answered part of what the page asked, but the authority list did not come back within 8\.0 s\./,
  );
  await expect(page.getByTestId("licences")).toBeVisible();
  await expectNoGreen(page);
});

test("401 even after a fresh login: credentials refused, an administrator must fix the account", async ({ adminPage: page }) => {
  // The call, the call after a refresh, the call after a new login.
  const state = await connectionPageWith(page, { kind: "unauthorized", match: AUTHORITIES, count: 3 });
  await expect(state.getByTestId("connection-state-label")).toHaveText("Credentials refused");
  await expect(state.getByTestId("connection-state-sentence")).toContainText(
    /^Sectigo at 127\.0\.0\.1:\d+ answers, but refused the portal's credentials even after a fresh login \(HTTP 401\)\. No call to Sectigo can work until an administrator fixes SIMULATOR_USERNAME and SIMULATOR_PASSWORD\.$/,
  );
  await expectNoGreen(page);
});
