/**
 * The background batch poller: started once at server boot (instrumentation.ts), it advances
 * every due batch (db/queries/batches listBatchesDue) so batches finish even when nobody
 * watches a page.
 *
 * Rules: one tick at a time (a slow Sectigo never stacks ticks); batches one after another;
 * timers are unref'd so the poller never keeps a process alive; nothing it meets — a
 * database error, Sectigo down, a bug in one batch — escapes into the server: it logs one
 * line without details and tries again at the next tick.
 */
import "server-only";
import type { Db } from "@/db/client";
import { listBatchesDue } from "@/db/queries/batches";
import type { SectigoClient } from "@/lib/sectigo/client";
import { advanceBatch } from "./advance";

export const DEFAULT_POLL_INTERVAL_MS = 2_000;
/** Batches advanced per tick at most; the rest wait for the next tick. */
export const BATCHES_PER_TICK = 20;

export interface BatchPollerOptions {
  db: () => Db;
  client: () => Promise<SectigoClient>;
  intervalMs?: number;
  log?: (line: string) => void;
}

export interface BatchPoller {
  stop(): void;
  /** Runs one tick now (or joins the running one); for tests and "check all now". */
  tick(): Promise<void>;
}

function codeOf(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : err instanceof Error ? err.name : "ERROR";
}

export function startBatchPoller(options: BatchPollerOptions): BatchPoller {
  const intervalMs = Math.max(50, options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS);
  const log = options.log ?? ((line: string) => console.error(line));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function runTick(): Promise<void> {
    let db: Db;
    let due;
    try {
      db = options.db();
      due = listBatchesDue(db, new Date(), BATCHES_PER_TICK);
    } catch (err) {
      log(`batch poller: cannot read due batches (${codeOf(err)}); retrying`);
      return;
    }
    if (due.length === 0) return;
    let client: SectigoClient;
    try {
      client = await options.client();
    } catch (err) {
      log(`batch poller: no Sectigo connection (${codeOf(err)}); retrying`);
      return;
    }
    for (const batch of due) {
      if (stopped) return;
      try {
        await advanceBatch(db, client, batch.id);
      } catch (err) {
        log(`batch poller: batch ${batch.id} could not be advanced (${codeOf(err)})`);
      }
    }
  }

  function tick(): Promise<void> {
    running ??= runTick()
      .catch((err: unknown) => log(`batch poller: tick failed (${codeOf(err)})`))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().finally(schedule);
    }, intervalMs);
    timer.unref();
  }

  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    tick,
  };
}
