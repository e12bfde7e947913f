/**
 * Applies the committed drizzle-kit migrations (drizzle/) with Drizzle's own migrator, the
 * same bookkeeping table `drizzle-kit migrate` uses, so either may run first.
 *
 * Two processes opening a fresh file at once (the server and a script, or test workers) both
 * try to migrate; Drizzle's migrator uses a deferred BEGIN, so the loser fails with "table
 * already exists" or SQLITE_BUSY. The loser then finds the file up to date and carries on;
 * only a failure that leaves migrations pending is an error.
 */
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type Database from "better-sqlite3";
import { DatabaseError } from "@/db/errors";

type MigratableDb<T extends Record<string, unknown>> = BetterSQLite3Database<T> & { $client: Database.Database };

/** Where the committed migrations live: `<cwd>/drizzle` (the repository root under `next start`). */
export function defaultMigrationsFolder(): string {
  return path.join(process.cwd(), "drizzle");
}

function checkFolder(folder: string): void {
  if (!fs.existsSync(path.join(folder, "meta", "_journal.json"))) {
    throw new DatabaseError(
      "DB_MIGRATIONS_NOT_FOUND",
      `No migrations at ${folder} (meta/_journal.json missing). Start the portal from the repository folder, or pass migrationsFolder.`,
    );
  }
}

/** Number of committed migrations that this database has not applied yet. */
export function pendingMigrations<T extends Record<string, unknown>>(db: MigratableDb<T>, folder: string = defaultMigrationsFolder()): number {
  checkFolder(folder);
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const hasTable = db.$client
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!hasTable) return migrations.length;
  const last = db.$client.prepare("SELECT max(created_at) AS at FROM __drizzle_migrations").get() as
    | { at: number | string | null }
    | undefined;
  const lastAt = last?.at === null || last?.at === undefined ? -Infinity : Number(last.at);
  // Drizzle's rule: a migration is applied when its folderMillis is newer than the last applied one.
  return migrations.filter((m) => m.folderMillis > lastAt).length;
}

export function applyMigrations<T extends Record<string, unknown>>(db: MigratableDb<T>, folder: string = defaultMigrationsFolder()): void {
  checkFolder(folder);
  if (pendingMigrations(db, folder) === 0) return;
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder: folder });
      return;
    } catch (err) {
      if (pendingMigrations(db, folder) === 0) return; // another process migrated first
      if (attempt >= attempts) {
        throw new DatabaseError(
          "DB_MIGRATION_FAILED",
          `Database migration failed: ${err instanceof Error ? err.message : String(err)}`,
          undefined,
          { cause: err },
        );
      }
    }
  }
}
