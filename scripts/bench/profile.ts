/**
 * `npm run bench:profile -- PATH [PATH…]` — where a page's server time goes. Starts the
 * production server (as the bench does, on the database DATA_DIR names) under
 * `node --cpu-prof`, requests each path --rounds times as the signed-in admin, stops it, and
 * prints the functions with the most self time, grouped by source file and by function.
 * Given several paths, it also prints where each spends more than the first, a request at a
 * time: name the baseline first. The raw .cpuprofile is kept (its folder is printed) for
 * Chromium's DevTools.
 *
 *   DATA_DIR=/path/to/seeded npm run bench:profile -- /forbidden "/certificates?status=expiring" --rounds 500
 */
import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { browserHeaders, timedGet } from "./http";
import { startServer } from "./server";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A path's requests, as spans of the server's monotonic clock (µs, as the profile's). */
interface Window {
  path: string;
  spans: [from: number, to: number][];
  requests: number;
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

const sourceMaps = new Map<string, SourceMap | null>();

/**
 * Where a function of the build starts in our source ("lib/inventory/search.ts:120"), through
 * its chunk's source map: a production chunk is minified onto a few lines, so "chunk.js:1"
 * names nothing. Null outside the build or without a map.
 */
function originalPlace(url: string, line: number, column: number): string | null {
  if (!url.startsWith("file://")) return null;
  const file = fileURLToPath(url);
  if (!file.includes(`${path.sep}.next${path.sep}`)) return null;
  if (!sourceMaps.has(file)) {
    let map: SourceMap | null = null;
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
    } catch {
      // no map for this chunk (Next's own runtime): its minified place is all there is
    }
    sourceMaps.set(file, map);
  }
  const entry = sourceMaps.get(file)?.findEntry(line, column);
  if (!entry || !("originalSource" in entry)) return null;
  const source = entry.originalSource.replace(/^(\.\.\/)+/, "").replace(/^\[project\]\//, "");
  return `${source}:${entry.originalLine + 1}`;
}

type Tally = { byFile: Map<string, number>; byFn: Map<string, number>; total: number };

/** Self time (µs) by source file and by function, of the samples inside the window if one is given. */
function tally(profile: CpuProfile, window?: Window): Tally {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFile = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  let span = 0; // spans are in time order, as the samples are
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    t += us;
    if (window) {
      while (span < window.spans.length && window.spans[span]![1] < t) span++;
      const s = window.spans[span];
      if (!s || t < s[0]) return;
    }
    const n = byNode.get(id)!;
    total += us;
    const file = shortUrl(n.callFrame.url);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    const place = originalPlace(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber) ?? `${file}:${n.callFrame.lineNumber + 1}`;
    const fn = `${n.callFrame.functionName || "(anonymous)"}  ${place}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  });
  return { byFile, byFn, total };
}

function summarise(profile: CpuProfile, top: number): void {
  const { byFile, byFn, total } = tally(profile);
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((100 * us) / total).toFixed(1).padStart(6)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
    }
  };
  print("self time by file", byFile);
  print("self time by function", byFn);
}

/**
 * Where one page spends more than another: each later path's self time a request, minus the
 * first path's (say /forbidden, the bench's baseline), by file and by function, largest
 * difference first. The paths are requested in turn, and only the samples taken while a
 * request was open count for it (not the client's time between requests); the first fifth of
 * the rounds is left out (warm-up).
 */
function compareWindows(profile: CpuProfile, windows: Window[], top: number): void {
  const [base, ...others] = windows.map((w) => ({ w, t: tally(profile, w) }));
  if (!base) return;
  const perRequest = (m: Map<string, number>, w: Window, k: string) => (m.get(k) ?? 0) / w.requests / 1000;
  for (const o of others) {
    // Idle samples are the server waiting (for the client, for I/O): the rest is what a request costs it.
    const idle = (x: { w: Window; t: Tally }) => (x.t.byFn.get("(idle)  (native):0") ?? 0) / x.w.requests / 1000;
    const busy = (x: { w: Window; t: Tally }) => x.t.total / x.w.requests / 1000 - idle(x);
    console.log(`\n${o.w.path} vs ${base.w.path}: busy ${busy(o).toFixed(2)} vs ${busy(base).toFixed(2)} ms a request (${(busy(o) / busy(base)).toFixed(2)}×), idle ${idle(o).toFixed(2)} vs ${idle(base).toFixed(2)} ms`);
    for (const [title, key] of [["by file", "byFile"], ["by function", "byFn"]] as const) {
      const keys = new Set([...o.t[key].keys(), ...base.t[key].keys()]);
      const diffs = [...keys].map((k) => [k, perRequest(o.t[key], o.w, k) - perRequest(base.t[key], base.w, k)] as const);
      console.log(`  ${title}, ms a request (+ where ${o.w.path} spends more)`);
      for (const [k, ms] of diffs.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, top)) {
        console.log(`  ${(ms >= 0 ? "+" : "") + ms.toFixed(3)}`.padStart(10) + `  ${k}`);
      }
    }
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: "string" }, port: { type: "string" }, top: { type: "string" } } });
  if (positionals.length === 0) throw new Error("usage: npm run bench:profile -- PATH [PATH…] [--rounds N] [--port P] [--top N]");
  const rounds = Number(values.rounds ?? 100);
  const port = Number(values.port ?? process.env.BENCH_PORT ?? 3960);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-profile-"));
  const windows: Window[] = [];
  const server = await startServer(ROOT, {
    port,
    simulatorPort: port + 1,
    dataDir: env().DATA_DIR,
    databaseFile: env().databaseFile,
    admin: { email: process.env.ADMIN_EMAIL || "bench-admin@bench.test", password: process.env.ADMIN_PASSWORD || "bench-admin-password-0123" },
    nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
  });
  try {
    // The server's profile clock is the machine's monotonic clock, as process.hrtime's.
    const nowUs = () => Number(process.hrtime.bigint() / 1000n);
    const warmUp = Math.floor(rounds / 5);
    for (const p of positionals) windows.push({ path: p, spans: [], requests: 0 });
    for (let i = 0; i < rounds; i++) {
      for (const w of windows) {
        if (i === 0) {
          const res = await fetch(server.baseUrl + w.path, { headers: browserHeaders(server.cookie), redirect: "manual" });
          console.log(`${w.path}: HTTP ${res.status}, ${((await res.arrayBuffer()).byteLength / 1024).toFixed(1)} kB`);
        }
        const from = nowUs();
        await timedGet(server.baseUrl + w.path, server.cookie);
        if (i < warmUp) continue;
        w.spans.push([from, nowUs()]);
        w.requests++;
      }
    }
    for (const w of windows) {
      const ms = w.spans.reduce((sum, [from, to]) => sum + (to - from), 0) / w.requests / 1000;
      console.log(`${w.path}: ${ms.toFixed(2)} ms a request over the last ${w.requests}`);
    }
  } finally {
    await server.stop();
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  // The largest profile is the process that served the pages.
  const largest = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  if (!largest) throw new Error(`the server wrote no profile into ${dir}`);
  console.log(`\nprofile: ${largest}`);
  const profile = JSON.parse(fs.readFileSync(largest, "utf8")) as CpuProfile;
  summarise(profile, Number(values.top ?? 25));
  compareWindows(profile, windows, Number(values.top ?? 25));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
