/**
 * Start-up recovery of dangling audit intents: once per server start, in the background.
 *
 * Rules:
 * - Only intents written BEFORE this process started are looked at (`olderThan` = boot time):
 *   a request served meanwhile has its own intent open while its Sectigo call runs.
 * - If Sectigo cannot be reached, nothing is recorded: the intents stay open (an `unknown`
 *   written only because Sectigo was down would hide a result we can still learn), and the
 *   run is retried a few times, then at the next start.
 * - It never throws into the server and never blocks it; it logs one line per run, with
 *   seq, action and outcome only (no details: they are the audit log's business).
 */
import "server-only";
import type { Db } from "@/db/client";
import { findDanglingIntents, resolveDanglingIntents, type ResolvedIntent } from "@/lib/audit/recovery";
import type { SectigoClient } from "@/lib/sectigo/client";
import { createRecoveryResolver, type RecoveryClient } from "@/lib/recovery/resolvers";

export type StartupRecoveryClient = RecoveryClient & Pick<SectigoClient, "ensureAuthenticated">;

export type RecoveryRun =
  | { status: "nothing-to-do" }
  | { status: "resolved"; resolved: ResolvedIntent[] }
  /** Sectigo could not be reached; `open` intents wait for the next attempt. */
  | { status: "deferred"; open: number; errorCode: string };

export interface RecoveryRunOptions {
  /** Only intents older than this (the process's start) are resolved. */
  olderThan: Date;
  clock?: () => Date;
}

function codeOf(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : err instanceof Error ? err.name : "ERROR";
}

/** One recovery pass: resolves every dangling intent older than `olderThan`, or defers them all. */
export async function recoverDanglingIntents(
  db: Db,
  client: StartupRecoveryClient,
  options: RecoveryRunOptions,
): Promise<RecoveryRun> {
  const open = findDanglingIntents(db, { olderThan: options.olderThan, limit: 10_000 }).length;
  if (open === 0) return { status: "nothing-to-do" };
  try {
    await client.ensureAuthenticated();
  } catch (err) {
    return { status: "deferred", open, errorCode: codeOf(err) };
  }
  const resolved = await resolveDanglingIntents(db, createRecoveryResolver(client, { clock: options.clock }), {
    olderThan: options.olderThan,
    clock: options.clock,
  });
  return { status: "resolved", resolved };
}

/** The log line of a run. */
export function describeRun(run: RecoveryRun, retryInMs?: number): string {
  switch (run.status) {
    case "nothing-to-do":
      return "recovery: no dangling audit intents";
    case "resolved": {
      const list = run.resolved
        .slice(0, 20)
        .map((r) => `#${r.intentSeq} ${r.action} → ${r.outcomeSeq === null ? "closed elsewhere" : r.outcome}`)
        .join(", ");
      const more = run.resolved.length > 20 ? `, and ${run.resolved.length - 20} more` : "";
      return `recovery: resolved ${run.resolved.length} dangling audit intent(s): ${list}${more}`;
    }
    case "deferred":
      return `recovery: Sectigo could not be reached (${run.errorCode}); ${run.open} dangling audit intent(s) stay open${
        retryInMs === undefined ? " until the next start" : `, retrying in ${Math.round(retryInMs / 1000)} s`
      }`;
  }
}

export interface StartupRecoveryOptions {
  db: () => Db;
  client: () => Promise<StartupRecoveryClient>;
  olderThan: Date;
  /** Waits between attempts while Sectigo is unreachable; default 30 s, 2 min, 10 min. */
  retryDelaysMs?: readonly number[];
  log?: (line: string) => void;
  /** Schedules a retry; a timer that does not keep the process alive by default. */
  wait?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY_DELAYS_MS = [30_000, 120_000, 600_000] as const;

function unrefDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

const started = globalThis as unknown as { __startupRecovery?: Promise<RecoveryRun | null> };

/**
 * Runs recovery in the background (call it without awaiting from instrumentation.ts), once per
 * process. Resolves with the last run, or null if recovery itself failed (logged).
 */
export function startStartupRecovery(options: StartupRecoveryOptions): Promise<RecoveryRun | null> {
  started.__startupRecovery ??= runWithRetries(options);
  return started.__startupRecovery;
}

export async function runWithRetries(options: StartupRecoveryOptions): Promise<RecoveryRun | null> {
  const log = options.log ?? ((line: string) => console.log(line));
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const wait = options.wait ?? unrefDelay;
  try {
    for (let attempt = 0; ; attempt++) {
      const run = await recoverDanglingIntents(options.db(), await options.client(), { olderThan: options.olderThan });
      const retryIn = run.status === "deferred" ? delays[attempt] : undefined;
      log(describeRun(run, retryIn));
      if (retryIn === undefined) return run;
      await wait(retryIn);
    }
  } catch (err) {
    // e.g. the database is unavailable; the intents stay open for the next start.
    log(`recovery: stopped (${codeOf(err)}); dangling audit intents stay open until the next start`);
    return null;
  }
}
