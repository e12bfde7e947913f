// The Settings page end to end (docs/security.md S16, S17): an administrator changes which
// roles must have a second factor — asked to confirm it is them when their proof is older
// than 10 minutes — and the change lands in the audit log; asking administrators for a factor
// is refused while the one saving has none; an operator gets the Access denied page, and a
// direct POST of the action is refused on the server and audited.
import type { Page } from "@playwright/test";
import {
  ADMIN,
  ageProof,
  auditEntriesAfter,
  auditHeadSeq,
  BASE_URL,
  expect,
  newStaff,
  setFactorPolicy,
  settingText,
  signedInContext,
  test,
} from "./fixtures";
import { expectAccessible, expectNoHorizontalOverflow, screenshotBoth } from "./pages/look";

const POLICY_KEY = "auth.factorPolicy";

function policyForm(page: Page) {
  const section = page.getByRole("region", { name: "Second factors" });
  return {
    section,
    inForce: section.getByTestId("policy-in-force"),
    role: (label: string) => section.getByRole("checkbox", { name: label, exact: true }),
    save: section.getByRole("button", { name: "Save" }),
    result: section.getByTestId("policy-result"),
  };
}

test.describe("settings", () => {
  // The server starts with FACTOR_POLICY=none; each test puts that back for the specs after it.
  test.afterEach(() => setFactorPolicy(null));

  test("an administrator changes the factor policy after confirming it is them, and the change is audited", async ({ adminPage: page }) => {
    await page.goto("/admin/settings");
    await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
    const form = policyForm(page);
    await expect(form.inForce).toHaveText(/In force now: no role — set by the FACTOR_POLICY environment variable/);
    for (const label of ["Administrator", "Operator", "Support", "Auditor"]) await expect(form.role(label)).not.toBeChecked();
    await expect(page.getByTestId("own-factor-first")).toBeVisible();
    await expect(page.getByTestId("sso-not-configured")).toContainText("takes effect only once it is");
    await expect(page.getByRole("checkbox", { name: "Trust the identity provider's multi-factor claim (amr)" })).not.toBeChecked();
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
    await screenshotBoth(page, "settings");

    // The admin's password was given at sign-in; 11 minutes later a change needs it again.
    ageProof(ADMIN.email, 11);
    const before = auditHeadSeq();
    await form.role("Auditor").check();
    await form.save.click();
    const stepUp = page.getByRole("dialog", { name: "Confirm it is you" });
    await expect(stepUp).toBeVisible();
    expect(auditEntriesAfter(before).map((e) => [e.action, JSON.parse(e.details).reason ?? null])).toEqual([["access.denied", "step-up-required"]]);
    expect(settingText(POLICY_KEY)).toBeUndefined();
    await stepUp.getByLabel("Password").fill(ADMIN.password);
    await stepUp.getByRole("button", { name: "Confirm" }).click();

    await expect(form.result).toHaveText("Saved. Must have a second factor: Auditor.");
    await expect(form.inForce).toHaveText(/In force now: Auditor — saved on this page/);
    expect(JSON.parse(settingText(POLICY_KEY) ?? "null")).toEqual({ required: ["auditor"] });
    const changes = auditEntriesAfter(before, { action: "settings.changed" });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ actor_email: ADMIN.email, actor_role: "admin", outcome: "succeeded", target_type: "setting", target_id: POLICY_KEY });
    expect(JSON.parse(changes[0]?.details ?? "{}")).toEqual({ key: POLICY_KEY, before: { required: [] }, after: { required: ["auditor"] }, beforeSource: "environment" });

    // …and the audit log page shows it.
    await page.goto(`/audit/${changes[0]?.seq}`);
    await expect(page.getByRole("main")).toContainText("settings.changed");
    await page.goto("/admin/settings");

    // The same roles again: nothing to record.
    const afterChange = auditHeadSeq();
    await form.save.click();
    await expect(form.result).toHaveText("Nothing changed: these are already the roles that must have a second factor.");
    expect(auditEntriesAfter(afterChange, { action: "settings.changed" })).toHaveLength(0);

    // Asking administrators for a factor, while this one has none, is refused with the way out.
    await form.role("Administrator").check();
    await form.save.click();
    await expect(form.result).toContainText("Set up your own second factor on Your account first");
    // the refused choice stays beside the message, not the saved one
    await expect(form.role("Administrator")).toBeChecked();
    await expect(form.role("Auditor")).toBeChecked();
    expect(JSON.parse(settingText(POLICY_KEY) ?? "null")).toEqual({ required: ["auditor"] });
    expect(auditEntriesAfter(afterChange, { action: "settings.changed" })).toHaveLength(0);
    await screenshotBoth(page, "settings-refused", { maxHeight: 1100 });
  });

  test("an operator gets the Access denied page, and a direct POST of the action is refused", async ({ adminPage: page, browser }) => {
    const { operator } = await newStaff(browser, "settings", "operator");
    const person = await signedInContext(browser, operator.email, operator.password);
    const before = auditHeadSeq();
    await person.page.goto("/admin/settings");
    await expect(person.page.getByRole("heading", { name: "Access denied", level: 1 })).toBeVisible();
    await expect(person.page.getByRole("heading", { name: "Second factors" })).toHaveCount(0);
    await expect(person.shell.nav.getByRole("link", { name: "Settings" })).toHaveCount(0);

    // A real save from the admin's browser gives the action's id and body…
    await page.goto("/admin/settings");
    const form = policyForm(page);
    await form.role("Support").check();
    const [captured] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
      form.save.click(),
    ]);
    await expect(form.result).toHaveText("Saved. Must have a second factor: Support.");
    setFactorPolicy(null);

    // …which the operator sends without the UI: refused, audited, and nothing saved.
    const afterAdmin = auditHeadSeq();
    const res = await person.page.request.post(captured.url(), {
      headers: { "next-action": captured.headers()["next-action"] ?? "", "content-type": captured.headers()["content-type"] ?? "", accept: "text/x-component", origin: BASE_URL },
      data: captured.postDataBuffer() ?? Buffer.alloc(0),
      maxRedirects: 0,
    });
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain("FORBIDDEN");
    expect(settingText(POLICY_KEY)).toBeUndefined();
    const denials = auditEntriesAfter(before, { action: "access.denied", actor_email: operator.email });
    expect(denials.map((d) => JSON.parse(d.details))).toEqual([
      expect.objectContaining({ permission: "settings.manage", path: "/admin/settings" }),
      expect.objectContaining({ permission: "settings.manage", action: "saveFactorPolicyAction" }),
    ]);
    expect(auditEntriesAfter(afterAdmin, { action: "settings.changed" })).toHaveLength(0);
    await person.context.close();
  });
});
