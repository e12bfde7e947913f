/**
 * lib/notices: expiry notices that reach people — the daily digest of certificates crossing
 * 30, 14, 7 and 1 days without a replacement, by e-mail and/or a signed webhook, and the log
 * of every delivery. The public face for app/ and instrumentation.ts.
 */
import "server-only";
import type { Db } from "@/db/client";
import type { AuditActor } from "@/lib/audit/types";
import { env } from "@/lib/env";
import { noticeChannels } from "@/lib/notices/config";
import { runNoticeJob, type NoticeJobDeps } from "@/lib/notices/job";

export { noticeConfiguration, noticeLog, type NoticeConfiguration, type NoticeLogCertificate, type NoticeLogPage, type NoticeLogRow } from "./log";
export { MAX_RECIPIENTS, noticeRecipients, parseRecipientList } from "./recipients";
export { NOTICE_THRESHOLDS } from "./thresholds";
export { startNoticeSchedule } from "./schedule";
export type { DeliverySummary, NoticeRunSummary } from "./job";

/** The job's dependencies from this process's configuration. */
export function noticeJobDeps(db: Db): NoticeJobDeps {
  const config = env();
  return { db, channels: noticeChannels(config), portalUrl: config.AUTH_URL };
}

/** "Send now": the same job as the daily run, on behalf of a person (audited as theirs). */
export function sendNoticesNow(db: Db, actor: AuditActor, ip: string | null) {
  return runNoticeJob(noticeJobDeps(db), { kind: "manual", actor, ip });
}
