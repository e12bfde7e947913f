/**
 * `npm run bench:profile -- PATH [PATH…]` — where a page's server time goes. Starts the
 * production server (as the bench does, on the database DATA_DIR names) under
 * `node --cpu-prof`, requests each path --rounds times as the signed-in admin, stops it, and
 * prints the functions with the most self time, grouped by source file and by function.
 * The raw .cpuprofile is kept (its folder is printed) for Chromium's DevTools.
 *
 *   DATA_DIR=/path/to/seeded npm run bench:profile -- "/certificates?status=expiring" --rounds 200
 */
import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { browserHeaders } from "./http";
import { startServer } from "./server";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  const i = url.indexOf("node_modules/");
  if (i >= 0) {
    const parts = url.slice(i + "node_modules/".length).split("/");
    // next/dist/compiled/<package>/<file>: which of Next's bundled packages (React's renderers…)
    return parts.slice(0, parts[2] === "compiled" ? 5 : 3).join("/");
  }
  const j = url.indexOf(".next/");
  if (j >= 0) return url.slice(j);
  return url === "" ? "(native)" : url.replace(/^file:\/\//, "");
}

function summarise(profile: CpuProfile, top: number): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFile = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byNode.get(id)!;
    total += us;
    const file = shortUrl(n.callFrame.url);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    const fn = `${n.callFrame.functionName || "(anonymous)"}  ${file}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  }
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((100 * us) / total).toFixed(1).padStart(6)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
    }
  };
  print("self time by file", byFile);
  print("self time by function", byFn);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: "string" }, port: { type: "string" }, top: { type: "string" } } });
  if (positionals.length === 0) throw new Error("usage: npm run bench:profile -- PATH [PATH…] [--rounds N] [--port P] [--top N]");
  const rounds = Number(values.rounds ?? 100);
  const port = Number(values.port ?? process.env.BENCH_PORT ?? 3960);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-profile-"));
  const server = await startServer(ROOT, {
    port,
    simulatorPort: port + 1,
    dataDir: env().DATA_DIR,
    databaseFile: env().databaseFile,
    admin: { email: process.env.ADMIN_EMAIL || "bench-admin@bench.test", password: process.env.ADMIN_PASSWORD || "bench-admin-password-0123" },
    nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
  });
  try {
    for (const p of positionals) {
      const started = performance.now();
      for (let i = 0; i < rounds; i++) {
        const res = await fetch(server.baseUrl + p, { headers: browserHeaders(server.cookie), redirect: "manual" });
        const body = await res.arrayBuffer();
        if (i === 0) console.log(`${p}: HTTP ${res.status}, ${(body.byteLength / 1024).toFixed(1)} kB`);
      }
      console.log(`${p}: ${((performance.now() - started) / rounds).toFixed(1)} ms a request over ${rounds}`);
    }
  } finally {
    await server.stop();
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  // The largest profile is the process that served the pages.
  const largest = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  if (!largest) throw new Error(`the server wrote no profile into ${dir}`);
  console.log(`\nprofile: ${largest}`);
  summarise(JSON.parse(fs.readFileSync(largest, "utf8")) as CpuProfile, Number(values.top ?? 25));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
