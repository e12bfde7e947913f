/**
 * `npm run db:seed` — fills the database named by DATABASE_URL / DATA_DIR.
 *
 *   npm run db:seed                              the demo dataset (once; a rerun changes nothing)
 *   npm run db:seed -- --certs 1000000 --audit 1000000
 *                                                a large synthetic dataset for `npm run bench`
 *   npm run db:seed -- --demo --certs 1000       both
 *
 * Staff accounts are created by the portal itself (lib/auth, ADMIN_EMAIL / ADMIN_PASSWORD).
 */
import "server-only";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDb } from "@/db/client";
import { env } from "@/lib/env";
import { seedDemo } from "./seed/demo";
import { seedSyntheticAudit, seedSyntheticCertificates } from "./seed/synthetic";

function count(value: string | undefined, flag: string): number {
  if (value === undefined) return 0;
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${flag} needs a whole number, e.g. ${flag} 1000000`);
  return n;
}

function progress(label: string) {
  let last = 0;
  return (done: number, total: number) => {
    if (done === total || Date.now() - last > 2000) {
      last = Date.now();
      process.stdout.write(`  ${label}: ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")}\n`);
    }
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { certs: { type: "string" }, audit: { type: "string" }, demo: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    console.log("usage: npm run db:seed [-- [--demo] [--certs N] [--audit N]]");
    return;
  }
  const certs = count(values.certs, "--certs");
  const audit = count(values.audit, "--audit");
  const demo = values.demo || (certs === 0 && audit === 0);
  const file = env().databaseFile;
  const db = openDb(file);
  const shown = path.relative(process.cwd(), file);
  console.log(`seeding ${shown.startsWith("..") || shown === "" ? file : shown}`);
  try {
    if (demo) {
      const result = await seedDemo(db);
      console.log(
        result
          ? `demo: ${result.batches} batches, ${result.certificates} certificates, ${result.auditEntries} audit entries`
          : "demo: already seeded, nothing to do",
      );
    }
    if (certs > 0) {
      const started = Date.now();
      seedSyntheticCertificates(db, certs, { onProgress: progress("certificates") });
      console.log(`synthetic: ${certs.toLocaleString("en-US")} certificates in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    if (audit > 0) {
      const started = Date.now();
      seedSyntheticAudit(db, audit, { onProgress: progress("audit entries") });
      console.log(`synthetic: ${audit.toLocaleString("en-US")} audit entries in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.$client.close();
  }
}

main().catch((err: unknown) => {
  console.error(`db:seed failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
