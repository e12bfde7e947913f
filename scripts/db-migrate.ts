/**
 * `npm run db:migrate` — brings the database named by DATABASE_URL / DATA_DIR up to date
 * without starting the portal (the portal also migrates on start).
 */
import "server-only";
import { databaseFile, openDb } from "@/db/client";

try {
  const file = databaseFile();
  openDb(file).$client.close();
  console.log(`database ${file} is up to date`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
