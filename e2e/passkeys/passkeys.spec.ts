/**
 * Passkeys in Chromium, with its virtual authenticator (CDP WebAuthn domain) standing in for a
 * laptop's built-in one: user verification on, discoverable credentials. Runs against the
 * "passkeys" server of playwright.config.ts, opened at http://localhost: WebAuthn refuses a
 * bare IP address.
 */
import Database from "better-sqlite3";
import type { CDPSession, Page } from "@playwright/test";
import { expect, newStaff, signIn, test } from "../fixtures";
import { LoginPage } from "../pages/login-page";
import { screenshotBoth } from "../pages/look";
import { PortalShell } from "../pages/portal-shell";

const DATABASE = process.env.E2E_PASSKEY_DATABASE!;

interface Row {
  action: string;
  outcome: string;
  actor_email: string;
  details: string;
}

function withDb<T>(run: (db: Database.Database) => T): T {
  const db = new Database(DATABASE, { fileMustExist: true });
  try {
    return run(db);
  } finally {
    db.close();
  }
}

const headSeq = () => withDb((db) => (db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM audit_log").get() as { seq: number }).seq);
const entriesAfter = (seq: number, action: string) =>
  withDb((db) => db.prepare("SELECT action, outcome, actor_email, details FROM audit_log WHERE seq > ? AND action = ? ORDER BY seq").all(seq, action) as Row[]);

/** A platform authenticator that verifies its user (as after a fingerprint) and keeps discoverable passkeys. */
async function addAuthenticator(page: Page, { verifies = true } = {}): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: verifies, automaticPresenceSimulation: true },
  });
  return { cdp, id: authenticatorId };
}

async function addPasskey(page: Page, name: string): Promise<void> {
  await page.getByLabel("Passkey name").fill(name);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("passkey-added")).toContainText(name);
}

/** The session's last proof moved back, as if 11 minutes had passed (step-up counts 10). */
function ageProof(email: string): void {
  withDb((db) =>
    db
      .prepare("UPDATE sessions SET factor_at = ? WHERE ended_at IS NULL AND user_id = (SELECT id FROM users WHERE email = ?)")
      .run(new Date(Date.now() - 11 * 60_000).toISOString(), email),
  );
}

test.describe("passkeys", () => {
  test("register a passkey, sign in with it alone and as the second step, confirm with it, remove it", async ({ page, browser }) => {
    const { operator } = await newStaff(browser, "passkey", "operator");
    const authenticator = await addAuthenticator(page);
    await signIn(page, operator.email, operator.password);
    await page.goto("/account");
    const before = headSeq();
    await addPasskey(page, "Test laptop");
    // The first factor brings recovery codes, shown once.
    await expect(page.getByTestId("recovery-code")).toHaveCount(10);
    await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
    await expect(page.getByTestId("factor-row")).toContainText("Test laptop");
    await expect(page.getByTestId("factor-row")).toContainText("Passkey");
    const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.id });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    const added = entriesAfter(before, "auth.factor.add");
    expect(added).toHaveLength(1);
    expect(JSON.parse(added[0]!.details)).toMatchObject({ kind: "passkey", name: "Test laptop", recoveryCodesIssued: true });
    await screenshotBoth(page, "account-passkey");

    // The passkey alone signs in: no e-mail, no password.
    await new PortalShell(page).signOut();
    const login = new LoginPage(page);
    await login.goto("/certificates");
    await screenshotBoth(page, "login-passkey");
    const beforeLogin = headSeq();
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page).toHaveURL(/\/certificates$/);
    await expect(new PortalShell(page).signOutButton).toBeVisible();
    const logins = entriesAfter(beforeLogin, "auth.login");
    expect(logins.map((l) => [l.outcome, l.actor_email])).toEqual([["succeeded", operator.email]]);
    expect(JSON.parse(logins[0]!.details)).toMatchObject({ method: "passkey", name: "Test laptop" });

    // With a factor on the account, the password leads to the second step, where the passkey answers.
    await new PortalShell(page).signOut();
    await login.goto();
    await login.signIn(operator.email, operator.password);
    await expect(page).toHaveURL(/\/login\/factor$/);
    await page.getByRole("button", { name: "Use a passkey" }).click();
    await expect(new PortalShell(page).signOutButton).toBeVisible();

    // Removing a factor is a step-up act: 11 minutes on, the dialog asks, the passkey answers, the removal goes on.
    ageProof(operator.email);
    await page.goto("/account");
    await page.getByRole("button", { name: "Remove Test laptop" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
    const stepUp = page.getByRole("dialog", { name: "Confirm it is you" });
    await expect(stepUp).toBeVisible();
    await stepUp.getByRole("button", { name: "Use a passkey" }).click();
    await expect(page.getByTestId("factor-row")).toHaveCount(0);
    const verified = entriesAfter(beforeLogin, "auth.factor.verify").map((r) => JSON.parse(r.details) as { purpose: string; method: string });
    expect(verified).toEqual([expect.objectContaining({ purpose: "sign-in", method: "passkey" }), expect.objectContaining({ purpose: "step-up", method: "passkey" })]);

    // The device still holds the passkey, but the portal no longer accepts it.
    await new PortalShell(page).signOut();
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByTestId("passkey-error")).toContainText("does not belong to a portal account");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a device that cannot verify its user is refused, and a role that must have a factor can enrol with a passkey", async ({ page, browser }) => {
    const { operator } = await newStaff(browser, "passkey-enrol", "operator");
    withDb((db) =>
      db
        .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('auth.factorPolicy', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .run(JSON.stringify({ required: ["operator"] }), new Date().toISOString()),
    );
    try {
      const authenticator = await addAuthenticator(page, { verifies: false });
      const login = new LoginPage(page);
      await login.goto("/batches");
      await login.signIn(operator.email, operator.password);
      await expect(page).toHaveURL(/\/login\/enrol\?next=%2Fbatches$/);
      await page.getByLabel("Passkey name").fill("No fingerprint");
      await page.getByRole("button", { name: "Add a passkey" }).click();
      await expect(page.getByTestId("passkey-setup-error")).toBeVisible();
      await expect(page.getByTestId("passkey-added")).toHaveCount(0);

      await authenticator.cdp.send("WebAuthn.setUserVerified", { authenticatorId: authenticator.id, isUserVerified: true });
      await addPasskey(page, "Work laptop");
      await expect(page.getByTestId("recovery-code")).toHaveCount(10);
      await page.getByRole("link", { name: "Continue to the portal" }).click();
      await expect(page).toHaveURL(/\/batches$/);
      await expect(new PortalShell(page).signOutButton).toBeVisible();
    } finally {
      withDb((db) => db.prepare("DELETE FROM settings WHERE key = 'auth.factorPolicy'").run());
    }
  });
});
