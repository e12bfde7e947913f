/**
 * The one database connection module.
 *
 * Rules:
 * - Durability is checked, not assumed: WAL, `synchronous=FULL` (better-sqlite3 leaves WAL at
 *   NORMAL, which can lose commits on power loss — docs/security.md S4), `foreign_keys=ON` and a
 *   busy timeout are set and READ BACK at open; the portal refuses to start otherwise.
 * - `getDb()` opens lazily and caches on globalThis: `next build` evaluates modules, so nothing
 *   may open the file at import time (it would also create the file during a build).
 *   instrumentation.ts calls it at boot.
 * - `writeTx()` is the one way to write: a synchronous `BEGIN IMMEDIATE` transaction, so
 *   concurrent writers wait for the lock (busy timeout, then a retried BEGIN) instead of
 *   failing with SQLITE_BUSY (docs/security.md S13). Never `await` inside it: better-sqlite3 transactions are synchronous,
 *   and anything after an await would run outside the transaction.
 */
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "@/db/schema";
import { DatabaseError, sqliteCode } from "@/db/errors";
import { applyMigrations, defaultMigrationsFolder } from "@/db/migrate";
import { env } from "@/lib/env";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
type DrizzleTx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/**
 * The handle a writeTx/readTx callback receives: Drizzle's transaction plus the raw connection,
 * for the few hot paths that keep prepared statements (the audit append). Only writeTx and
 * readTx make one, so code that takes a Tx can only run inside them.
 */
export type Tx = DrizzleTx & { readonly $client: Database.Database };

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenDbOptions {
  /** Folder of drizzle-kit migrations; default `<cwd>/drizzle`. `false` skips migrating. */
  migrationsFolder?: string | false;
  busyTimeoutMs?: number;
  /** Open read-only (verification, reports). Pragmas are still checked; nothing is migrated. */
  readonly?: boolean;
}

function readPragma(sqlite: Database.Database, name: string): unknown {
  return sqlite.pragma(name, { simple: true });
}

/** Sets the connection's pragmas and refuses the connection unless each one reads back as set. */
function enforcePragmas(sqlite: Database.Database, busyTimeoutMs: number, readonly: boolean): void {
  // busy_timeout first: switching to WAL needs a lock another process may briefly hold.
  sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  if (!readonly) sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // 32 MiB of page cache instead of SQLite's 2 MiB: searches of a million-row inventory touch
  // many index and FTS pages (docs/operations.md §7, P2/P3). Not a safety setting, so not checked below.
  sqlite.pragma("cache_size = -32768");

  const expected: [name: string, want: unknown][] = [
    ["journal_mode", "wal"],
    ["synchronous", 2],
    ["foreign_keys", 1],
    ["busy_timeout", Math.trunc(busyTimeoutMs)],
  ];
  const wrong = expected
    .map(([name, want]) => ({ name, want, got: readPragma(sqlite, name) }))
    .filter((p) => String(p.got).toLowerCase() !== String(p.want));
  if (wrong.length > 0) {
    const list = wrong.map((p) => `${p.name} is ${String(p.got)} (needs ${String(p.want)})`).join(", ");
    throw new DatabaseError(
      "DB_PRAGMA_NOT_IN_FORCE",
      `Refusing to use database ${sqlite.name}: ${list}. The portal needs WAL with synchronous=FULL so that a committed entry survives a crash; check that the file is on a local disk that supports WAL.`,
    );
  }
}

/**
 * Opens (creating if needed) and migrates a database file, with the pragmas checked.
 * Throws DatabaseError when the pragmas cannot be put in force or migrations fail.
 */
export function openDb(file: string, options: OpenDbOptions = {}): Db {
  if (file === ":memory:" || file === "") {
    throw new DatabaseError("DB_OPEN_FAILED", "The portal database must be a file (WAL does not apply to :memory:).");
  }
  const readonly = options.readonly ?? false;
  let sqlite: Database.Database;
  try {
    if (!readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
    sqlite = new Database(file, { readonly, fileMustExist: readonly });
  } catch (err) {
    throw new DatabaseError(
      "DB_OPEN_FAILED",
      `Cannot open database ${file}: ${err instanceof Error ? err.message : String(err)}. Check DATABASE_URL / DATA_DIR and the folder's permissions.`,
      undefined,
      { cause: err },
    );
  }
  try {
    enforcePragmas(sqlite, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, readonly);
    const db = drizzle(sqlite, { schema }) as Db;
    const folder = options.migrationsFolder ?? defaultMigrationsFolder();
    if (!readonly && folder !== false) applyMigrations(db, folder);
    return db;
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

const holder = globalThis as unknown as { __portalDb?: Db };

/** The process's shared connection to DATABASE_URL's file, opened and migrated on first use. */
export function getDb(): Db {
  return (holder.__portalDb ??= openDb(env().databaseFile));
}

function isThenable(value: unknown): boolean {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** How long writeTx keeps asking for the write lock before giving up with DB_BUSY. */
export const WRITE_LOCK_DEADLINE_MS = 30_000;

/**
 * Runs `fn` in one synchronous `BEGIN IMMEDIATE` transaction and returns its result; any
 * throw rolls everything back. Nested calls become savepoints of the outer transaction.
 *
 * With BEGIN IMMEDIATE the write lock is taken first, so SQLITE_BUSY can only come from BEGIN
 * itself, before `fn` has run: SQLite's busy handler waits up to busy_timeout, and if other
 * writers kept winning the lock meanwhile (the lock is not a fair queue), the BEGIN is simply
 * tried again until WRITE_LOCK_DEADLINE_MS — never a retry of work already done.
 */
export function writeTx<T>(db: Db, fn: (tx: Tx) => T, options: { lockDeadlineMs?: number } = {}): T {
  const deadline = Date.now() + (options.lockDeadlineMs ?? WRITE_LOCK_DEADLINE_MS);
  for (;;) {
    let entered = false;
    try {
      return db.transaction(
        (tx) => {
          entered = true;
          const result = fn(Object.assign(tx, { $client: db.$client }));
          if (isThenable(result)) {
            throw new DatabaseError(
              "DB_ASYNC_TRANSACTION",
              "A write transaction callback returned a promise; transactions are synchronous, so do the async work before or after writeTx().",
            );
          }
          return result;
        },
        { behavior: "immediate" },
      );
    } catch (err) {
      if (!sqliteCode(err)?.startsWith("SQLITE_BUSY")) throw err;
      if (!entered && Date.now() < deadline) continue;
      throw new DatabaseError(
        "DB_BUSY",
        "The database stayed locked by other writers longer than the write deadline.",
        "The database is busy. Try again in a moment.",
        { cause: err },
      );
    }
  }
}

/** Runs `fn` in one read transaction, so several queries see the same snapshot. */
export function readTx<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction((tx) => fn(Object.assign(tx, { $client: db.$client })), { behavior: "deferred" });
}
