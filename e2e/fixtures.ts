/**
 * Shared e2e fixtures: the first admin's credentials (set in playwright.config.ts), unique
 * staff data per test, signing in through the real login page, and read-only access to the
 * portal's SQLite file for checking audit entries.
 *
 * Rule: every test makes its own accounts (uniqueEmail) and never creates another admin —
 * tests rely on the configured admin being the only one, so "last admin" rules stay testable.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { LoginPage } from "./pages/login-page";
import { PortalShell } from "./pages/portal-shell";
import { StaffPage } from "./pages/staff-page";

export const ADMIN = {
  email: process.env.E2E_ADMIN_EMAIL ?? "admin@e2e.test",
  password: process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password-0123",
};
export const BASE_URL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";
const DATABASE = path.resolve(process.env.E2E_DATABASE ?? ".e2e/data/portal.db");
const EXPIRY_CLOCK_FILE = path.resolve(process.env.E2E_EXPIRY_CLOCK_FILE ?? ".e2e/data/expiry-clock-offset-ms");

export type StaffRole = "admin" | "operator" | "support" | "auditor";

/** A fresh e-mail for this test run, e.g. `support-3fa9c2@e2e.test`. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@e2e.test`;
}

/** A password that passes the staff policy, unique per call. */
export function uniquePassword(): string {
  return `pw-${randomBytes(8).toString("hex")}`;
}

export interface AuditRow {
  seq: number;
  actor_email: string;
  actor_role: string | null;
  action: string;
  outcome: string;
  target_type: string | null;
  target_id: string | null;
  /** the client address the portal recorded */
  ip: string | null;
  details: string;
}

/** Audit entries after `afterSeq` (read-only; the server keeps writing). */
export function auditEntriesAfter(afterSeq: number, filter: Partial<Pick<AuditRow, "action" | "actor_email">> = {}): AuditRow[] {
  const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT seq, actor_email, actor_role, action, outcome, target_type, target_id, ip, details FROM audit_log WHERE seq > ? ORDER BY seq").all(afterSeq) as AuditRow[];
    return rows.filter((r) => (!filter.action || r.action === filter.action) && (!filter.actor_email || r.actor_email === filter.actor_email));
  } finally {
    db.close();
  }
}

export function auditHeadSeq(): number {
  const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM audit_log").get() as { seq: number }).seq;
  } finally {
    db.close();
  }
}

/** Whether an account exists (for checking that a refused action changed nothing). */
export function accountExists(email: string): boolean {
  const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM users WHERE email = ?").get(email) !== undefined;
  } finally {
    db.close();
  }
}

/** Writes to the portal's database while the server runs: for state a test sets up, never for what it checks. */
function withWritableDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(DATABASE, { fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Sets the factor policy the way the Settings page stores it; null removes it (the e2e server starts with FACTOR_POLICY=none). */
export function setFactorPolicy(required: string[] | null): void {
  withWritableDb((db) => {
    if (required === null) db.prepare("DELETE FROM settings WHERE key = 'auth.factorPolicy'").run();
    else {
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('auth.factorPolicy', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .run(JSON.stringify({ required }), new Date().toISOString());
    }
  });
}

export interface FourEyesSetting {
  single: boolean;
  bulk: boolean;
  emergencyKeyCompromise: boolean;
  requestHours: number;
}

/** Sets when a revocation needs a second person, as the Settings page stores it; null restores the default (bulk only). */
export function setFourEyes(policy: FourEyesSetting | null): void {
  withWritableDb((db) => {
    if (policy === null) db.prepare("DELETE FROM settings WHERE key = 'revocation.fourEyes'").run();
    else {
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('revocation.fourEyes', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .run(JSON.stringify(policy), new Date().toISOString());
    }
  });
}

/** A setting's stored JSON text, or undefined when none is saved. */
export function settingText(key: string): string | undefined {
  const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
}

/** Moves the person's last proof (factor or password) back in time, as if minutes had passed. */
export function ageProof(email: string, minutes: number): void {
  withWritableDb((db) =>
    db.prepare("UPDATE sessions SET factor_at = ? WHERE ended_at IS NULL AND user_id = (SELECT id FROM users WHERE email = ?)").run(
      new Date(Date.now() - minutes * 60_000).toISOString(),
      email,
    ),
  );
}

/** Signs in through the login page and waits for the portal shell. */
export async function signIn(page: Page, email: string, password: string): Promise<PortalShell> {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  const shell = new PortalShell(page);
  await expect(shell.signOutButton).toBeVisible();
  return shell;
}

/** A separate browser context (its own cookies) signed in as someone. */
export async function signedInContext(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const shell = await signIn(page, email, password);
  return { context, page, shell };
}

export interface StaffAccount {
  email: string;
  password: string;
}

/** New staff accounts, one per role asked for, made by the first admin through the Staff page. */
export async function newStaff<R extends StaffRole>(browser: Browser, prefix: string, ...roles: R[]): Promise<Record<R, StaffAccount>> {
  const admin = await signedInContext(browser, ADMIN.email, ADMIN.password);
  const staff = new StaffPage(admin.page);
  await staff.goto();
  const accounts = {} as Record<R, StaffAccount>;
  for (const role of roles) {
    const account = { email: uniqueEmail(`${prefix}-${role}`), password: uniquePassword() };
    await staff.create({ ...account, name: `${prefix} ${role}`, role });
    accounts[role] = account;
  }
  await admin.context.close();
  return accounts;
}

/**
 * One patient sign-in before a spec's tests: a cold server loads Auth.js, the database and the
 * simulator on its first sign-in, which can take longer than the fixtures' usual wait on a busy
 * machine. Use as `test.beforeAll(({ browser }) => warmUp(browser))`.
 */
export async function warmUp(browser: Browser): Promise<void> {
  const page = await browser.newPage();
  await new LoginPage(page).goto();
  await new LoginPage(page).signIn(ADMIN.email, ADMIN.password);
  await expect(new PortalShell(page).signOutButton).toBeVisible({ timeout: 60_000 });
  await page.close();
}

interface Fixtures {
  /** a page signed in as the first admin */
  adminPage: Page;
  /**
   * Moves the portal's expiry clock (expiry watch, notices, calendar) `days` from the real
   * time — the server reads the offset on every request; put back to 0 after the test.
   */
  moveExpiryClock: (days: number) => void;
  /** the Staff accounts page object on adminPage, already open */
  staffPage: StaffPage;
}

export const test = base.extend<Fixtures>({
  // `provide` rather than Playwright's usual `use`: React's lint rules take `use(...)` for the hook.
  adminPage: async ({ page }, provide) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    await provide(page);
  },
  moveExpiryClock: async ({}, provide) => {
    await provide((days) => fs.writeFileSync(EXPIRY_CLOCK_FILE, String(Math.round(days * 86_400_000))));
    fs.rmSync(EXPIRY_CLOCK_FILE, { force: true });
  },
  staffPage: async ({ adminPage }, provide) => {
    const staff = new StaffPage(adminPage);
    await staff.goto();
    await provide(staff);
  },
});

export { expect };
