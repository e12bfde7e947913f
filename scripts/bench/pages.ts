/**
 * The page rows of the bench (docs/operations.md §7: P3, P8, P9, P10): every portal page a
 * member of staff opens, each timed against the baseline page in the same run. The baseline is
 * `/forbidden`: a dynamic page behind the same session check and layout that reads nothing
 * else, so the ratio is what the page's own work costs.
 *
 * The search variants use the parameters of app/(portal)/certificates/_lib/search-query.ts (q, status, sort, page):
 * a query that reads as a serial matches it in any form, and one of only digits matches a batch
 * id. Real values (a serial, a common name, an audit actor) are sampled from the database.
 */
import "server-only";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { openDb } from "@/db/client";
import { searchInventory } from "@/lib/inventory";
import { browserHeaders, concurrent, sequentialPair, sequentialRounds, timedGet, type Timings } from "./http";
import { fmtRatio, type Report } from "./report";
import { median, time } from "./stats";

export const BASELINE_PATH = "/forbidden";
/**
 * P3's own baseline (docs/operations.md §7): the same page shell with no query, so that a
 * search's ratio is what the search adds. Each search is also timed against BASELINE_PATH,
 * the whole page against an empty one.
 */
export const SHELL_PATH = "/certificates";

/** search: p50 ≤ 1.2×, p95 ≤ 1.5× and ≤ 100 ms; page: p95 ≤ 1.5× and ≤ 100 ms. */
type Goal = "search" | "page";

export interface PageCase {
  id: "P3" | "P10";
  what: string;
  path: string;
  goal: Goal;
  /** follow the page's "Next page" link this many times first, as a person paging does */
  follow?: number;
}

interface Samples {
  serial: string;
  commonName: string;
  substring: string;
  broad: string;
  batchId: number | null;
  auditSeq: number;
  auditActor: string;
  auditAction: string;
  auditDay: string;
}

function sample(file: string): Samples {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // a random row without sorting the table: the first id at or after a random one
    const cert = db
      .prepare("SELECT serial, common_name AS cn FROM certificates WHERE id >= (SELECT abs(random()) % (max(id) + 1) FROM certificates) AND status = 'valid' LIMIT 1")
      .get() as { serial: string; cn: string } | undefined;
    const fallback = db.prepare("SELECT serial, common_name AS cn FROM certificates LIMIT 1").get() as { serial: string; cn: string } | undefined;
    const c = cert ?? fallback;
    if (!c) throw new Error("the database has no certificates: seed it with `npm run db:seed -- --certs N --audit N`");
    // "trisa.kavorin-pay.io" → substring "avorin" (inside a word, as a person remembers it); broad "trisa"
    const labels = c.cn.split(".");
    const name = labels[1] ?? c.cn;
    const substring = name.length >= 7 ? name.slice(1, 7) : name;
    const batch = db.prepare("SELECT id FROM batches ORDER BY id DESC LIMIT 1").pluck().get() as number | undefined;
    const audit = db
      .prepare("SELECT seq, actor_email AS actor, action, substr(at, 1, 10) AS day FROM audit_log WHERE seq >= (SELECT max(seq) / 2 FROM audit_log) LIMIT 1")
      .get() as { seq: number; actor: string; action: string; day: string } | undefined;
    if (!audit) throw new Error("the database has no audit entries: seed it with `npm run db:seed -- --certs N --audit N`");
    return {
      serial: c.serial,
      commonName: c.cn,
      substring,
      broad: labels[0] && labels[0].length >= 3 ? labels[0] : substring,
      batchId: batch ?? null,
      auditSeq: audit.seq,
      auditActor: audit.actor,
      auditAction: audit.action,
      auditDay: audit.day,
    };
  } finally {
    db.close();
  }
}

const q = (text: string) => `/certificates?q=${encodeURIComponent(text)}`;

