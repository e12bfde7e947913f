/**
 * `npm run staff -- reset-factors <email>` / `reset-password <email>`: the host's way back in
 * for a locked-out only administrator (lib/auth/break-glass.ts has the rules). Prints which
 * database it opened, so a wrong DATABASE_URL / DATA_DIR shows at once.
 */
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { openDb } from "@/db/client";
import { env } from "@/lib/env";
import { runStaffCommand, STAFF_USAGE } from "@/lib/auth/break-glass";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 0 || ["help", "--help", "-h"].includes(args[0] ?? "")) {
    console.log(STAFF_USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const file = env().databaseFile;
  // Opening would create an empty database: a mistyped DATA_DIR must not look like "no such account".
  if (!fs.existsSync(file)) {
    console.error(`No portal database at ${file}. Run this where the portal runs, with its DATABASE_URL / DATA_DIR.`);
    return 1;
  }
  const shown = path.relative(process.cwd(), file);
  console.error(`database: ${shown.startsWith("..") || shown === "" ? file : shown}`);
  const db = openDb(file);
  try {
    return await runStaffCommand(db, args, { out: (line) => console.log(line), err: (line) => console.error(line) });
  } finally {
    db.$client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`staff failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
