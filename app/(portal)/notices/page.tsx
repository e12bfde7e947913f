// The e-mail log (notices.read: admin, operator, auditor): every expiry notice the portal sent
// or tried to send, newest first, keyset-paged by id, with what the server answered; the
// configuration in words above it; "Send now" for those who may send (notices.send).
import type { Metadata } from "next";
import Link from "next/link";
import { formatTime } from "@/app/_components/format";
import { buttonClasses } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { noticeConfiguration, noticeLog, type NoticeConfiguration } from "@/lib/notices";
import { DeliveryTable } from "./_components/delivery-table";
import { SendNow } from "./_components/send-now";

export const metadata: Metadata = { title: "E-mail log" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

function Configuration({ config, canSend }: { config: NoticeConfiguration; canSend: boolean }) {
  const mail = config.email
    ? config.recipients > 0
      ? `E-mail through ${config.email.server}, from ${config.email.from}, to ${config.recipients} ${config.recipients === 1 ? "recipient" : "recipients"} set on Settings.`
      : `A mail server is set (${config.email.server}), but no recipient is: add addresses on Settings to send e-mail.`
    : `No mail server is configured (SMTP_URL and NOTIFY_FROM)${config.recipients > 0 ? `, so the ${config.recipients} recipients on Settings receive nothing yet` : ""}.`;
  const hook = config.webhook ? `Webhook: a signed JSON POST to ${config.webhook}.` : "No webhook is configured (NOTIFY_WEBHOOK_URL).";
  return (
    <section aria-labelledby="notice-config-heading" className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700 shadow-sm sm:p-6" data-testid="notice-config">
      <h2 id="notice-config-heading" className="text-lg font-semibold text-slate-900">
        How notices are sent
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        <li>{mail}</li>
        <li>{hook}</li>
        {!config.email && !config.webhook ? <li>Until one is configured, notices are kept here only (“Portal only”).</li> : null}
        <li>
          The daily run starts at the first check after {String(config.dailyRunHourUtc).padStart(2, "0")}:00 UTC. Last daily run:{" "}
          <span data-testid="last-daily-run">{formatTime(config.lastDailyRun, "not yet")}</span>.
        </li>
        <li>A failed delivery is retried after 1 minute, 5 minutes, 30 minutes, 2 hours and 6 hours, then marked failed.</li>
      </ul>
      {canSend ? (
        <div className="mt-4 border-t border-slate-200 pt-4">
          <p className="mb-3 max-w-3xl">
            Send now runs the daily job at once: it sends the certificates that crossed a threshold since their last notice (nothing twice) and retries every
            delivery that is due.
          </p>
          <SendNow />
        </div>
      ) : null}
    </section>
  );
}

export default async function NoticesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).before;
  const before = typeof raw === "string" && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
  const user = await requirePermission("notices.read", before ? `/notices?before=${before}` : "/notices");
  const db = getDb();
  const page = noticeLog(db, { before, limit: PAGE_SIZE });
  return (
    <>
      <PageHeader
        title="E-mail log"
        description="Every expiry notice: the digest of certificates that came within 30, 14, 7 or 1 days of expiry without a replacement, each notified once per threshold. Newest first; times are UTC."
      />
      <div className="space-y-4">
        <Configuration config={noticeConfiguration(db, env())} canSend={can(user.role, "notices.send")} />
        {page.rows.length > 0 ? (
          <DeliveryTable rows={page.rows} />
        ) : (
          <Notice tone="info">{before ? "No older notices." : "No notice has been sent yet: no certificate without a replacement has come within 30 days of expiry."}</Notice>
        )}
        <nav aria-label="E-mail log pages" className="flex flex-wrap gap-2">
          {before !== undefined ? (
            <Link href="/notices" prefetch={false} className={buttonClasses("secondary", "sm")}>
              Newest notices
            </Link>
          ) : null}
          {page.nextBefore !== null ? (
            <Link href={`/notices?before=${page.nextBefore}`} prefetch={false} className={buttonClasses("secondary", "sm")}>
              Older notices
            </Link>
          ) : null}
        </nav>
      </div>
    </>
  );
}
