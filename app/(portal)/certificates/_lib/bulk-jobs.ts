/**
 * Bulk revocations run as server-side jobs so the browser can show "n of m" while they
 * run: the start action begins the job and returns its id at once; the page polls the
 * job's progress. The work itself (lib/revocation's bulkRevoke) is sequential and audits
 * each certificate, so closing the page never leaves one in an unknown state — the job
 * simply finishes without a watcher.
 *
 * Rules: a job is visible only to the person who started it; it lives in this server
 * process's memory (one `next start` process), finished jobs are forgotten after an hour,
 * and at most MAX_JOBS are kept. Job views hold serials, outcomes and sentences only.
 */
import "server-only";

export type BulkOutcome = "revoked" | "already-revoked" | "failed" | "unknown";

export interface BulkResult {
  serial: string;
  outcome: BulkOutcome;
  message: string;
  warning?: string;
}

export interface BulkSummary {
  revoked: number;
  alreadyRevoked: number;
  failed: number;
  unknown: number;
}

export interface BulkJobView {
  id: string;
  total: number;
  done: number;
  /** running; finished (every certificate has a result); stopped (the run ended early with `error`) */
  state: "running" | "finished" | "stopped";
  results: BulkResult[];
  summary: BulkSummary | null;
  error: string | null;
}

interface Job extends BulkJobView {
  ownerId: number;
  endedAt: number | null;
}

export const JOB_TTL_MS = 60 * 60 * 1000;
export const MAX_JOBS = 200;

export function summarize(results: readonly BulkResult[]): BulkSummary {
  const summary: BulkSummary = { revoked: 0, alreadyRevoked: 0, failed: 0, unknown: 0 };
  for (const r of results) {
    if (r.outcome === "revoked") summary.revoked += 1;
    else if (r.outcome === "already-revoked") summary.alreadyRevoked += 1;
    else if (r.outcome === "failed") summary.failed += 1;
    else summary.unknown += 1;
  }
  return summary;
}

export interface BulkRun {
  /** called once per certificate, in order, as soon as its result is known */
  onResult: (result: BulkResult) => void;
}

export class BulkJobStore {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /**
   * Starts `run` in the background and returns the job id. `errorMessage` turns a rejection
   * into the sentence the page shows (never a stack).
   */
  start(
    ownerId: number,
    total: number,
    run: (progress: BulkRun) => Promise<{ results: BulkResult[] }>,
    errorMessage: (err: unknown) => string,
  ): string {
    this.prune();
    const id = this.newId();
    const job: Job = { id, ownerId, total, done: 0, state: "running", results: [], summary: null, error: null, endedAt: null };
    this.jobs.set(id, job);
    const onResult = (result: BulkResult) => {
      if (job.state !== "running" || job.results.some((r) => r.serial === result.serial)) return;
      job.results.push(result);
      job.done = job.results.length;
    };
    void Promise.resolve()
      .then(() => run({ onResult }))
      .then(
        ({ results }) => {
          // The final list is authoritative (it also covers a run that reported no progress).
          for (const r of results) onResult(r);
          job.summary = summarize(job.results);
          job.state = job.results.length >= job.total ? "finished" : "stopped";
          if (job.state === "stopped") job.error = "The run ended before every certificate had a result; search again to see their state.";
          job.endedAt = this.now();
        },
        (err: unknown) => {
          job.summary = summarize(job.results);
          job.state = "stopped";
          job.error = errorMessage(err);
          job.endedAt = this.now();
        },
      );
    return id;
  }

  /** The job as its owner sees it; null for an unknown id or someone else's job. */
  get(id: string, ownerId: number): BulkJobView | null {
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== ownerId) return null;
    return {
      id: job.id,
      total: job.total,
      done: job.done,
      state: job.state,
      results: [...job.results],
      summary: job.summary,
      error: job.error,
    };
  }

  private prune(): void {
    const cutoff = this.now() - JOB_TTL_MS;
    for (const [id, job] of this.jobs) {
      if (job.endedAt !== null && job.endedAt < cutoff) this.jobs.delete(id);
    }
    // Still too many: forget the oldest finished ones first (Map keeps insertion order).
    for (const [id, job] of this.jobs) {
      if (this.jobs.size < MAX_JOBS) break;
      if (job.endedAt !== null) this.jobs.delete(id);
    }
  }
}

const holder = globalThis as unknown as { __bulkRevokeJobs?: BulkJobStore };

/** The process-wide store (kept on globalThis so module re-evaluation shares it). */
export function bulkJobs(): BulkJobStore {
  return (holder.__bulkRevokeJobs ??= new BulkJobStore());
}
