/**
 * Test support for lib/auth: a user row without paying for scrypt, and a settable clock.
 * Not a test file itself.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/rbac";
import { createSecretBox } from "@/lib/crypto/secret-box";

export interface TestClock {
  (): Date;
  set(iso: string | Date): void;
  advance(ms: number): void;
}

export function testClock(start = "2026-03-01T09:00:00.000Z"): TestClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (t) => {
    now = new Date(t).getTime();
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/** Inserts a user with the given (pre-computed) hash and returns its id. */
export function insertUser(
  db: Db,
  fields: { email: string; role?: Role; name?: string; passwordHash?: string; disabled?: boolean },
): number {
  const at = "2026-01-01T00:00:00.000Z";
  return db
    .insert(users)
    .values({
      email: fields.email,
      name: fields.name ?? fields.email.split("@")[0] ?? "someone",
      role: fields.role ?? "operator",
      passwordHash: fields.passwordHash ?? "scrypt$ln=15,r=8,p=1$invalid$invalid",
      disabled: fields.disabled ?? false,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: users.id })
    .get().id;
}

export function userRow(db: Db, id: number) {
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** Audit entries of one action, oldest first, with parsed details. */
export function auditOf(db: Db, action: string) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .orderBy(auditLog.seq)
    .all()
    .map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}

export const TEST_PASSWORD = "a long enough password";

/** A hash of the password at cheap scrypt parameters, so that wrong-password checks stay fast. */
export function cheapPasswordHash(password = TEST_PASSWORD): Promise<string> {
  return hashPassword(password, { ln: 10, r: 8, p: 1 });
}

/** Makes the process's secret box one over a random key: no data folder or DATA_KEY needed. */
export function useRandomSecretBox(): void {
  (globalThis as { __secretBox?: unknown }).__secretBox = createSecretBox(randomBytes(32));
}
