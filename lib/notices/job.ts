/**
 * The expiry notice job: find the certificates that crossed a threshold, record the notices
 * and their deliveries, then deliver. The daily schedule and the "Send now" button both run it.
 *
 * Rules:
 * - Recording is ONE transaction: the expiry_notices rows (so a certificate is notified once per
 *   threshold, across restarts), one delivery per recipient and channel, and the `notice.send`
 *   audit entry (counts only, never a message). A crash before the commit leaves nothing to
 *   repeat or to lose; after it, the deliveries wait in the table.
 * - Delivering happens after the commit, each delivery on its own: claimed, sent with a time
 *   limit, its answer recorded. A failure schedules a retry (lib/notices/attempt.ts) and never
 *   stops the others; every run also retries what is due.
 * - Nothing configured (no SMTP with recipients, no webhook): the notice is kept as a `portal`
 *   delivery, shown on the e-mail log, delivered when written.
 */
import "server-only";
import { writeTx, type Db } from "@/db/client";
import {
  claimDelivery,
  dueDeliveryIds,
  findCrossings,
  insertDeliveries,
  insertExpiryNotices,
  recordAttempt,
  type NewDelivery,
  type NoticeDelivery,
} from "@/db/queries/notices";
import { getSetting, setSetting } from "@/db/queries/settings";
import { toIso, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { SYSTEM_ACTOR, type AuditActor } from "@/lib/audit/types";
import { expiryClock } from "@/lib/expiry/clock";
import { nextAttemptAt, type AttemptOutcome } from "@/lib/notices/attempt";
import type { NoticeChannels } from "@/lib/notices/config";
import { buildDigest, type Digest } from "@/lib/notices/digest";
import { noticeRecipients } from "@/lib/notices/recipients";
import { sendDigestMail } from "@/lib/notices/smtp";
import { thresholdBounds } from "@/lib/notices/thresholds";
import { postDigest } from "@/lib/notices/webhook";

export const LAST_DAILY_RUN_KEY = "notices.lastDailyRun";
/** The hour (UTC) from which the day's run is due. */
export const DAILY_RUN_HOUR_UTC = 6;
/** How long a claimed delivery is left to its sender before another run may try it again. */
const CLAIM_LEASE_MS = 10 * 60_000;
/** Deliveries tried per run; the rest wait for the next tick. */
const DELIVERIES_PER_RUN = 50;

export interface NoticeJobDeps {
  db: Db;
  channels: NoticeChannels;
  /** the portal's public URL (AUTH_URL), for links in the digest */
  portalUrl?: string;
  /** the expiry clock by default: an e2e test moves it */
  clock?: Clock;
  send?: {
    mail: typeof sendDigestMail;
    webhook: typeof postDigest;
  };
}

export interface NoticeTrigger {
  kind: "daily" | "manual";
  actor?: AuditActor;
  ip?: string | null;
}

export interface NoticeRunSummary {
  /** false when the daily run had already happened today */
  ran: boolean;
  certificates: number;
  /** certificates per threshold, e.g. { "7": 2, "30": 1 } */
  thresholds: Record<string, number>;
  deliveries: number;
}

export interface DeliverySummary {
  delivered: number;
  retrying: number;
  failed: number;
}

function clockOf(deps: NoticeJobDeps): Clock {
  return deps.clock ?? expiryClock();
}

/** The day (UTC) whose run is due at `now`, or null before DAILY_RUN_HOUR_UTC. */
export function dailyRunDay(now: Date): string | null {
  return now.getUTCHours() >= DAILY_RUN_HOUR_UTC ? toIso(now).slice(0, 10) : null;
}

export function lastDailyRun(db: Db): string | null {
  const value = getSetting<unknown>(db, LAST_DAILY_RUN_KEY);
  return typeof value === "string" ? value : null;
}

/** True when today's run is due and has not happened. */
export function dailyRunDue(db: Db, now: Date): boolean {
  const day = dailyRunDay(now);
  return day !== null && lastDailyRun(db)?.slice(0, 10) !== day;
}

function deliveriesFor(digest: Digest, serials: string[], channels: NoticeChannels, recipients: readonly string[]): NewDelivery[] {
  const base = { subject: digest.subject, serials, payload: digest };
  const out: NewDelivery[] = [];
  if (channels.smtp) for (const to of recipients) out.push({ ...base, channel: "email", recipient: to });
  if (channels.webhook) out.push({ ...base, channel: "webhook", recipient: channels.webhook.origin });
  if (out.length === 0) out.push({ ...base, channel: "portal", recipient: "portal", delivered: true });
  return out;
}

/** Records the notices of this run (one transaction); delivers nothing. */
export function recordNotices(deps: NoticeJobDeps, trigger: NoticeTrigger): NoticeRunSummary {
  const now = clockOf(deps)();
  const atIso = toIso(now);
  return writeTx(deps.db, (tx) => {
    if (trigger.kind === "daily") {
      const day = dailyRunDay(now);
      const last = getSetting<unknown>(tx, LAST_DAILY_RUN_KEY);
      if (day === null || (typeof last === "string" && last.slice(0, 10) === day)) return { ran: false, certificates: 0, thresholds: {}, deliveries: 0 };
      setSetting(tx, LAST_DAILY_RUN_KEY, atIso, null, () => now);
    }
    const crossings = findCrossings(tx, atIso, thresholdBounds(now));
    const thresholds: Record<string, number> = {};
    for (const c of crossings) thresholds[c.thresholdDays] = (thresholds[c.thresholdDays] ?? 0) + 1;
    let deliveries: NewDelivery[] = [];
    let recipients = 0;
    if (crossings.length > 0) {
      insertExpiryNotices(tx, crossings, atIso);
      const digest = buildDigest(crossings, now, deps.portalUrl);
      const to = deps.channels.smtp ? noticeRecipients(tx) : [];
      recipients = to.length;
      deliveries = deliveriesFor(
        digest,
        digest.items.map((i) => i.serial),
        deps.channels,
        to,
      );
      insertDeliveries(tx, deliveries, atIso);
    }
    // A daily run that found nothing is not worth an entry; a person pressing the button is.
    if (crossings.length > 0 || trigger.kind === "manual") {
      const channels: Record<string, number> = {};
      for (const d of deliveries) channels[d.channel] = (channels[d.channel] ?? 0) + 1;
      appendAudit(
        tx,
        {
          actor: trigger.actor ?? SYSTEM_ACTOR,
          action: "notice.send",
          outcome: "succeeded",
          ip: trigger.ip ?? null,
          details: { trigger: trigger.kind, certificates: crossings.length, thresholds, recipients, channels },
        },
        { clock: () => now },
      );
    }
    return { ran: true, certificates: crossings.length, thresholds, deliveries: deliveries.length };
  });
}

async function attempt(deps: NoticeJobDeps, row: NoticeDelivery, at: Date): Promise<AttemptOutcome> {
  const send = deps.send ?? { mail: sendDigestMail, webhook: postDigest };
  const digest = JSON.parse(row.payload) as Digest;
  try {
    if (row.channel === "email") return await send.mail(deps.channels, row.recipient, digest);
    if (row.channel === "webhook") return await send.webhook(deps.channels, row.id, digest, at);
    return { delivered: true, answer: "shown in the portal" };
  } catch {
    // A sender answers every failure; this is a bug in one, kept to this row.
    return { delivered: false, answer: "the portal could not send it (see the server log)" };
  }
}

/** Tries every delivery that is due, each on its own; returns what became of them. */
export async function deliverDue(deps: NoticeJobDeps): Promise<DeliverySummary> {
  const clock = clockOf(deps);
  const startIso = toIso(clock());
  const claimed: NoticeDelivery[] = [];
  for (const id of dueDeliveryIds(deps.db, startIso, DELIVERIES_PER_RUN)) {
    const row = writeTx(deps.db, (tx) => claimDelivery(tx, id, startIso, toIso(new Date(clock().getTime() + CLAIM_LEASE_MS))));
    if (row) claimed.push(row);
  }
  const outcomes = await Promise.all(
    claimed.map(async (row) => {
      const outcome = await attempt(deps, row, clock());
      const at = clock();
      const attempts = row.attempts + 1;
      const next = outcome.delivered || outcome.permanent ? null : nextAttemptAt(attempts, at);
      const state = outcome.delivered ? "delivered" : next === null ? "failed" : "pending";
      writeTx(deps.db, (tx) =>
        recordAttempt(tx, row.id, { state, attempts, atIso: toIso(at), nextAttemptAt: next ? toIso(next) : null, serverAnswer: outcome.answer }),
      );
      return state;
    }),
  );
  return {
    delivered: outcomes.filter((s) => s === "delivered").length,
    retrying: outcomes.filter((s) => s === "pending").length,
    failed: outcomes.filter((s) => s === "failed").length,
  };
}

/** Records this run's notices, then delivers them and whatever else is due. */
export async function runNoticeJob(deps: NoticeJobDeps, trigger: NoticeTrigger): Promise<NoticeRunSummary & DeliverySummary> {
  const summary = recordNotices(deps, trigger);
  const delivered = await deliverDue(deps);
  return { ...summary, ...delivered };
}

