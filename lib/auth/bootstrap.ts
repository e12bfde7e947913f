/**
 * The first admin account, made at start when the users table is empty.
 *
 * Rules:
 * - ADMIN_EMAIL / ADMIN_PASSWORD are used only while there is no account at all; after
 *   that they are ignored (change accounts on the Staff accounts page).
 * - Without ADMIN_PASSWORD a 20-character password is generated and printed ONCE, boxed, to
 *   the server console — nowhere else: not to the audit log, not to a file.
 * - Idempotent and safe when two processes start at once: the emptiness check and the insert
 *   happen in one BEGIN IMMEDIATE transaction, so only one process creates the account and
 *   only that one prints a password.
 * - The creation is audited (`user.create`, actor "system") in the same transaction.
 */
import "server-only";
import { writeTx, type Db } from "@/db/client";
import { countUsers, insertUser } from "@/db/queries/users";
import { nowIso, systemClock, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { SYSTEM_ACTOR } from "@/lib/audit/types";
import { generatePassword, hashPassword, passwordProblems } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";

export const DEFAULT_ADMIN_EMAIL = "admin@localhost";

export interface BootstrapConfig {
  ADMIN_EMAIL?: string;
  ADMIN_PASSWORD?: string;
}

export interface BootstrapOptions {
  clock?: Clock;
  /** where the one-time message goes; the console by default */
  print?: (text: string) => void;
}

export type BootstrapResult = { created: false } | { created: true; email: string; generatedPassword: boolean };

function boxed(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const bar = "═".repeat(width + 2);
  return [`╔${bar}╗`, ...lines.map((l) => `║ ${l.padEnd(width)} ║`), `╚${bar}╝`].join("\n");
}

function hasUsers(db: Db): boolean {
  return countUsers(db) > 0;
}

export async function bootstrapFirstAdmin(
  db: Db,
  config: BootstrapConfig,
  options: BootstrapOptions = {},
): Promise<BootstrapResult> {
  if (hasUsers(db)) return { created: false };
  const clock = options.clock ?? systemClock;
  const email = (config.ADMIN_EMAIL?.trim() || DEFAULT_ADMIN_EMAIL).toLowerCase();
  const generated = !config.ADMIN_PASSWORD;
  const password = config.ADMIN_PASSWORD ?? generatePassword();
  const problems = passwordProblems(password, email);
  if (problems.length > 0) {
    throw new AppError(
      "ADMIN_PASSWORD_WEAK",
      `ADMIN_PASSWORD is not acceptable: ${problems.join(" ")}`,
      "The first admin's password is not acceptable.",
    );
  }
  // Hash outside the transaction: it is async, and transactions are synchronous.
  const passwordHash = await hashPassword(password);

  const created = writeTx(db, (tx) => {
    if (countUsers(tx) > 0) return false;
    const at = nowIso(clock);
    const row = insertUser(tx, { email, name: "Administrator", role: "admin", passwordHash, createdAt: at, updatedAt: at });
    appendAudit(
      tx,
      {
        actor: SYSTEM_ACTOR,
        action: "user.create",
        outcome: "succeeded",
        target: { type: "user", id: row.id },
        details: { email, role: "admin", reason: "first start", source: generated ? "generated at start" : "ADMIN_PASSWORD" },
      },
      { clock },
    );
    return true;
  });
  if (!created) return { created: false };

  const print = options.print ?? ((text: string) => console.log(text));
  if (generated) {
    print(
      boxed([
        "TRISA CA Portal — first administrator account created",
        "",
        `  E-mail:   ${email}`,
        `  Password: ${password}`,
        "",
        "This password is shown only this once. Sign in and keep it",
        "safe; another admin can reset it on the Staff accounts page.",
      ]),
    );
  } else {
    print(`First administrator account created: ${email} (password from ADMIN_PASSWORD).`);
  }
  return { created: true, email, generatedPassword: generated };
}
