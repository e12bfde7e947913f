/**
 * The notice job on a schedule (docs/operations.md, "Expiry notices"): a tick every minute
 * delivers what is due (first tries and retries) and, once a day from DAILY_RUN_HOUR_UTC,
 * records the day's notices first — also at start when today's run has not happened yet. The
 * day of the last run is kept in settings, so a restart does not run it twice.
 *
 * Started once per process from instrumentation.ts; its timer is unref'd, a tick never
 * overlaps the one before, and a failure is logged (without values) and never thrown: the next
 * tick tries again.
 */
import "server-only";
import { errorLogLine } from "@/lib/audit/redact";
import { dailyRunDue, deliverDue, recordNotices, type NoticeJobDeps } from "@/lib/notices/job";
import { expiryClock } from "@/lib/expiry/clock";

export const TICK_MS = 60_000;

export interface NoticeScheduleOptions {
  deps: () => NoticeJobDeps;
  log?: (line: string) => void;
}

let busy = false;

/** One tick: the daily run when due, then the deliveries due. */
export async function noticeTick(options: NoticeScheduleOptions): Promise<void> {
  if (busy) return;
  busy = true;
  const log = options.log ?? ((line: string) => console.error(line));
  try {
    const deps = options.deps();
    try {
      if (dailyRunDue(deps.db, (deps.clock ?? expiryClock())())) recordNotices(deps, { kind: "daily" });
    } catch (err) {
      log(`expiry notices: the daily run failed (${errorLogLine(err, 200)}); trying again at the next tick`);
    }
    const result = await deliverDue(deps);
    if (result.failed > 0) log(`expiry notices: ${result.failed} delivery(ies) failed for good; see the e-mail log page`);
  } catch (err) {
    log(`expiry notices: deliveries not tried (${errorLogLine(err, 200)}); trying again at the next tick`);
  } finally {
    busy = false;
  }
}

const running = globalThis as unknown as { __noticeSchedule?: NodeJS.Timeout };

/** Starts the schedule once per process; returns a function that stops it (tests). */
export function startNoticeSchedule(options: NoticeScheduleOptions): () => void {
  if (!running.__noticeSchedule) {
    void noticeTick(options);
    running.__noticeSchedule = setInterval(() => void noticeTick(options), TICK_MS).unref();
  }
  return () => {
    clearInterval(running.__noticeSchedule);
    running.__noticeSchedule = undefined;
  };
}
