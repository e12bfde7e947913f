/**
 * Staff accounts. The password hash is read only by the sign-in lookup: every other read
 * selects the staff columns, so a hash never reaches a page.
 */
import "server-only";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { users, type User } from "@/db/schema";

const staffColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabled: users.disabled,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  /** confirmed second factors (authenticator app, passkeys) */
  factors: sql<number>`(SELECT count(*) FROM user_factors WHERE user_factors.user_id = users.id AND user_factors.confirmed_at IS NOT NULL)`,
};

/** An account without its secrets (hash, session epoch), and how many second factors it has. */
export type StaffRow = Pick<User, "id" | "email" | "name" | "role" | "disabled" | "lastLoginAt" | "createdAt"> & { factors: number };

/** What a sign-in needs to decide, hash included. */
export type LoginUserRow = Pick<User, "id" | "email" | "name" | "role" | "disabled" | "sessionEpoch" | "passwordHash">;

export type NewUserInput = Pick<User, "email" | "name" | "role" | "passwordHash" | "createdAt" | "updatedAt">;

export type UserPatch = Partial<Pick<User, "role" | "disabled" | "passwordHash" | "updatedAt" | "lastLoginAt">>;

export function countUsers(db: Db | Tx): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export function insertUser(tx: Tx, input: NewUserInput): StaffRow {
  return tx.insert(users).values(input).returning(staffColumns).get();
}

export function listStaffRows(db: Db | Tx): StaffRow[] {
  return db.select(staffColumns).from(users).orderBy(asc(users.email)).all();
}

export function getStaffRow(db: Db | Tx, id: number): StaffRow | undefined {
  return db.select(staffColumns).from(users).where(eq(users.id, id)).get();
}

/** `email` lower-cased by the caller, as stored. */
export function getStaffRowByEmail(db: Db | Tx, email: string): StaffRow | undefined {
  return db.select(staffColumns).from(users).where(eq(users.email, email)).get();
}

/** The account's id and e-mail (who made a batch, asked for a revocation, …). */
export function getUserEmail(db: Db | Tx, id: number): { id: number; email: string } | undefined {
  return db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, id)).get();
}

export function getLoginUser(db: Db | Tx, email: string): LoginUserRow | undefined {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabled: users.disabled,
      sessionEpoch: users.sessionEpoch,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .where(eq(users.email, email))
    .get();
}

/** What a sign-in without a password (a passkey) needs to decide: the account by id, no hash. */
export function getSignInUser(db: Db | Tx, id: number): Omit<LoginUserRow, "passwordHash"> | undefined {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabled: users.disabled, sessionEpoch: users.sessionEpoch })
    .from(users)
    .where(eq(users.id, id))
    .get();
}

/** Active admins other than `exceptId`. */
export function countOtherActiveAdmins(db: Db | Tx, exceptId: number): number {
  return (
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, exceptId)))
      .get()?.n ?? 0
  );
}

/** Active accounts without a confirmed second factor, by role (a role with none is absent). */
export function countActiveWithoutFactor(db: Db | Tx): Partial<Record<User["role"], number>> {
  const rows = db
    .select({ role: users.role, n: count() })
    .from(users)
    .where(and(eq(users.disabled, false), sql`NOT EXISTS (SELECT 1 FROM user_factors WHERE user_factors.user_id = users.id AND user_factors.confirmed_at IS NOT NULL)`))
    .groupBy(users.role)
    .all();
  return Object.fromEntries(rows.map((r) => [r.role, r.n]));
}

export function updateUser(tx: Tx, id: number, patch: UserPatch): void {
  tx.update(users).set(patch).where(eq(users.id, id)).run();
}

/** Makes every session cookie issued to the account so far stop counting. */
export function bumpSessionEpoch(tx: Tx, id: number): void {
  tx.update(users)
    .set({ sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(eq(users.id, id))
    .run();
}
