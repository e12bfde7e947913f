/**
 * Signed checkpoints on a schedule (docs/security.md S21): one at start and then every
 * AUDIT_CHECKPOINT_INTERVAL_MINUTES (default 60), skipped when nothing was appended since the
 * last one. Started once per process from instrumentation.ts; its timer is unref'd and a
 * failure is logged (code only), never thrown into the server: the next tick tries again.
 */
import "server-only";
import type { Db } from "@/db/client";
import { describeError } from "@/lib/errors";
import { takeCheckpoint } from "@/lib/audit/checkpoints";
import type { AuditSigningKey } from "@/lib/audit/signing-key";

export const DEFAULT_CHECKPOINT_INTERVAL_MINUTES = 60;

export interface CheckpointScheduleOptions {
  db: () => Db;
  key: () => AuditSigningKey;
  intervalMinutes?: number;
  log?: (line: string) => void;
}

/** One tick: takes a checkpoint when the head moved; logs only failures. */
export function checkpointTick(options: CheckpointScheduleOptions): void {
  const log = options.log ?? ((line: string) => console.error(line));
  try {
    takeCheckpoint(options.db(), options.key());
  } catch (err) {
    log(`audit checkpoint: not taken (${describeError(err, 200)}); trying again at the next interval`);
  }
}

const running = globalThis as unknown as { __auditCheckpoints?: NodeJS.Timeout };

/** Starts the schedule once per process; returns a function that stops it (tests). */
export function startCheckpointSchedule(options: CheckpointScheduleOptions): () => void {
  if (!running.__auditCheckpoints) {
    checkpointTick(options);
    const minutes = options.intervalMinutes ?? DEFAULT_CHECKPOINT_INTERVAL_MINUTES;
    running.__auditCheckpoints = setInterval(() => checkpointTick(options), minutes * 60_000).unref();
  }
  return () => {
    clearInterval(running.__auditCheckpoints);
    running.__auditCheckpoints = undefined;
  };
}
