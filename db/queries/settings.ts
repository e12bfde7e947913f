/**
 * Portal settings: JSON values by key. Keys under `audit.` belong to lib/audit (the chain
 * checkpoint) and cannot be written here. A setting change is audited by the caller, in
 * the same transaction: writeTx(db, tx => { setSetting(tx, …); appendAudit(tx, …) }).
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { settings } from "@/db/schema";
import { systemClock, toIso, type Clock } from "@/db/time";

const RESERVED_PREFIX = "audit.";

export function getSetting<T = unknown>(tx: Tx | Db, key: string): T | undefined {
  const value = getSettingText(tx, key);
  return value === undefined ? undefined : (JSON.parse(value) as T);
}

// Pages read settings on every view (the four-eyes policy on the certificates page).
const valueOf = preparedPerConnection((db) =>
  db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, sql.placeholder("key")))
    .prepare(),
);

/** The stored JSON text, unparsed: for a reader that must survive a damaged value. */
export function getSettingText(tx: Tx | Db, key: string): string | undefined {
  return valueOf(tx).get({ key })?.value;
}

export function setSetting(tx: Tx, key: string, value: unknown, updatedBy: number | null, clock: Clock = systemClock): void {
  if (key.startsWith(RESERVED_PREFIX)) throw new RangeError(`Setting "${key}" is reserved for the audit log.`);
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`Setting "${key}" must be a JSON value.`);
  const updatedAt = toIso(clock());
  tx.insert(settings)
    .values({ key, value: text, updatedAt, updatedBy })
    .onConflictDoUpdate({ target: settings.key, set: { value: text, updatedAt, updatedBy } })
    .run();
}

const CONTACT_PREFIX = "sectigo.lastContact:";

/**
 * The last time Sectigo answered a call with success, per endpoint (a switch between the
 * simulator and Sectigo must not carry the other's time over). Not a staff setting, so not
 * audited: the connection page shows it, nothing decides on it.
 */
export function recordSectigoContact(db: Db, endpoint: string, at: Date): void {
  writeTx(db, (tx) => setSetting(tx, CONTACT_PREFIX + endpoint, toIso(at), null), { lockDeadlineMs: 1000 });
}

export function lastSectigoContact(db: Tx | Db, endpoint: string): Date | null {
  const value = getSetting<string>(db, CONTACT_PREFIX + endpoint);
  const at = typeof value === "string" ? new Date(value) : null;
  return at !== null && !Number.isNaN(at.getTime()) ? at : null;
}
