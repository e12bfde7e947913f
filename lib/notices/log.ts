/**
 * The e-mail log page's data: every delivery newest first, keyset-paged by id, with the
 * certificates each digest listed, and the configuration in words (no credentials).
 */
import "server-only";
import type { Db } from "@/db/client";
import { pageDeliveries, type NoticeChannel, type NoticeState } from "@/db/queries/notices";
import type { PortalEnv } from "@/lib/env";
import { MAX_ATTEMPTS } from "@/lib/notices/attempt";
import { noticeChannels } from "@/lib/notices/config";
import type { Digest } from "@/lib/notices/digest";
import { DAILY_RUN_HOUR_UTC, lastDailyRun } from "@/lib/notices/job";
import { noticeRecipients } from "@/lib/notices/recipients";

export interface NoticeLogCertificate {
  serial: string;
  commonName: string;
  thresholdDays: number;
}

export interface NoticeLogRow {
  id: number;
  createdAt: string;
  channel: NoticeChannel;
  recipient: string;
  subject: string;
  certificates: NoticeLogCertificate[];
  /** certificates the notice covered beyond those it listed */
  unlisted: number;
  state: NoticeState;
  attempts: number;
  maxAttempts: number;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  serverAnswer: string | null;
}

export interface NoticeLogPage {
  rows: NoticeLogRow[];
  /** the `before` of the next (older) page, null on the last */
  nextBefore: number | null;
}

function listedIn(payload: string): Pick<NoticeLogRow, "certificates" | "unlisted"> {
  try {
    const digest = JSON.parse(payload) as Partial<Digest>;
    return {
      certificates: (digest.items ?? []).map((i) => ({ serial: String(i.serial), commonName: String(i.commonName), thresholdDays: Number(i.thresholdDays) })),
      unlisted: Number(digest.unlisted) || 0,
    };
  } catch {
    return { certificates: [], unlisted: 0 };
  }
}

export function noticeLog(db: Db, options: { before?: number; limit: number }): NoticeLogPage {
  const rows = pageDeliveries(db, { beforeId: options.before, limit: options.limit + 1 });
  const page = rows.slice(0, options.limit);
  return {
    rows: page.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      channel: r.channel,
      recipient: r.recipient,
      subject: r.subject,
      ...listedIn(r.payload),
      state: r.state,
      attempts: r.attempts,
      maxAttempts: MAX_ATTEMPTS,
      lastAttemptAt: r.lastAttemptAt,
      nextAttemptAt: r.nextAttemptAt,
      deliveredAt: r.deliveredAt,
      serverAnswer: r.serverAnswer,
    })),
    nextBefore: rows.length > options.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

export interface NoticeConfiguration {
  /** host:port of the mail server and the sender, when SMTP_URL is set */
  email: { server: string; from: string } | null;
  recipients: number;
  /** the webhook's origin, when set */
  webhook: string | null;
  lastDailyRun: string | null;
  dailyRunHourUtc: number;
}

export function noticeConfiguration(db: Db, config: PortalEnv): NoticeConfiguration {
  const channels = noticeChannels(config);
  return {
    email: channels.smtp ? { server: channels.smtp.server, from: channels.smtp.from } : null,
    recipients: noticeRecipients(db).length,
    webhook: channels.webhook?.origin ?? null,
    lastDailyRun: lastDailyRun(db),
    dailyRunHourUtc: DAILY_RUN_HOUR_UTC,
  };
}
