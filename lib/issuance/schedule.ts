/**
 * When the poller looks at a batch next.
 *
 * Rules: a batch Sectigo is still processing is checked often while young and at most once a
 * minute when old (a third of its age, between 1 s and 60 s) — the simulator takes seconds,
 * the real CA minutes. After an error (Sectigo down, download failed) the wait grows
 * 5 s → 15 s → 1 min → 5 min and stays at 5 min; the step is read back from the row itself
 * (the gap between its last check and its planned next check while `last_error` is set), so
 * no counter column is needed.
 */
import type { Batch } from "@/db/types";

export const MIN_PROCESSING_WAIT_MS = 1_000;
export const MAX_PROCESSING_WAIT_MS = 60_000;
export const ERROR_BACKOFF_MS: readonly number[] = [5_000, 15_000, 60_000, 300_000];

/** The next check of a batch that is still processing. */
export function nextProcessingCheck(createdAt: string, now: Date): Date {
  const age = Math.max(0, now.getTime() - Date.parse(createdAt));
  const wait = Math.min(MAX_PROCESSING_WAIT_MS, Math.max(MIN_PROCESSING_WAIT_MS, Math.round(age / 3)));
  return new Date(now.getTime() + wait);
}

/** The next attempt after a failed one: one step longer than the previous wait after an error. */
export function nextErrorCheck(row: Pick<Batch, "lastError" | "lastCheckedAt" | "nextCheckAt">, now: Date): Date {
  let previous = 0;
  if (row.lastError !== null && row.lastCheckedAt !== null && row.nextCheckAt !== null) {
    previous = Date.parse(row.nextCheckAt) - Date.parse(row.lastCheckedAt);
  }
  const step = ERROR_BACKOFF_MS.find((ms) => ms > previous) ?? (ERROR_BACKOFF_MS.at(-1) as number);
  return new Date(now.getTime() + step);
}
