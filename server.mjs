// The portal's HTTP server: Next.js's own request handler behind a plain Node server, for one
// reason. `next start` keeps an X-Forwarded-For header a client sends and adds the socket's
// address only when there is none, so the address the portal audits and throttles on would be
// the client's choice. Here every request carries the socket's address in a header of our own,
// set (over any a client sent) before Next sees the request; lib/auth/request-info.ts trusts
// X-Forwarded-For only when that address is one of TRUSTED_PROXIES (docs/security.md S7).
//
//   node server.mjs [-p PORT] [-H HOSTNAME]     (PORT / HOSTNAME also work; default 3000, all addresses)
//
// `npm start` runs it with --max-semi-space-size=16 (MB). A young-generation collection pauses
// the server for as long as it takes to copy what a request in flight holds; at 32 MB each pause
// was 5–8 ms and the slowest twentieth of requests waited on one, at 16 MB pauses are about
// half as long, the total time collecting is the same, and p95 is steadier
// (docs/operations.md §7.1).
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { constants as zlibConstants } from "node:zlib";
import compression from "compression";

process.env.NODE_ENV ??= "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  strict: true,
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? undefined;
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`server.mjs: the port must be a number from 1 to 65535, not "${values.port ?? process.env.PORT}"`);
  process.exit(1);
}

// Imported after NODE_ENV is set: Next reads it when it loads.
const { default: next } = await import("next");
const app = next({ dev: false, hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

/** Must match PEER_HEADER in lib/auth/request-info.ts. */
const PEER_HEADER = "x-portal-peer";

// Compression is ours rather than Next's (next.config.mjs has `compress: false`) for its levels.
// Next gzips every page at zlib's default, 6: 0.9 ms of CPU for a page of 50 search results.
// Brotli at quality 1 (what browsers get) makes that page smaller still in a quarter of the
// time; gzip at level 1 (nginx's default, for clients without Brotli) in half of it
// (docs/operations.md §7.1). The build's scripts and styles never change and browsers keep
// them, so they are worth a better ratio.
const brotli = (quality) => ({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality } });
const compressPage = compression({ level: 1, brotli: brotli(1) });
const compressAsset = compression({ level: 6, brotli: brotli(5) });
// compression 1.8.1 and later release their zlib stream when a client goes away mid-response
// (the leak Next guards against for its older copy), so nothing more is needed here.
const noop = () => {};

const server = createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  (req.url?.startsWith("/_next/static/") ? compressAsset : compressPage)(req, res, noop);
  handle(req, res).catch((err) => {
    console.error("[server] a request failed:", err instanceof Error ? err.message : String(err));
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.listen(port, hostname, () => {
  console.log(`▲ TRISA CA Portal ready on http://${hostname ?? "localhost"}:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    // Open keep-alive connections would hold close() up; they carry no work worth waiting for.
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
