// The audit log page end to end: an auditor filters, opens an entry, exports CSV and JSON
// Lines of the filtered set and verifies the chain; roles without the permission are refused
// by the page AND by the export route, and each refusal is itself in the log.
// (Tampering is tested at the database level in app/(portal)/audit/_lib/verification.test.ts:
// breaking the chain of the shared e2e database would fail every later verification.)
import fs from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { auditEntriesAfter, auditHeadSeq, expect, signedInContext, test, uniqueEmail, uniquePassword, type StaffRole } from "./fixtures";
import { screenshotAt, screenshotBoth } from "./pages/look";
import type { StaffPage } from "./pages/staff-page";

class AuditLogPage {
  readonly heading: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly filters: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Audit log", level: 1 });
    this.rows = page.getByTestId("audit-row");
    this.count = page.getByTestId("audit-count");
    this.filters = page.getByRole("search", { name: "Filter the audit log" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/audit${query}`);
    await expect(this.heading).toBeVisible();
  }

  async filter(fields: { actor?: string; action?: string; outcome?: string }): Promise<void> {
    if (fields.actor !== undefined) await this.filters.getByLabel("Actor").fill(fields.actor);
    if (fields.action !== undefined) await this.filters.getByLabel("Action").fill(fields.action);
    if (fields.outcome !== undefined) await this.filters.getByLabel("Outcome").selectOption(fields.outcome);
    await this.filters.getByRole("button", { name: "Apply filters" }).click();
  }

  /** The text of one column for every row on the page. */
  async column(label: "Actor" | "Action" | "Outcome" | "Target"): Promise<string[]> {
    const index = { Actor: 2, Action: 3, Target: 4, Outcome: 5 }[label];
    return (await this.rows.locator(`td:nth-child(${index + 1})`).allTextContents()).map((t) => t.replace(label, "").trim());
  }
}

async function makeUser(staffPage: StaffPage, role: StaffRole) {
  const email = uniqueEmail(role);
  const password = uniquePassword();
  await staffPage.create({ email, name: `E2E ${role}`, role, password });
  return { email, password };
}

test("an auditor filters the log by action and by actor, and opens an entry", async ({ staffPage, browser }) => {
  const auditor = await makeUser(staffPage, "auditor");
  const operator = await makeUser(staffPage, "operator");
  const { page, context } = await signedInContext(browser, auditor.email, auditor.password);
  const audit = new AuditLogPage(page);
  await audit.goto();
  await expect(audit.rows.first()).toBeVisible();

  await audit.filter({ action: "user.create" });
  await expect(page).toHaveURL(/action=user\.create/);
  const actions = await audit.column("Action");
  expect(actions.length).toBeGreaterThanOrEqual(2);
  expect(new Set(actions)).toEqual(new Set(["user.create"]));
  await expect(audit.count).toContainText("match these filters");

  // The auditor's own sign-in, and nothing else of theirs under auth.*.
  await audit.filter({ actor: auditor.email, action: "auth" });
  await expect(page).toHaveURL(new RegExp(`actor=${encodeURIComponent(auditor.email)}`));
  await expect(audit.rows).toHaveCount(1);
  expect(await audit.column("Action")).toEqual(["auth.login"]);
  expect((await audit.column("Actor"))[0]).toContain(auditor.email);

  // The operator's account creation, found through the target filter in a shared link.
  const created = auditEntriesAfter(0, { action: "user.create" }).find((r) => JSON.parse(r.details).email === operator.email);
  expect(created).toBeDefined();
  await audit.goto(`?targetType=user&targetId=${created?.target_id}`);
  await expect(audit.rows).toHaveCount(1);

  await audit.rows.first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: `Audit entry #${created?.seq}`, level: 1 })).toBeVisible();
  await expect(page.getByTestId("entry-details")).toContainText(`"email": "${operator.email}"`);
  await expect(page.getByTestId("entry-hash")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByText("This entry stands alone")).toBeVisible();
  await screenshotBoth(page, "audit-entry", { maxHeight: 1800 });
  await context.close();
});

test("an auditor downloads the filtered set as CSV and JSON Lines, and the export is recorded", async ({ staffPage, browser }) => {
  const auditor = await makeUser(staffPage, "auditor");
  const { page, context } = await signedInContext(browser, auditor.email, auditor.password);
  const audit = new AuditLogPage(page);
  await audit.goto(`?actor=${encodeURIComponent(auditor.email)}`);
  const login = auditEntriesAfter(0, { action: "auth.login", actor_email: auditor.email })[0];
  expect(login).toBeDefined();

  const before = auditHeadSeq();
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csvLines = fs.readFileSync((await csv.path()) ?? "", "utf8").trimEnd().split("\r\n");
  expect(csvLines[0]).toBe("seq,at,actor_email,actor_role,actor_id,action,target_type,target_id,outcome,intent_seq,ip,details,prev_hash,hash");
  const loginRow = csvLines.find((l) => l.startsWith(`${login?.seq},`));
  expect(loginRow).toContain(`,${auditor.email},auditor,`);
  expect(loginRow).toContain(",auth.login,");
  // Only this actor's entries (the export entry itself is the auditor's too).
  expect(csvLines.slice(1).every((l) => l.split(",")[2] === auditor.email)).toBe(true);

  const [jsonl] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export JSON Lines" }).click()]);
  expect(jsonl.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.jsonl$/);
  const entries = fs
    .readFileSync((await jsonl.path()) ?? "", "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as { seq: number; action: string; actor: { email: string } });
  expect(entries.find((e) => e.seq === login?.seq)).toMatchObject({ action: "auth.login", actor: { email: auditor.email } });

  const exports = auditEntriesAfter(before, { action: "audit.export", actor_email: auditor.email });
  expect(exports.map((e) => [e.outcome, JSON.parse(e.details).format])).toEqual([
    ["info", "csv"],
    ["info", "jsonl"],
  ]);
  expect(JSON.parse(exports[0]?.details ?? "{}").filters).toEqual({ actor: auditor.email });
  await context.close();
});

test("an auditor verifies the chain and sees it intact, with the head hash; the check is recorded", async ({ staffPage, browser }) => {
  const auditor = await makeUser(staffPage, "auditor");
  const { page, context } = await signedInContext(browser, auditor.email, auditor.password);
  await new AuditLogPage(page).goto();
  const before = auditHeadSeq();
  await page.getByRole("button", { name: "Verify chain" }).click();
  const result = page.getByTestId("verify-result");
  await expect(result).toContainText("The chain is intact");
  await expect(page.getByTestId("head-hash")).toHaveText(/^[0-9a-f]{64}$/);
  const [recorded] = auditEntriesAfter(before, { action: "audit.verify", actor_email: auditor.email });
  expect(recorded).toMatchObject({ outcome: "info" });
  expect(JSON.parse(recorded?.details ?? "{}")).toMatchObject({ intact: true, headHash: await page.getByTestId("head-hash").textContent() });
  await screenshotAt(page, "audit-log-desktop", 1280, { maxHeight: 1150 });
  await page.goto(`/audit?actor=${encodeURIComponent(auditor.email)}`);
  await screenshotAt(page, "audit-log-mobile", 360, { maxHeight: 1800 });
  await context.close();
});

for (const role of ["support", "operator"] as const) {
  test(`${role} is refused the audit log page and the export route, and the refusals are audited`, async ({ staffPage, browser }) => {
    const user = await makeUser(staffPage, role);
    const { page, context } = await signedInContext(browser, user.email, user.password);
    const before = auditHeadSeq();

    await page.goto("/audit");
    await expect(page.getByRole("heading", { name: "Access denied", level: 1 })).toBeVisible();
    await expect(page.getByTestId("audit-row")).toHaveCount(0);
    await page.goto("/audit/1");
    await expect(page.getByRole("heading", { name: "Access denied", level: 1 })).toBeVisible();

    // A direct request with the session cookie, no UI involved.
    for (const format of ["csv", "jsonl"]) {
      const res = await page.request.get(`/api/audit/export?format=${format}`, { maxRedirects: 0 });
      expect(res.status()).toBe(403);
      const body = await res.text();
      expect(body).toContain("FORBIDDEN");
      expect(body).not.toContain("prev_hash");
    }

    const denials = auditEntriesAfter(before, { action: "access.denied", actor_email: user.email });
    expect(denials.map((d) => [d.outcome, d.target_id])).toEqual([
      ["denied", "audit.read"],
      ["denied", "audit.read"],
      ["denied", "audit.export"],
      ["denied", "audit.export"],
    ]);
    expect(JSON.parse(denials[2]?.details ?? "{}")).toMatchObject({ path: "/api/audit/export" });

    // And an administrator sees those refusals on the audit page.
    const audit = new AuditLogPage(staffPage.page);
    await audit.goto(`?actor=${encodeURIComponent(user.email)}&outcome=denied`);
    await expect(audit.rows).toHaveCount(4);
    await context.close();
  });
}

test("without a session the export route exports nothing: a redirect, or 401 past the proxy", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL });
  const redirected = await anonymous.get("/api/audit/export?format=csv", { maxRedirects: 0 });
  expect(redirected.status()).toBe(307);
  // A forged cookie gets past proxy.ts (which only looks for one) and meets the route's own check.
  const forged = await anonymous.get("/api/audit/export?format=csv", {
    headers: { cookie: "authjs.session-token=forged.not.a.real.token", "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(401);
  expect(await forged.text()).not.toContain("prev_hash");
  await anonymous.dispose();
});
