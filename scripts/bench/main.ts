/**
 * `npm run bench` — every performance goal of docs/operations.md §7 (P1–P11), each figure
 * beside its baseline measured in the same run (this machine kind is shared and noisy: the
 * ratio holds, the absolute time does not), in one table with pass or FAIL per goal and a
 * closing summary line. Timing sides of docs/security.md S7 and S10 ride along.
 *
 *   npm run bench                 the full run: the database named by DATA_DIR / DATABASE_URL,
 *                                 seeded with `npm run db:seed -- --certs 1000000 --audit 1000000`;
 *                                 exit status 1 when a goal is missed or a figure could not be measured
 *   npm run bench:smoke           (--size small) a few thousand rows seeded into a temporary
 *                                 folder, seconds to run: ratios printed, goals not asserted
 *                                 (small data says nothing about them); fails only when
 *                                 something could not be measured. CI runs it so the bench never rots.
 *
 * The HTTP rows need a production build (`npm run build`): the bench starts `npm start`'s server (server.mjs) itself
 * on BENCH_PORT (default 3960), its embedded simulator on BENCH_PORT + 1, and an in-process
 * simulator for P4/P6 on BENCH_PORT + 2. It signs in as ADMIN_EMAIL / ADMIN_PASSWORD (created by
 * the portal when the database has no account yet; defaults below).
 */
import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDb } from "@/db/client";
import { env } from "@/lib/env";
import { seedSyntheticAudit, seedSyntheticCertificates } from "../seed/synthetic";
import { benchDataLayer } from "./data-layer";
import { benchDomain } from "./domain";
import { benchExports } from "./exports";
import { benchFirstLoad, benchPages, benchThroughput, pageCases } from "./pages";
import { errorText, fmtCount, Report } from "./report";
import { assertBuilt, startServer, type RunningServer } from "./server";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

const SIZES = {
  small: { certs: 3_000, audit: 5_000, rounds: 5, seconds: 2, csrs: 100, revokes: 3 },
  full: { certs: 0, audit: 0, rounds: 600, seconds: 10, csrs: 1_000, revokes: 15 },
} as const;
type Size = keyof typeof SIZES;

interface Dataset {
  dataDir: string;
  file: string;
  cleanup(): void;
}

/** Small: a fresh folder with a few thousand synthetic rows. Full: the user's seeded database. */
function dataset(size: Size): Dataset {
  if (size === "full") {
    const file = env().databaseFile;
    if (!fs.existsSync(file)) throw new Error(`no database at ${file}: seed one with \`npm run db:seed -- --certs 1000000 --audit 1000000\` (DATA_DIR / DATABASE_URL name it)`);
    return { dataDir: env().DATA_DIR, file, cleanup: () => undefined };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-small-"));
  const dataDir = path.join(dir, "data");
  fs.mkdirSync(dataDir);
  const file = path.join(dataDir, "portal.db");
  const db = openDb(file);
  try {
    seedSyntheticCertificates(db, SIZES.small.certs);
    seedSyntheticAudit(db, SIZES.small.audit);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.$client.close();
  }
  return { dataDir, file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function counts(file: string): string {
  const db = openDb(file);
  try {
    const n = (table: string) => fmtCount(db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number);
    return `${n("certificates")} certificates, ${n("audit_log")} audit entries`;
  } finally {
    db.$client.close();
  }
}

/** Parts of the run that `--only` may pick (while working on one goal); the default is all. */
const PARTS = ["data", "pages", "load", "exports", "domain"] as const;
type Part = (typeof PARTS)[number];

async function httpRows(report: Report, size: Size, data: Dataset, port: number, parts: ReadonlySet<Part>, match: string | undefined): Promise<void> {
  if (!parts.has("pages") && !parts.has("load") && !parts.has("exports")) return;
  const sizes = SIZES[size];
  let server: RunningServer | undefined;
  try {
    server = await startServer(ROOT, {
      port,
      simulatorPort: port + 1,
      dataDir: data.dataDir,
      databaseFile: data.file,
      admin: { email: process.env.ADMIN_EMAIL || "bench-admin@bench.test", password: process.env.ADMIN_PASSWORD || "bench-admin-password-0123" },
    });
  } catch (err) {
    report.add({ id: "P3", what: "production server (server.mjs)", error: errorText(err) });
    return;
  }
  try {
    const wanted = match?.split(",").map((w) => w.trim()).filter(Boolean);
    const cases = pageCases(data.file).filter((c) => wanted === undefined || wanted.some((w) => c.what.includes(w)));
    if (parts.has("pages")) await benchPages(report, server.baseUrl, server.cookie, cases, sizes.rounds, data.file);
    if (parts.has("load")) {
      report.header("P8, P9");
      await benchFirstLoad(report, server.baseUrl, server.cookie);
      await benchThroughput(report, server.baseUrl, server.cookie, cases, sizes.seconds);
    }
    const rss = server.rss;
    if (parts.has("exports")) await benchExports(report, server.baseUrl, server.cookie, () => rss(), { certificates: 100_000, audit: 1_000_000 });
  } catch (err) {
    report.add({ id: "", what: "HTTP rows", error: errorText(err) });
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { size: { type: "string", default: "full" }, only: { type: "string" }, match: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    console.log(`usage: npm run bench [-- --size small|full] [--only ${PARTS.join(",")}] [--match TEXT]   (npm run bench:smoke = --size small)
  --only   run only these parts (a comma list), while working on one goal
  --match  only the page rows whose name contains TEXT (or one of TEXT,TEXT…)`);
    return;
  }
  if (values.size !== "small" && values.size !== "full") throw new Error(`--size is small or full, not "${values.size}"`);
  const only = values.only?.split(",").map((x) => x.trim()) ?? [...PARTS];
  const unknown = only.filter((x) => !(PARTS as readonly string[]).includes(x));
  if (unknown.length > 0) throw new Error(`--only takes ${PARTS.join(", ")}; not ${unknown.join(", ")}`);
  const parts = new Set(only as Part[]);
  const size: Size = values.size;
  assertBuilt(ROOT);
  const port = Number(process.env.BENCH_PORT ?? 3960);
  const report = new Report(size === "small");
  const data = dataset(size);
  try {
    console.log(`${size === "small" ? "smoke run (goals not asserted)" : "full run"}: ${data.file}: ${counts(data.file)}`);
    report.header("data layer, in-process");
    report.columns();
    if (parts.has("data")) await benchDataLayer(report, data.file);
    await httpRows(report, size, data, port, parts, values.match);
    if (parts.has("domain")) await benchDomain(report, { csrs: SIZES[size].csrs, revokes: SIZES[size].revokes, simulatorPort: port + 2 });
  } finally {
    data.cleanup();
  }
  const { line, failed } = report.summary();
  console.log(`\n${line}`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${errorText(err)}`);
  console.log("bench: 0 passed, 1 failed");
  process.exit(1);
});
