/**
 * Timing pages over HTTP as a signed-in person sees them: the whole response read, redirects
 * not followed (a redirect to the login page is a failed request, not a fast one).
 * Sequential runs interleave the page with its baseline, so that a burst of load on the
 * shared machine falls on both sides of the ratio.
 *
 * The timed requests go through node:http, which reads the bytes as they arrive and nothing
 * more, so a figure is the server's response time. Node's fetch costs ~2 ms of client work a
 * request (its streams, and decompressing the body): added to both sides of a ratio, it pulled
 * every ratio toward 1 and hid a third of what a page costs over its baseline.
 */
import http from "node:http";
import { percentile } from "./stats";

export interface Timings {
  p50: number;
  p95: number;
}

/**
 * The headers of a signed-in browser's request. Chromium offers Brotli (and zstd, which the
 * server does not speak); Node's fetch alone would offer gzip only, a response no browser gets.
 */
export function browserHeaders(cookie: string): Record<string, string> {
  return { cookie, "accept-encoding": "gzip, deflate, br, zstd" };
}

// Kept-alive connections, as a browser keeps them (and as fetch did).
const agent = new http.Agent({ keepAlive: true });
/** A request the server does not finish in this time fails the figure rather than hang the bench. */
const REQUEST_TIMEOUT_MS = 60_000;

function getOnce(url: string, cookie: string): Promise<number> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: browserHeaders(cookie) }, (res) => {
      res.on("data", () => undefined);
      res.on("error", reject);
      res.on("end", () => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (res.statusCode === 200) resolve(ms);
        else reject(new Error(`${new URL(url).pathname}${new URL(url).search} answered HTTP ${res.statusCode}`));
      });
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${new URL(url).pathname} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on("error", (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed as it was reused: the request never reached it.
      reject(req.reusedSocket && err.code === "ECONNRESET" ? Object.assign(err, { staleSocket: true }) : err);
    });
  });
}

/**
 * One GET; throws unless it answers 200. Returns the milliseconds to the last byte of the body
 * as sent (compressed, as a browser receives it; it is not decompressed here).
 */
export async function timedGet(url: string, cookie: string): Promise<number> {
  try {
    return await getOnce(url, cookie);
  } catch (err) {
    if ((err as { staleSocket?: boolean }).staleSocket) return getOnce(url, cookie);
    throw err;
  }
}

function timings(values: number[]): Timings {
  return { p50: percentile(values, 0.5), p95: percentile(values, 0.95) };
}

/** Unmeasured rounds before the timed ones. */
const WARM_UP = 5;

export async function sequentialPair(baseUrl: string, cookie: string, path: string, baselinePath: string, rounds: number): Promise<{ ours: Timings; base: Timings }> {
  const [base, ours] = (await sequentialRounds(baseUrl, cookie, [baselinePath, path], rounds)) as [Timings, Timings];
  return { ours, base };
}

/**
 * `rounds` requests of each path, in turn (the first is read first in every round), after
 * WARM_UP unmeasured rounds: the server compiles a page's code on its first requests, so the
 * timed rounds compare steady states.
 */
export async function sequentialRounds(baseUrl: string, cookie: string, paths: readonly string[], rounds: number): Promise<Timings[]> {
  for (let i = 0; i < WARM_UP; i++) for (const p of paths) await timedGet(baseUrl + p, cookie);
  const times = paths.map((): number[] => []);
  for (let i = 0; i < rounds; i++) {
    for (const [j, p] of paths.entries()) times[j]!.push(await timedGet(baseUrl + p, cookie));
  }
  return times.map(timings);
}

export interface Throughput {
  perSecond: number;
  requests: number;
  errors: number;
  /** the first error, to say what went wrong */
  firstError?: string;
}

/** `clients` clients each sending one request after the other for `seconds`. */
export async function concurrent(url: string, cookie: string, clients: number, seconds: number): Promise<Throughput> {
  const until = Date.now() + seconds * 1000;
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        try {
          await timedGet(url, cookie);
          requests++;
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: requests / elapsed, requests, errors, ...(firstError ? { firstError } : {}) };
}
