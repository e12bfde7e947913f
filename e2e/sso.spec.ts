// Single sign-on, end to end, against the "sso" portal (playwright.config.ts) and a real
// OpenID Connect provider on loopback (e2e/support/idp.mjs): a verified e-mail of an existing
// account gets in and is audited with method oidc; an unknown, unverified or disabled one is
// sent back to /login with a message a person can act on; the provider's MFA claim lets an
// account that must have a factor straight in only while the Settings switch trusts it.
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "@playwright/test";
import { ADMIN, expect, signIn, test, uniqueEmail } from "./fixtures";
import { PortalShell } from "./pages/portal-shell";
import { StaffPage } from "./pages/staff-page";
import { startIdp } from "./support/idp.mjs";

const BASE_URL = process.env.E2E_SSO_BASE_URL ?? "http://localhost:3102";
const DATABASE = path.resolve(process.env.E2E_SSO_DATABASE ?? ".e2e-sso/data/portal.db");
const IDP_NAME = process.env.E2E_IDP_NAME ?? "Example IdP";

function openDb(readonly: boolean): Database.Database {
  const db = new Database(DATABASE, { readonly, fileMustExist: true });
  if (!readonly) db.pragma("busy_timeout = 5000");
  return db;
}

interface LoginAudit {
  actor_email: string;
  outcome: string;
  details: Record<string, unknown>;
}

function loginsAfter(seq: number): LoginAudit[] {
  const db = openDb(true);
  try {
    const rows = db.prepare("SELECT actor_email, outcome, details FROM audit_log WHERE seq > ? AND action = 'auth.login' ORDER BY seq").all(seq) as { actor_email: string; outcome: string; details: string }[];
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

function headSeq(): number {
  const db = openDb(true);
  try {
    return (db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM audit_log").get() as { seq: number }).seq;
  } finally {
    db.close();
  }
}

/** Writes a settings row the way the Settings page stores it; null removes it. */
function setSetting(key: string, value: unknown): void {
  const db = openDb(false);
  try {
    if (value === null) db.prepare("DELETE FROM settings WHERE key = ?").run(key);
    else {
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
        key,
        JSON.stringify(value),
        new Date().toISOString(),
      );
    }
  } finally {
    db.close();
  }
}

function setDisabled(email: string): void {
  const db = openDb(false);
  try {
    db.prepare("UPDATE users SET disabled = 1 WHERE email = ?").run(email);
  } finally {
    db.close();
  }
}

/** Accounts made by the first admin through the Staff page of the sso portal. */
async function createAccounts(browser: Browser, accounts: { email: string; role: "operator" | "support" }[]): Promise<void> {
  const context = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: true });
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  const staff = new StaffPage(page);
  await staff.goto();
  for (const account of accounts) await staff.create({ ...account, name: account.email.split("@")[0]!, password: `pw-${Date.now()}-not-used` });
  await context.close();
}

/** From the login page to the provider and back, signing in there as `login`. */
async function ssoSignIn(page: Page, login: string, next?: string): Promise<void> {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByRole("button", { name: `Sign in with ${IDP_NAME}` }).click();
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  await page.getByLabel("Login").fill(login);
  await page.getByRole("button", { name: "Continue" }).click();
}

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (msg.text().includes("Content Security Policy")) violations.push(msg.text());
  });
  return violations;
}

const staff = { email: uniqueEmail("sso-staff"), role: "support" as const };
const mfaOperator = { email: uniqueEmail("sso-operator"), role: "operator" as const };
const disabled = { email: uniqueEmail("sso-disabled"), role: "support" as const };
let idp: { close: () => Promise<void> } | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  idp = await startIdp({
    port: Number(process.env.E2E_IDP_PORT),
    clientId: process.env.E2E_IDP_CLIENT_ID,
    clientSecret: process.env.E2E_IDP_CLIENT_SECRET,
    redirectUri: `${BASE_URL}/api/auth/callback/oidc`,
  });
  await createAccounts(browser, [staff, mfaOperator, disabled]);
  setDisabled(disabled.email);
});

