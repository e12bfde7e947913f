import { Secret, TOTP } from "otpauth";
import type { Page } from "@playwright/test";
import { ADMIN, ageProof, auditEntriesAfter, auditHeadSeq, BASE_URL, expect, newStaff, setFactorPolicy, signedInContext, signIn, test } from "./fixtures";
import { screenshotBoth } from "./pages/look";
import { issueCertificate, uniqueCommonName } from "./pages/certificates-support";
import { CertificateDetailPage } from "./pages/certificates-detail-page";
import { LoginPage } from "./pages/login-page";
import { PortalShell } from "./pages/portal-shell";

/** The test's authenticator app: the code of the step `stepsAhead` steps from now. */
function codeFor(secret: string, stepsAhead = 0): string {
  const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

/** Sets up an authenticator app from the Account page (or the enrolment page); returns its secret and recovery codes. */
async function setUpApp(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await page.getByLabel("Code from the app").fill(codeFor(secret));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("totp-added")).toBeVisible();
  const recoveryCodes = await page.getByTestId("recovery-code").allInnerTexts();
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

async function passwordStep(page: Page, email: string, password: string): Promise<void> {
  const login = new LoginPage(page);
  await login.goto("/certificates");
  await login.signIn(email, password);
  await expect(page).toHaveURL(/\/login\/factor\?next=%2Fcertificates$/);
}

/** A server action's request as a signed-in admin's browser sends it (Save on Settings, single sign-on), kept before it reaches the server. */
async function capturedSettingsPost(browser: Parameters<typeof signedInContext>[0]): Promise<{ url: string; action: string; contentType: string; body: Buffer }> {
  const admin = await signedInContext(browser, ADMIN.email, ADMIN.password);
  let kept: { url: string; action: string; contentType: string; body: Buffer } | undefined;
  await admin.page.route("**/*", async (route) => {
    const r = route.request();
    if (r.method() !== "POST" || r.headers()["next-action"] === undefined) return route.continue();
    kept = { url: r.url(), action: r.headers()["next-action"] ?? "", contentType: r.headers()["content-type"] ?? "", body: r.postDataBuffer() ?? Buffer.alloc(0) };
    return route.abort();
  });
  await admin.page.goto("/admin/settings");
  await admin.page.getByRole("region", { name: "Single sign-on" }).getByRole("button", { name: "Save" }).click();
  await expect.poll(() => kept !== undefined, { timeout: 20_000 }).toBe(true);
  await admin.context.close();
  return kept!;
}

/** Types a code and waits for the server's answer (the form is reset after it, so the next one is typed after). */
async function giveCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Code").fill(code);
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Continue" }).click()]);
}

