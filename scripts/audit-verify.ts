/**
 * `npm run audit:verify` — verifies the audit chain of the database named by DATABASE_URL /
 * DATA_DIR. Prints "ok", the entry count and the head hash (record it somewhere else: passed
 * back with --head SEQ:HASH it also catches a rebuilt chain), or names the first bad entry
 * and exits 1.
 */
import "server-only";
import { parseArgs } from "node:util";
import { openDb } from "@/db/client";
import { env } from "@/lib/env";
import { verifyAuditChain } from "@/lib/audit/verify";

function parseHead(text: string | undefined): { seq: number; hash: string } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new Error("--head needs SEQ:HASH as printed by a previous run, e.g. --head 1200:3f9a…");
  return { seq: Number(m[1]), hash: m[2] as string };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { head: { type: "string" }, json: { type: "boolean" } }, strict: true });
  const anchor = parseHead(values.head);
  const file = env().databaseFile;
  const db = openDb(file);
  try {
    const started = Date.now();
    const result = await verifyAuditChain(db, {
      anchor,
      onProgress: values.json
        ? undefined
        : ({ checked, total }) => process.stderr.write(`\r  checked ${checked.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`),
    });
    if (!values.json) process.stderr.write("\r\x1b[K");
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (values.json) {
      console.log(JSON.stringify(result));
    } else if (result.ok) {
      console.log(`audit log ok: ${result.count.toLocaleString("en-US")} entries verified in ${seconds} s`);
      console.log(`head: ${result.headSeq}:${result.headHash}`);
    } else {
      console.log(`audit log FAILED at entry ${result.firstBadSeq} (${result.problem})`);
      console.log(result.message);
    }
    return result.ok ? 0 : 1;
  } finally {
    db.$client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`audit:verify failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