test.afterAll(async () => {
  await idp?.close();
});

test.afterEach(() => {
  setSetting("auth.trustIdpMfa", null);
  setSetting("auth.factorPolicy", null);
});

test("a verified e-mail of an account signs in, whatever its case, lands where it was going, and is audited as oidc", async ({ page }) => {
  const violations = watchCsp(page);
  const seq = headSeq();
  await ssoSignIn(page, staff.email.toUpperCase(), "/certificates");
  await expect(page).toHaveURL(`${BASE_URL}/certificates`);
  const shell = new PortalShell(page);
  await expect(shell.signOutButton).toBeVisible();
  expect(loginsAfter(seq)).toMatchObject([{ actor_email: staff.email, outcome: "succeeded", details: { method: "oidc", subject: staff.email.toUpperCase() } }]);
  expect(violations).toEqual([]);

  // The account page lists the session like any other, and signing out ends it.
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await shell.signOut();
  await page.goto("/certificates");
  await expect(page).toHaveURL(/\/login/);
});

test("an e-mail no account uses is sent back with a message naming it, and audited", async ({ page }) => {
  const stranger = uniqueEmail("sso-stranger");
  const seq = headSeq();
  await ssoSignIn(page, stranger);
  await expect(page).toHaveURL(/\/login\?sso=unknown-email/);
  await expect(page.getByTestId("sso-error")).toHaveText(
    `No staff account uses the e-mail address ${stranger} your identity provider gave. Ask an administrator to create an account with that address (or to change yours to it), then sign in again.`,
  );
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  expect(loginsAfter(seq)).toMatchObject([{ actor_email: stranger, outcome: "failed", details: { method: "oidc", reason: "unknown-email" } }]);
});

test("an unverified e-mail is refused even for an existing account, and a disabled account is refused", async ({ page }) => {
  const seq = headSeq();
  await ssoSignIn(page, `unverified:${staff.email}`);
  await expect(page.getByTestId("sso-error")).toContainText(`Your identity provider has not verified the e-mail address ${staff.email}`);
  await page.context().clearCookies();
  await ssoSignIn(page, disabled.email);
  await expect(page.getByTestId("sso-error")).toHaveText("This account is disabled. Ask an administrator to enable it.");
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  expect(loginsAfter(seq)).toMatchObject([
    { actor_email: staff.email, outcome: "failed", details: { method: "oidc", reason: "unverified-email" } },
    { actor_email: disabled.email, outcome: "failed", details: { method: "oidc", reason: "disabled" } },
  ]);
});

test("with the provider's MFA trusted, an account that must have a factor and has none goes straight in", async ({ page }) => {
  setSetting("auth.factorPolicy", { required: ["operator"] });
  setSetting("auth.trustIdpMfa", true);
  const seq = headSeq();
  await ssoSignIn(page, `mfa:${mfaOperator.email}`);
  await expect(new PortalShell(page).signOutButton).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/");
  expect(loginsAfter(seq)).toMatchObject([{ actor_email: mfaOperator.email, outcome: "succeeded", details: { method: "oidc", factor: "identity-provider-mfa" } }]);
});

test("without that trust, the same account and claim are sent to set up a factor", async ({ page }) => {
  setSetting("auth.factorPolicy", { required: ["operator"] });
  const seq = headSeq();
  await ssoSignIn(page, `mfa:${mfaOperator.email}`, "/certificates");
  await expect(page).toHaveURL(/\/login\/enrol\?next=%2Fcertificates$/);
  expect(loginsAfter(seq)).toMatchObject([{ actor_email: mfaOperator.email, outcome: "succeeded", details: { method: "oidc", next: "enrol" } }]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the button's plain form post is let through to the provider by the policy's form-action", async ({ page }) => {
    const violations = watchCsp(page);
    await page.goto("/login");
    await page.getByRole("button", { name: `Sign in with ${IDP_NAME}` }).click();
    await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
    expect(violations).toEqual([]);
  });
});