export function pageCases(file: string): PageCase[] {
  const s = sample(file);
  const colons = s.serial.match(/../g)!.join(":");
  const decimal = BigInt(`0x${s.serial}`).toString(10);
  const audit = (params: Record<string, string>) => `/audit?${new URLSearchParams(params).toString()}`;
  return [
    { id: "P3", what: "search: no query", path: "/certificates", goal: "search" },
    { id: "P3", what: `search: substring "${s.substring}"`, path: q(s.substring), goal: "search" },
    { id: "P3", what: "search: exact common name", path: q(s.commonName), goal: "search" },
    { id: "P3", what: "search: serial, hex", path: q(s.serial), goal: "search" },
    { id: "P3", what: "search: serial, colons", path: q(colons), goal: "search" },
    { id: "P3", what: "search: serial, decimal", path: q(decimal), goal: "search" },
    { id: "P3", what: "search: serial, lower case", path: q(s.serial.toLowerCase()), goal: "search" },
    {
      id: "P3",
      what: s.batchId === null ? "search: batch id (no batch in the data)" : `search: batch ${s.batchId}`,
      path: q(String(s.batchId ?? 1)),
      goal: "search",
    },
    { id: "P3", what: "search: status expiring", path: "/certificates?status=expiring", goal: "search" },
    { id: "P3", what: "search: status revoked", path: "/certificates?status=revoked", goal: "search" },
    { id: "P3", what: "search: sort by common name", path: "/certificates?sort=commonName", goal: "search" },
    { id: "P3", what: `search: page 200 of "${s.broad}"`, path: q(s.broad), goal: "search", follow: 199 },
    { id: "P10", what: "dashboard", path: "/", goal: "search" },
    { id: "P10", what: "expiry watch", path: "/expiry", goal: "page" },
    { id: "P10", what: "expiry watch, 90 days by name", path: "/expiry?days=90&sort=commonName", goal: "page" },
    { id: "P10", what: "certificate detail", path: `/certificates/${s.serial}`, goal: "page" },
    { id: "P10", what: "batches list", path: "/batches", goal: "page" },
    { id: "P10", what: "audit log, no filter", path: "/audit", goal: "page" },
    { id: "P10", what: "audit log, actor + action", path: audit({ actor: s.auditActor, action: s.auditAction }), goal: "page" },
    { id: "P10", what: "audit log, outcome + one day", path: audit({ outcome: "failed", from: s.auditDay, to: s.auditDay }), goal: "page" },
    { id: "P10", what: "audit entry detail", path: `/audit/${s.auditSeq}`, goal: "page" },
  ];
}

const pair = (a: number, b: number) => `${a.toFixed(0)}/${b.toFixed(0)} ms`;

const NEXT_LINK = /<a[^>]*href="([^"]+)"[^>]*>Next page<\/a>/;

/**
 * The address reached by following "Next page" `times` times from `path` (fewer when the
 * result ends sooner), and the page number it shows.
 */
