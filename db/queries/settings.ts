/**
 * Portal settings: JSON values by key. Keys under `audit.` belong to lib/audit (the chain
 * checkpoint) and cannot be written here. A setting change is audited by the caller, in
 * the same transaction: writeTx(db, tx => { setSetting(tx, …); appendAudit(tx, …) }).
 */
import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { settings } from "@/db/schema";
import { systemClock, toIso, type Clock } from "@/db/time";

const RESERVED_PREFIX = "audit.";

export function getSetting<T = unknown>(tx: Tx | Db, key: string): T | undefined {
  const row = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
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
