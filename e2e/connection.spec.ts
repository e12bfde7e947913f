// The Sectigo connection page end to end against the embedded simulator: the admin sees the
// mode, credentials "valid until …", authorities with balances, and re-authenticates (audited);
// an operator reads the page without the button; support is refused the page; a direct POST
// of the re-authenticate action by either is refused on the server and audited.
import type { Request } from "@playwright/test";
import { auditEntriesAfter, auditHeadSeq, BASE_URL, expect, signedInContext, test, uniqueEmail, uniquePassword } from "./fixtures";
import { screenshotBoth } from "./pages/look";

test("the admin sees the embedded simulator, valid credentials, authorities with balances, and re-authenticates", async ({ adminPage: page }) => {
  await page.goto("/connection");
  await expect(page.getByRole("heading", { name: "Sectigo connection", level: 1 })).toBeVisible();
  const main = page.getByRole("main");
  await expect(main.getByText("Embedded simulator", { exact: true })).toBeVisible();
  await expect(page.getByTestId("credentials-state")).toContainText(/valid until\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC \(in \d+ (min|h)/);
  await expect(main.getByText(/^credentials are valid until /)).toBeVisible();
  await expect(page.getByTestId("licences")).toHaveText(/^\d[\d,]* issued of \d[\d,]* ordered$/);
  const rows = page.getByTestId("authority-row");
  // The simulator's two TRISA authorities, one per profile (17 and 85).
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "(profile 17)" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "(profile 85)" })).toHaveCount(1);
  for (const balance of await rows.locator("td:last-child").allTextContents()) {
    expect(balance.replace("Balance", "").trim()).toMatch(/^\d[\d,]*$/);
  }
  await expect(page.getByTestId("connection-problem")).toHaveCount(0);
  // Nothing that looks like a token is on the page.
  expect(await page.content()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  await screenshotBoth(page, "connection");

  const before = auditHeadSeq();
  await page.getByRole("button", { name: "Re-authenticate" }).click();
  const result = page.getByTestId("reauth-result");
  await expect(result).toContainText("Sectigo accepted a new login.");
  await expect(result).toContainText(/Credentials are valid until /);

  const entries = auditEntriesAfter(before, { action: "sectigo.authenticate" });
  expect(entries.map((e) => [e.outcome, e.actor_role])).toEqual([
    ["requested", "admin"],
    ["succeeded", "admin"],
  ]);
  const outcomeSeq = entries[1]?.seq;
  await result.getByRole("link", { name: `entry #${outcomeSeq}` }).click();
  await expect(page.getByRole("heading", { name: `Audit entry #${outcomeSeq}`, level: 1 })).toBeVisible();
  await expect(page.getByText(`This is the outcome of intent`)).toBeVisible();
  await expect(page.getByTestId("entry-details")).not.toContainText("password");
});

test("operator reads the page without Re-authenticate, support is refused it, and neither can post the action", async ({ adminPage, staffPage, browser }) => {
  // Capture the real re-authenticate request (action id and body) from the admin's browser.
  await adminPage.goto("/connection");
  const [captured] = await Promise.all([
    adminPage.waitForRequest((r: Request) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
    adminPage.getByRole("button", { name: "Re-authenticate" }).click(),
  ]);
  await expect(adminPage.getByTestId("reauth-result")).toBeVisible();

  for (const role of ["operator", "support"] as const) {
    const email = uniqueEmail(role);
    const password = uniquePassword();
    await staffPage.goto();
    await staffPage.create({ email, name: `E2E ${role}`, role, password });
    const { page, context } = await signedInContext(browser, email, password);
    const before = auditHeadSeq();

    await page.goto("/connection");
    if (role === "operator") {
      await expect(page.getByRole("heading", { name: "Sectigo connection", level: 1 })).toBeVisible();
      await expect(page.getByTestId("credentials-state")).toBeVisible();
      await expect(page.getByRole("button", { name: "Re-authenticate" })).toHaveCount(0);
    } else {
      await expect(page.getByRole("heading", { name: "Access denied", level: 1 })).toBeVisible();
    }

    const res = await page.request.post(captured.url(), {
      headers: {
        "next-action": captured.headers()["next-action"] ?? "",
        "content-type": captured.headers()["content-type"] ?? "",
        accept: "text/x-component",
        origin: BASE_URL,
      },
      data: captured.postDataBuffer() ?? Buffer.alloc(0),
      maxRedirects: 0,
    });
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain("FORBIDDEN");

    const after = auditEntriesAfter(before, { actor_email: email });
    expect(after.filter((e) => e.action === "sectigo.authenticate")).toEqual([]);
    const denials = after.filter((e) => e.action === "access.denied").map((e) => [e.target_id, JSON.parse(e.details).action ?? null]);
    expect(denials).toContainEqual(["connection.reauthenticate", "reauthenticateAction"]);
    if (role === "support") expect(denials).toContainEqual(["connection.read", null]);
    await context.close();
  }
});

test("health reports readiness without exposing credentials", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", sectigo: "simulator" });
});