test.describe("second factors", () => {
  test("an authenticator app: enrolled from the key shown, each code accepted once, wrong codes throttled, recovery codes once", async ({ page, browser }) => {
    const { operator } = await newStaff(browser, "totp", "operator");
    await signIn(page, operator.email, operator.password);
    await page.goto("/account");
    const { secret, recoveryCodes } = await setUpApp(page);
    await screenshotBoth(page, "account-factors");
    await page.goto("/account");
    await expect(page.getByTestId("factor-row")).toContainText("Authenticator app");
    await expect(page.getByTestId("recovery-codes-left")).toContainText("You have 10 unused recovery codes");
    await new PortalShell(page).signOut();

    // the password alone no longer signs in: the portal waits for the code, and keeps where you were going
    await passwordStep(page, operator.email, operator.password);
    await screenshotBoth(page, "login-factor");
    await page.goto("/audit");
    await expect(page).toHaveURL(/\/login\/factor/);
    await page.goto("/login/factor?next=%2Fcertificates");
    const next = codeFor(secret, 1);
    await giveCode(page, next);
    await expect(page).toHaveURL(/\/certificates$/);
    await new PortalShell(page).signOut();

    // the same code again is refused
    await passwordStep(page, operator.email, operator.password);
    await giveCode(page, next);
    await expect(page.getByTestId("factor-error")).toContainText("used already");

    // a recovery code signs in once
    await giveCode(page, recoveryCodes[0]!.toLowerCase());
    await expect(page).toHaveURL(/\/account\?recoveryCodesLeft=9$/);
    await expect(page.getByTestId("recovery-code-used")).toContainText("9 are left");
    await new PortalShell(page).signOut();
    await passwordStep(page, operator.email, operator.password);
    await giveCode(page, recoveryCodes[0]!);
    await expect(page.getByTestId("factor-error")).toContainText("not right");

    // wrong codes are throttled like passwords: five failures since the last success, then the next try waits
    for (const wrong of ["111111", "222222", "333333", "444444"]) {
      await giveCode(page, wrong);
      await expect(page.getByTestId("factor-error")).toContainText("not right");
    }
    await giveCode(page, codeFor(secret));
    await expect(page.getByTestId("factor-error")).toContainText("Too many wrong codes. Wait");

    const tries = auditEntriesAfter(0, { action: "auth.factor.verify", actor_email: operator.email });
    expect(tries.map((t) => t.outcome)).toEqual(["succeeded", "failed", "succeeded", ...Array(6).fill("failed")]);
    expect(JSON.stringify(tries)).not.toContain(secret);
    expect(JSON.stringify(tries)).not.toContain(recoveryCodes[0]);
  });

  test("a role the policy asks for a factor is held at enrolment until it has one", async ({ page, browser }) => {
    const { operator } = await newStaff(browser, "held", "operator");
    // Captured from the admin before the policy asks admins for a factor too.
    const sent = await capturedSettingsPost(browser);
    setFactorPolicy(["admin", "operator"]);
    try {
      const before = auditHeadSeq();
      const login = new LoginPage(page);
      await login.goto("/batches");
      await login.signIn(operator.email, operator.password);
      await expect(page).toHaveURL(/\/login\/enrol\?next=%2Fbatches$/);
      await expect(page.getByRole("heading", { name: "Set up a second factor" })).toBeVisible();
      await screenshotBoth(page, "login-enrol");
      for (const path of ["/", "/certificates", "/account"]) {
        await page.goto(path);
        await expect(page).toHaveURL(/\/login\/enrol/);
      }
      // An action posted straight to the server from the held session: refused, and audited.
      const beforePost = auditHeadSeq();
      const res = await page.request.post(sent.url, {
        headers: { "next-action": sent.action, "content-type": sent.contentType, accept: "text/x-component", origin: BASE_URL },
        data: sent.body,
        maxRedirects: 0,
      });
      expect(await res.text()).toContain("FACTOR_REQUIRED");
      const denied = auditEntriesAfter(beforePost, { action: "access.denied", actor_email: operator.email });
      expect(denied.map((d) => JSON.parse(d.details).reason)).toEqual(["enrolment-required"]);
      await page.goto("/login/enrol?next=%2Fbatches");
      await setUpApp(page);
      await page.getByRole("link", { name: "Continue to the portal" }).click();
      await expect(page).toHaveURL(/\/batches$/);
      await expect(page.getByRole("heading", { name: "Batches", level: 1 })).toBeVisible();
      expect(auditEntriesAfter(before, { action: "auth.factor.add", actor_email: operator.email })).toHaveLength(1);

      // nobody removes their own last factor while the policy asks for one
      await page.goto("/account");
      await page.getByRole("button", { name: "Remove Authenticator app" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
      await expect(page.getByTestId("factor-row")).toContainText("your last one");
    } finally {
      setFactorPolicy(null);
    }
  });

  test("an administrator resets someone's factors: their sessions end, and the password alone signs them in again", async ({ browser }) => {
    const { support } = await newStaff(browser, "lostphone", "support");
    const person = await signedInContext(browser, support.email, support.password);
    await person.page.goto("/account");
    await setUpApp(person.page);

    const admin = await signedInContext(browser, ADMIN.email, ADMIN.password);
    await admin.page.goto("/admin/users");
    const row = admin.page.getByTestId(`user-row-${support.email}`);
    await expect(row.getByTestId("factors")).toHaveText("Set up");
    const before = auditHeadSeq();
    await admin.page.getByRole("button", { name: `Reset second factors of ${support.email}` }).click();
    await admin.page.getByRole("dialog").getByRole("button", { name: "Reset second factors" }).click();
    await expect(admin.page.getByText(`${support.email} has no second factor now and was signed out.`)).toBeVisible();
    expect(auditEntriesAfter(before, { action: "user.factors_reset" })).toHaveLength(1);
    await expect(row.getByTestId("factors")).toHaveText("None");

    await person.page.goto("/certificates");
    await expect(person.page).toHaveURL(/\/login\?(.*&)?ended=/);
    await signIn(person.page, support.email, support.password);
    await expect(person.page.getByRole("heading", { level: 1 })).toHaveText(/^Welcome, /);
    await person.context.close();
    await admin.context.close();
  });

  test("step-up: a revoke 11 minutes after the last factor asks for a code, then goes on", async ({ page, browser }) => {
    const { operator } = await newStaff(browser, "stepup", "operator");
    await signIn(page, operator.email, operator.password);
    await page.goto("/account");
    const { secret } = await setUpApp(page);
    const commonName = uniqueCommonName();
    const { serial } = await issueCertificate(page, commonName);
    ageProof(operator.email, 11);

    const detail = new CertificateDetailPage(page);
    await detail.goto(serial, commonName);
    const before = auditHeadSeq();
    await detail.revokeButton.click();
    const dialog = detail.dialog(commonName);
    await dialog.getByLabel("Reason (RFC 5280)").selectOption({ label: "Superseded (code 4)" });
    await dialog.getByLabel("Type the common name to confirm").fill(commonName);
    await dialog.getByRole("button", { name: "Revoke", exact: true }).click();

    // the server refused the revoke: the person is asked for a code, and nothing was sent to Sectigo
    const stepUp = page.getByRole("dialog", { name: "Confirm it is you" });
    await expect(stepUp).toBeVisible();
    await screenshotBoth(page, "step-up");
    expect(auditEntriesAfter(before).map((e) => [e.action, JSON.parse(e.details).reason ?? null])).toEqual([["access.denied", "step-up-required"]]);
    await stepUp.getByLabel("Code").fill("000000");
    await stepUp.getByRole("button", { name: "Confirm" }).click();
    await expect(stepUp.getByTestId("step-up-error")).toContainText("not right");
    await stepUp.getByLabel("Code").fill(codeFor(secret, 1));
    await stepUp.getByRole("button", { name: "Confirm" }).click();

    // the same revoke then went on
    await expect(dialog.getByTestId("revoke-result")).toHaveAttribute("data-outcome", "revoked", { timeout: 30_000 });
    expect(auditEntriesAfter(before, { action: "certificate.revoke" }).length).toBeGreaterThan(0);
  });
});
