/**
 * Test support: a migrated database in a fresh temporary folder, removed afterwards.
 * Not a test file itself; imported by *.test.ts under db/ and lib/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb, type Db, type OpenDbOptions } from "@/db/client";

export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
export const MIGRATIONS = path.join(REPO_ROOT, "drizzle");

export interface TempDb {
  db: Db;
  file: string;
  dir: string;
  /** another connection to the same file (e.g. a second process's view) */
  reopen(options?: OpenDbOptions): Db;
  cleanup(): void;
}

export function tempDir(prefix = "portal-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tempDb(options: OpenDbOptions = {}): TempDb {
  const dir = tempDir();
  const file = path.join(dir, "portal.db");
  const opened: Db[] = [];
  const open = (o: OpenDbOptions = {}) => {
    const db = openDb(file, { migrationsFolder: MIGRATIONS, ...options, ...o });
    opened.push(db);
    return db;
  };
  const db = open();
  return {
    db,
    file,
    dir,
    reopen: open,
    cleanup() {
      for (const d of opened) if (d.$client.open) d.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
