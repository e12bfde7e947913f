/**
 * Child process for the crash test: commits one audit entry (after an intent left open, the
 * state a crash mid-call leaves), prints "committed <seq>", then stays alive until the test
 * kills it with SIGKILL — no close, no checkpoint of the WAL, no exit handlers.
 * Usage: node --import tsx --conditions=react-server lib/audit/testing/crash-writer.ts FILE
 */
import { openDb } from "@/db/client";
import { MIGRATIONS } from "@/db/testing/temp-db";
import { recordAudit } from "@/lib/audit/append";

const file = process.argv[2];
if (!file) {
  console.error("usage: crash-writer FILE");
  process.exit(2);
}
const db = openDb(file, { migrationsFolder: MIGRATIONS });
const actor = { id: 9, email: "crash@example.com", role: "operator" };
recordAudit(db, { actor, action: "certificate.revoke", outcome: "requested", target: { type: "certificate", id: "0BAD" } });
const { seq } = recordAudit(db, { actor, action: "auth.login", outcome: "succeeded", details: { note: "last words" } });
console.log(`committed ${seq}`);
setInterval(() => undefined, 60_000);