async function follow(baseUrl: string, cookie: string, path: string, times: number): Promise<{ path: string; page: number }> {
  let at = path;
  let page = 1;
  for (; page <= times; page++) {
    const res = await fetch(baseUrl + at, { headers: browserHeaders(cookie), redirect: "manual" });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${at} answered HTTP ${res.status}`);
    const next = NEXT_LINK.exec(html)?.[1];
    if (!next) break;
    at = next.replace(/&amp;/g, "&");
  }
  return { path: at, page };
}

/** The rows a certificates page shows, read from its result line ("Showing 1–50 of …"). */
export function rowsShown(html: string): number {
  const m = /Showing ([\d,]+)–([\d,]+) of/.exec(html);
  const n = (x: string) => Number(x.replace(/,/g, ""));
  return m ? n(m[2]!) - n(m[1]!) + 1 : 0;
}

async function fetchHtml(url: string, cookie: string): Promise<string> {
  const res = await fetch(url, { headers: browserHeaders(cookie), redirect: "manual" });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`${new URL(url).pathname} answered HTTP ${res.status}`);
  return html;
}

/** What one more row of the certificates table adds to a page (see measureRowCost). */
export interface RowCost {
  /** ms one more row adds to the page's p50 over HTTP */
  perRow: number;
  /** ms of that spent in the search itself (SQL and the row objects), measured in-process */
  sqlPerRow: number;
  /** the baseline page's p50 meanwhile */
  baseP50: number;
}

/** The smallest and largest page sizes a person can choose on the certificates page. */
const PROBE_SIZES = [25, 100] as const;

/**
 * The cost of a row, from the unfiltered list (read along its index: its SQL is the cheapest
 * a page of rows can be) at the smallest and the largest page size, interleaved with the
 * baseline over three times the rounds (the difference is small beside the noise): the
 * extra time per extra row. It is what rendering a row costs the framework — React's server
 * render, the row's data for the browser, gzip, the transfer — whatever the search.
 */
async function measureRowCost(baseUrl: string, cookie: string, rounds: number, file: string): Promise<RowCost> {
  const [small, large] = PROBE_SIZES.map((size) => `/certificates?size=${size}`) as [string, string];
  const times: Record<"base" | "small" | "large", number[]> = { base: [], small: [], large: [] };
  for (let i = 0; i < 5; i++) for (const p of [BASELINE_PATH, small, large]) await timedGet(baseUrl + p, cookie);
  for (let i = 0; i < 3 * rounds; i++) {
    times.base.push(await timedGet(baseUrl + BASELINE_PATH, cookie));
    times.small.push(await timedGet(baseUrl + small, cookie));
    times.large.push(await timedGet(baseUrl + large, cookie));
  }
  const extraRows = PROBE_SIZES[1] - PROBE_SIZES[0];
  const db = openDb(file, { readonly: true });
  try {
    const sqlMs = (size: number) => {
      searchInventory(db, { pageSize: size });
      return median(Array.from({ length: 21 }, () => time(() => searchInventory(db, { pageSize: size }))));
    };
    return {
      perRow: (median(times.large) - median(times.small)) / extraRows,
      sqlPerRow: (sqlMs(PROBE_SIZES[1]) - sqlMs(PROBE_SIZES[0])) / extraRows,
      baseP50: median(times.base),
    };
  } finally {
    db.$client.close();
  }
}

/**
 * Whether a missed search goal is the row-rendering limit: with the measured cost of the rows
 * it shows taken away, the page meets its goal. A page of no rows is never excused.
 */
function atRowLimit(rows: number, cost: RowCost, ours: Timings, base: Timings): boolean {
  if (rows === 0 || cost.perRow <= 0) return false;
  const rowsMs = rows * cost.perRow;
  return meetsSearchGoal({ p50: ours.p50 - rowsMs, p95: ours.p95 - rowsMs }, base) && ours.p95 <= 100;
}

const SEARCH_GOAL = "p50 ≤ 1.2×, p95 ≤ 1.5× and ≤ 100 ms";
function meetsSearchGoal(ours: Timings, base: Timings): boolean {
  return ours.p50 <= 1.2 * base.p50 && ours.p95 <= 1.5 * base.p95 && ours.p95 <= 100;
}
const ratios = (ours: Timings, base: Timings) => `${(ours.p50 / base.p50).toFixed(2)}/${(ours.p95 / base.p95).toFixed(2)}×`;

/**
 * A search other than the shell, judged as P3 is defined: against the shell, which is what
 * the search adds to the page. The whole page against BASELINE_PATH is printed beside it; what
 * the whole page costs beyond the search is the shell's, judged on the shell's own row (its
 * rows, measured above). The three pages are read in turn, so that a burst of load on the
 * machine falls on all of them.
 */
async function benchSearch(report: Report, c: PageCase, baseUrl: string, cookie: string, rounds: number, rows: number, cost: RowCost | undefined) {
  const [base, shell, ours] = (await sequentialRounds(baseUrl, cookie, [BASELINE_PATH, SHELL_PATH, c.path], rounds)) as [Timings, Timings, Timings];
  const rowsText = cost && rows > 0 ? `, its ${rows} row${rows === 1 ? "" : "s"} ${(rows * cost.perRow).toFixed(1)} ms` : "";
  report.add({
    id: c.id,
    what: c.what,
    ours: pair(ours.p50, ours.p95),
    base: pair(shell.p50, shell.p95),
    ratio: ratios(ours, shell),
    goal: `${SEARCH_GOAL} of the page with no query; whole page ${ratios(ours, base)} of ${BASELINE_PATH}${rowsText}`,
    met: meetsSearchGoal(ours, shell),
  });
}

export async function benchPages(report: Report, baseUrl: string, cookie: string, cases: PageCase[], rounds: number, file: string): Promise<void> {
  report.header(`P3, P10  pages, p50/p95 over ${rounds} requests each, interleaved with ${BASELINE_PATH} (searches: with ${SHELL_PATH} too)`);
  let cost: RowCost | undefined;
  if (cases.some((c) => c.id === "P3")) {
    await report.measure("P3", "the cost of a row", async () => {
      cost = await measureRowCost(baseUrl, cookie, rounds, file);
      const budget = 0.2 * cost.baseP50;
      report.add({
        id: "P3",
        what: `one more row (${PROBE_SIZES.join(" vs ")} rows a page)`,
        ours: `${cost.perRow.toFixed(3)} ms`,
        base: `SQL ${cost.sqlPerRow.toFixed(3)}`,
        ratio: "",
        goal: `(measure) the 1.2× goal leaves ${budget.toFixed(1)} ms: ${Math.max(0, Math.floor(budget / cost.perRow))} rows`,
      });
    });
  }
  for (const c0 of cases) {
    let c = c0;
    if (c0.follow) {
      const reached = await follow(baseUrl, cookie, c0.path, c0.follow);
      c = { ...c0, path: reached.path, what: c0.what.replace(/page \d+/, `page ${reached.page}`) };
    }
    await report.measure(c.id, c.what, async () => {
      const rows = c.path.startsWith("/certificates?") || c.path === SHELL_PATH ? rowsShown(await fetchHtml(baseUrl + c.path, cookie)) : 0;
      if (c.id === "P3" && c.path !== SHELL_PATH) return benchSearch(report, c, baseUrl, cookie, rounds, rows, cost);
      const { ours, base } = await sequentialPair(baseUrl, cookie, c.path, BASELINE_PATH, rounds);
      const met = c.goal === "search" ? meetsSearchGoal(ours, base) : ours.p95 <= 1.5 * base.p95 && ours.p95 <= 100;
      const goal = c.goal === "search" ? SEARCH_GOAL : "p95 ≤ 1.5× and ≤ 100 ms";
      const limit = !met && c.goal === "search" && cost && atRowLimit(rows, cost, ours, base) ? `its ${rows} rows take ${(rows * cost.perRow).toFixed(1)} ms to render; without them it meets the goal` : undefined;
      report.add({ id: c.id, what: c.what, ours: pair(ours.p50, ours.p95), base: pair(base.p50, base.p95), ratio: ratios(ours, base), goal, met, limit });
    });
  }
}

/** The gzip size of every script a first visit to the page loads. */
async function firstLoadJs(baseUrl: string, cookie: string, path: string): Promise<number> {
  const res = await fetch(baseUrl + path, { headers: browserHeaders(cookie), redirect: "manual" });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`${path} answered HTTP ${res.status}`);
  const sources = [...new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")))];
  if (sources.length === 0) throw new Error(`${path} loads no script`);
  let total = 0;
  for (const src of sources) {
    const js = await fetch(new URL(src, baseUrl));
    if (!js.ok) throw new Error(`${src} answered HTTP ${js.status}`);
    total += gzipSync(Buffer.from(await js.arrayBuffer())).length;
  }
  return total;
}

export async function benchFirstLoad(report: Report, baseUrl: string, cookie: string): Promise<void> {
  await report.measure("P8", "first-load JS of /certificates, gzip", async () => {
    const ours = await firstLoadJs(baseUrl, cookie, "/certificates");
    const base = await firstLoadJs(baseUrl, cookie, BASELINE_PATH);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    report.add({ id: "P8", what: "first-load JS of /certificates, gzip", ours: kb(ours), base: kb(base), ratio: fmtRatio(ours / base), goal: "≤ 1.25×", met: ours / base <= 1.25 });
  });
}

export async function benchThroughput(report: Report, baseUrl: string, cookie: string, cases: PageCase[], seconds: number): Promise<void> {
  const search = cases.find((c) => c.what.startsWith("search: substring"))!;
  const what = `10 clients, ${search.what.replace("search: ", "")}`;
  await report.measure("P9", what, async () => {
    const base = await concurrent(baseUrl + BASELINE_PATH, cookie, 10, seconds);
    const ours = await concurrent(baseUrl + search.path, cookie, 10, seconds);
    const errors = ours.errors + base.errors;
    const ratio = ours.perSecond / base.perSecond;
    report.add({
      id: "P9",
      what,
      ours: `${ours.perSecond.toFixed(1)}/s`,
      base: `${base.perSecond.toFixed(1)}/s`,
      ratio: fmtRatio(ratio),
      goal: `≥ 0.8×, 0 errors (${errors} errors${ours.firstError ?? base.firstError ? `: ${ours.firstError ?? base.firstError}` : ""})`,
      met: ratio >= 0.8 && errors === 0,
    });
  });
}
