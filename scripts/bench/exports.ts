/**
 * The export rows of the bench (docs/operations.md §7, P11): the certificate CSV and the audit
 * JSON Lines download, read as a client would, counting rows as they arrive, while the
 * server's resident memory is sampled from /proc. Flat memory is what "streamed" means here:
 * an export that builds its file in memory first grows with the row count.
 *
 * A download stops after `limit` rows (the goal's 100,000 certificates out of a larger
 * inventory); closing the connection early is what a person cancelling it does.
 */
import { browserHeaders } from "./http";
import { fmtCount, type Report } from "./report";

interface ExportRun {
  rows: number;
  seconds: number;
  /** the highest resident memory while streaming, less the memory just before */
  growthBytes: number;
}

async function streamRows(url: string, cookie: string, limit: number, rss: () => number, headerLines: number): Promise<ExportRun> {
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50);
  const start = process.hrtime.bigint();
  let lines = 0;
  try {
    const res = await fetch(url, { headers: browserHeaders(cookie), redirect: "manual" });
    if (res.status !== 200 || !res.body) throw new Error(`${new URL(url).pathname} answered HTTP ${res.status}`);
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // indexOf, not a loop over each byte: at 20 MB that loop took ~0.2 s of this client's CPU,
      // on the server's two cores, and slowed the reading it measures
      for (let at = value.indexOf(10); at !== -1; at = value.indexOf(10, at + 1)) lines++;
      if (lines - headerLines >= limit) {
        await reader.cancel();
        break;
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  peak = Math.max(peak, rss());
  const rows = Math.min(limit, lines - headerLines);
  if (rows <= 0) throw new Error(`${new URL(url).pathname} sent no rows`);
  return { rows, seconds, growthBytes: peak - before };
}

const MB = 1024 * 1024;

async function exportRow(report: Report, what: string, url: string, cookie: string, limit: number, rss: () => number, headerLines: number): Promise<void> {
  await report.measure("P11", what, async () => {
    const run = await streamRows(url, cookie, limit, rss, headerLines);
    const perSecond = run.rows / run.seconds;
    const growth = run.growthBytes / MB;
    report.add({
      id: "P11",
      what: `${what}: ${fmtCount(run.rows)} rows`,
      ours: `${fmtCount(perSecond)}/s`,
      base: `+${growth.toFixed(1)} MB`,
      ratio: "",
      goal: "≥ 50,000 rows/s, memory growth ≤ 50 MB",
      met: perSecond >= 50_000 && growth <= 50,
    });
  });
}

export async function benchExports(report: Report, baseUrl: string, cookie: string, rss: () => number, limits: { certificates: number; audit: number }): Promise<void> {
  report.header("P11  exports: rows/s (ours column), server memory growth while streaming (baseline column)");
  // The first large response after start grows the server's heap to its working size once
  // (most of it the young generation `npm start` allows: --max-semi-space-size=16), and
  // later exports add nothing; "flat" is asked of an export, so that growth is taken first, by
  // a short export, and shown on a line of its own.
  const warm = await streamRows(`${baseUrl}/api/certificates/export`, cookie, Math.min(20_000, limits.certificates), rss, 1);
  report.add({ id: "P11", what: `(first export after start: ${fmtCount(warm.rows)} rows)`, ours: `${fmtCount(warm.rows / warm.seconds)}/s`, base: `+${(warm.growthBytes / MB).toFixed(1)} MB`, ratio: "", goal: "(measure) the heap growing to its working size, once" });
  await exportRow(report, "certificate CSV", `${baseUrl}/api/certificates/export`, cookie, limits.certificates, rss, 1);
  await exportRow(report, "audit JSONL", `${baseUrl}/api/audit/export?format=jsonl`, cookie, limits.audit, rss, 0);
}
