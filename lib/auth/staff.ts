/**
 * Staff accounts: list, create, change role, disable/enable, reset password.
 *
 * Rules:
 * - Each change and its audit entry (`user.create`, `user.role_change` {from, to},
 *   `user.disable`, `user.enable`, `user.password_reset`) commit in ONE immediate transaction.
 * - Changing a role, disabling or resetting a password ends the account's sessions at once:
 *   the rows are ended and `session_epoch` is bumped (a reset of your own password keeps
 *   your current session and ends the others).
 * - No change may leave the portal without an active admin; nobody disables their own
 *   account (another admin must), so an admin cannot lock themself out by a slip.
 * - Only DTO fields are selected for pages (db/queries/users.ts): a password hash never reaches one.
 * - Passwords (typed or generated) appear only in the return value of create/reset, which
 *   the page shows once; never in the audit log or a message.
 * - A password or factor reset may also come from the host's command line (HOST_ACTOR,
 *   lib/auth/break-glass.ts): the way back in for an only administrator who lost both.
 */
import "server-only";
import { writeTx, type Db, type Tx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { deleteAllFactors, deleteRecoveryCodes } from "@/db/queries/factors";
import { bumpSessionEpoch, countOtherActiveAdmins, getStaffRow, getStaffRowByEmail, insertUser, listStaffRows, updateUser } from "@/db/queries/users";
import { nowIso, systemClock, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import type { AuditActor, HOST_ACTOR } from "@/lib/audit/types";
import { generatePassword, hashPassword, passwordProblems } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/rbac";
import { endUserSessions, type SessionEndReason, type SessionUser } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";

/** What a page may know about an account. */
export interface StaffMember {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  /** how many second factors it has */
  factors: number;
}

export interface StaffOptions {
  clock?: Clock;
  ip?: string | null;
}

/** Who makes a change: a signed-in administrator, or the host's command line (HOST_ACTOR). */
export type StaffChanger = SessionUser | typeof HOST_ACTOR;

function actorOf(by: StaffChanger): AuditActor {
  return "sessionId" in by ? { id: by.id, email: by.email, role: by.role } : by;
}

/** The changer's own account, when the change is made to it from a session (never from the host). */
function ownSession(by: StaffChanger, userId: number): string | undefined {
  return "sessionId" in by && by.id === userId ? by.sessionId : undefined;
}

export function listStaff(db: Db): StaffMember[] {
  return listStaffRows(db);
}

export function getStaffMember(db: Db | Tx, id: number): StaffMember | null {
  return getStaffRow(db, id) ?? null;
}

export function findStaffByEmail(db: Db | Tx, email: string): StaffMember | null {
  return getStaffRowByEmail(db, email.trim().toLowerCase()) ?? null;
}

function mustFind(tx: Tx, id: number): StaffMember {
  const member = getStaffMember(tx, id);
  if (!member) {
    throw new AppError("USER_NOT_FOUND", `No user with id ${id}.`, "That account no longer exists. Reload the page.");
  }
  return member;
}

/** Ends the target's sessions and bumps its epoch, so the old cookies stop counting at once. */
function cutSessions(tx: Tx, userId: number, reason: SessionEndReason, now: Date, keep?: string): number {
  if (!keep) bumpSessionEpoch(tx, userId);
  return endUserSessions(tx, userId, reason, now, keep ? { except: keep } : {});
}

export interface CreateStaffInput {
  email: string;
  name: string;
  role: Role;
  /** omitted or empty: one is generated */
  password?: string;
}

export interface CreatedStaff {
  member: StaffMember;
  /** set only when the password was generated, to be shown once */
  generatedPassword: string | null;
}

export async function createStaff(db: Db, by: SessionUser, input: CreateStaffInput, options: StaffOptions = {}): Promise<CreatedStaff> {
  const clock = options.clock ?? systemClock;
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  const generated = !input.password;
  const password = input.password || generatePassword();
  const problems = passwordProblems(password, email);
  if (problems.length > 0) {
    throw new AppError("PASSWORD_POLICY", "Initial password refused by the policy.", problems.join(" "));
  }
  const passwordHash = await hashPassword(password);
  try {
    const member = writeTx(db, (tx) => {
      const at = nowIso(clock);
      const row = insertUser(tx, { email, name, role: input.role, passwordHash, createdAt: at, updatedAt: at });
      appendAudit(
        tx,
        {
          actor: actorOf(by),
          action: "user.create",
          outcome: "succeeded",
          target: { type: "user", id: row.id },
          ip: options.ip ?? null,
          details: { email, name, role: input.role, source: generated ? "generated" : "typed by admin" },
        },
        { clock },
      );
      return row;
    });
    return { member, generatedPassword: generated ? password : null };
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("EMAIL_TAKEN", "users.email unique violation", `An account for ${email} already exists.`, { cause: err });
    }
    throw err;
  }
}

export function changeRole(db: Db, by: SessionUser, userId: number, role: Role, options: StaffOptions = {}): StaffMember {
  const clock = options.clock ?? systemClock;
  return writeTx(db, (tx) => {
    const member = mustFind(tx, userId);
    if (member.role === role) return member;
    if (member.role === "admin" && !member.disabled && countOtherActiveAdmins(tx, userId) === 0) {
      throw new AppError(
        "LAST_ADMIN",
        "Refused to demote the last active admin.",
        `${member.email} is the only active administrator. Make another account an administrator first.`,
      );
    }
    const now = clock();
    updateUser(tx, userId, { role, updatedAt: nowIso(() => now) });
    const sessionsEnded = cutSessions(tx, userId, "role-changed", now);
    appendAudit(
      tx,
      {
        actor: actorOf(by),
        action: "user.role_change",
        outcome: "succeeded",
        target: { type: "user", id: userId },
        ip: options.ip ?? null,
        details: { email: member.email, from: member.role, to: role, sessionsEnded },
      },
      { clock },
    );
    return { ...member, role };
  });
}

export function setDisabled(db: Db, by: SessionUser, userId: number, disabled: boolean, options: StaffOptions = {}): StaffMember {
  const clock = options.clock ?? systemClock;
  return writeTx(db, (tx) => {
    const member = mustFind(tx, userId);
    if (member.disabled === disabled) return member;
    if (disabled && userId === by.id) {
      throw new AppError("SELF_DISABLE", "Refused to disable own account.", "You cannot disable your own account; another administrator can.");
    }
    if (disabled && member.role === "admin" && countOtherActiveAdmins(tx, userId) === 0) {
      throw new AppError(
        "LAST_ADMIN",
        "Refused to disable the last active admin.",
        `${member.email} is the only active administrator and cannot be disabled.`,
      );
    }
    const now = clock();
    updateUser(tx, userId, { disabled, updatedAt: nowIso(() => now) });
    const sessionsEnded = disabled ? cutSessions(tx, userId, "disabled", now) : 0;
    appendAudit(
      tx,
      {
        actor: actorOf(by),
        action: disabled ? "user.disable" : "user.enable",
        outcome: "succeeded",
        target: { type: "user", id: userId },
        ip: options.ip ?? null,
        details: disabled ? { email: member.email, sessionsEnded } : { email: member.email },
      },
      { clock },
    );
    return { ...member, disabled };
  });
}

export interface PasswordReset {
  member: StaffMember;
  /** the new password, to be shown once */
  password: string;
}

export async function resetPassword(db: Db, by: StaffChanger, userId: number, options: StaffOptions = {}): Promise<PasswordReset> {
  const clock = options.clock ?? systemClock;
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const member = writeTx(db, (tx) => {
    const found = mustFind(tx, userId);
    const now = clock();
    updateUser(tx, userId, { passwordHash, updatedAt: nowIso(() => now) });
    const sessionsEnded = cutSessions(tx, userId, "password-reset", now, ownSession(by, userId));
    appendAudit(
      tx,
      {
        actor: actorOf(by),
        action: "user.password_reset",
        outcome: "succeeded",
        target: { type: "user", id: userId },
        ip: options.ip ?? null,
        details: { email: found.email, sessionsEnded },
      },
      { clock },
    );
    return found;
  });
  return { member, password };
}

/**
 * An administrator clears another account's second factors and recovery codes (someone lost
 * their phone and their codes): its sessions end at once, and its next sign-in asks it to
 * set up a factor again if its role must have one. Your own factors are managed on your
 * Account page, where the last one cannot be removed while the policy asks for one. The host
 * (HOST_ACTOR) may reset anyone's: the way back in for an only administrator.
 */
export function resetFactors(db: Db, by: StaffChanger, userId: number, options: StaffOptions = {}): StaffMember {
  const clock = options.clock ?? systemClock;
  if (ownSession(by, userId) !== undefined) {
    throw new AppError("INVALID_INPUT", "an admin tried to reset their own factors", "Manage your own second factors on Your account.");
  }
  return writeTx(db, (tx) => {
    const found = mustFind(tx, userId);
    const now = clock();
    const factorsRemoved = deleteAllFactors(tx, userId);
    deleteRecoveryCodes(tx, userId);
    const sessionsEnded = cutSessions(tx, userId, "factors-reset", now);
    appendAudit(
      tx,
      {
        actor: actorOf(by),
        action: "user.factors_reset",
        outcome: "succeeded",
        target: { type: "user", id: userId },
        ip: options.ip ?? null,
        details: { email: found.email, factorsRemoved, sessionsEnded },
      },
      { clock },
    );
    return found;
  });
}
