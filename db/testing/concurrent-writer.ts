/**
 * Child process for the concurrent-writers test: opens (and, racing its siblings, migrates)
 * the database, prints "ready", waits for "go" on stdin, then performs N read-then-write
 * transactions through writeTx, each appending an audit entry and a login attempt.
 * Exits 1 printing the error code on any failure (SQLITE_BUSY above all).
 * Usage: node --import tsx --conditions=react-server db/testing/concurrent-writer.ts FILE N LABEL
 */
import { openDb, writeTx } from "@/db/client";
import { loginAttempts } from "@/db/schema";
import { nowIso } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { MIGRATIONS } from "@/db/testing/temp-db";

const [file, countText, label] = process.argv.slice(2);
if (!file || !countText || !label) {
  console.error("usage: concurrent-writer FILE N LABEL");
  process.exit(2);
}

try {
  const db = openDb(file, { migrationsFolder: MIGRATIONS });
  console.log("ready");
  process.stdin.once("data", () => {
    try {
      for (let i = 0; i < Number(countText); i++) {
        writeTx(db, (tx) => {
          appendAudit(tx, {
            actor: { id: null, email: `${label}@example.com`, role: "operator" },
            action: "test.write",
            outcome: "info",
            details: { writer: label, i },
          });
          tx.insert(loginAttempts).values({ key: `writer:${label}`, at: nowIso(), success: true }).run();
        });
      }
      db.$client.close();
      console.log("done");
      process.exit(0);
    } catch (err) {
      console.error(`write failed: ${(err as { code?: string }).code ?? ""} ${(err as Error).message}`);
      process.exit(1);
    }
  });
} catch (err) {
  console.error(`open failed: ${(err as { code?: string }).code ?? ""} ${(err as Error).message}`);
  process.exit(1);
}
