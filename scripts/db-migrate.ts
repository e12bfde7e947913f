/**
 * `npm run db:migrate` — brings the database named by DATABASE_URL / DATA_DIR up to date
 * without starting the portal (the portal also migrates on start).
 */
import "server-only";
import { openDb } from "@/db/client";
import { env } from "@/lib/env";

try {
  const file = env().databaseFile;
  openDb(file).$client.close();
  console.log(`database ${file} is up to date`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
