// Your account (every role: account.own): who you are signed in as, and every browser signed
// in to your account, with a way to sign one or all of them out. Only your own sessions: the
// list is read for the signed-in person, never for an id from the address. Also: their second
// factors, and their calendar feeds of upcoming expiries.
import type { Metadata } from "next";
import { formatTime } from "@/app/_components/format";
import { Badge } from "@/app/_components/ui/badge";
import { PageHeader } from "@/app/_components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { getDb } from "@/db/client";
import { can, ROLE_LABELS } from "@/lib/auth/rbac";
import { FEED_DAYS, listFeeds } from "@/lib/calendar/feeds";
import { factorOverview } from "@/lib/auth/factors";
import { ownSessions } from "@/lib/auth/own-sessions";
import { requirePermission } from "@/lib/auth/session";
import { Notice } from "@/app/_components/ui/notice";
import { FactorList, RecoveryCodesPanel } from "./_components/factor-list";
import { EndSessionButton, SignOutEverywhere } from "./_components/session-actions";
import { PasskeySetup } from "./_components/passkey-setup";
import { TotpSetup } from "./_components/totp-setup";
import { CreateCalendarFeed, RevokeCalendarFeed } from "./_components/calendar-feeds";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("account.own", "/account");
  const db = getDb();
  const sessions = ownSessions(db, user);
  const factors = factorOverview(db, user);
  const hasTotp = factors.factors.some((f) => f.kind === "totp");
  const left = (await searchParams).recoveryCodesLeft;
  const others = sessions.filter((s) => !s.current).length;
  const feeds = listFeeds(db, user);
  return (
    <>
      <PageHeader title="Your account" description={`${user.name} · ${user.email} · ${ROLE_LABELS[user.role]}`} />
      {typeof left === "string" ? (
        <div className="mb-4">
          <Notice tone="warning" testId="recovery-code-used">
            You signed in with a recovery code; {left === "0" ? "none is" : `${left} ${left === "1" ? "is" : "are"}`} left. If you lost your authenticator
            app, set up a new one below and make new recovery codes.
          </Notice>
        </div>
      ) : null}
      <section aria-labelledby="factors-heading" className="mb-8 space-y-3">
        <h2 id="factors-heading" className="text-lg font-semibold text-slate-900">
          Second factors
        </h2>
        <p className="max-w-2xl text-sm text-slate-700">
          {factors.required
            ? "Your role must have a second factor: signing in asks for it after your password."
            : factors.factors.length > 0
              ? "Signing in asks for one of these after your password."
              : "Optional for your role, and recommended: signing in would then ask for a code after your password."}{" "}
          A passkey also signs you in on its own, without your password.
        </p>
        <FactorList factors={factors.factors} required={factors.required} />
        <div className="grid gap-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-2">
          <div className="space-y-2">
            <h3 className="font-medium text-slate-900">Add a passkey</h3>
            <p className="text-sm text-slate-600">Kept by this device or a security key, unlocked with its PIN, fingerprint or face. Several are fine: one per device.</p>
            <PasskeySetup />
          </div>
          <div className="space-y-2">
            <h3 className="font-medium text-slate-900">Authenticator app</h3>
            <p className="text-sm text-slate-600">
              {hasTotp ? "Set up (listed above). Remove it first to move it to another phone." : "A 6-digit code from an app on your phone, asked after your password."}
            </p>
            <TotpSetup hidden={hasTotp} />
          </div>
        </div>
        {factors.factors.length > 0 ? <RecoveryCodesPanel left={factors.recoveryCodesLeft} /> : null}
      </section>
      {can(user.role, "certificates.read") ? (
        <section aria-labelledby="calendar-heading" className="mb-8 space-y-3">
          <h2 id="calendar-heading" className="text-lg font-semibold text-slate-900">
            Calendar feed
          </h2>
          <p className="max-w-2xl text-sm text-slate-700">
            A private address your calendar app can subscribe to: one all-day event on the expiry date of each valid certificate expiring within{" "}
            {FEED_DAYS} days. The address itself is the key, so treat it like a password; revoke it when you no longer need it.
          </p>
          <CreateCalendarFeed />
          {feeds.length > 0 ? (
            <Table caption="Your calendar feeds">
              <THead>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>State</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </THead>
              <TBody>
                {feeds.map((f) => (
                  <Tr key={f.id} testId="calendar-feed-row">
                    <Td label="Created" className="whitespace-nowrap tabular-nums">
                      {formatTime(f.createdAt)}
                    </Td>
                    <Td label="Last used" className="whitespace-nowrap tabular-nums">
                      {formatTime(f.lastUsedAt)}
                    </Td>
                    <Td label="State">{f.revokedAt ? <Badge tone="slate">Revoked {formatTime(f.revokedAt)}</Badge> : <Badge tone="green">Active</Badge>}</Td>
                    <Td label="Actions">{f.revokedAt ? <span className="text-sm text-slate-500">—</span> : <RevokeCalendarFeed feedId={f.id} created={formatTime(f.createdAt)} />}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="sessions-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="sessions-heading" className="text-lg font-semibold text-slate-900">
              Where you are signed in
            </h2>
            <p className="max-w-2xl text-sm text-slate-700">
              Every browser signed in to your account. A session ends after 30 minutes without use and 12 hours after signing in.
              If you see one you do not recognise, sign it out and ask an administrator to reset your password.
            </p>
          </div>
          <SignOutEverywhere others={others} />
        </div>
        <Table caption="Your signed-in sessions">
          <THead>
            <Th>Device</Th>
            <Th>Address</Th>
            <Th>Signed in</Th>
            <Th>Last active</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </THead>
          <TBody>
            {sessions.map((s) => (
              <Tr key={s.ref} testId="session-row">
                <Td label="Device">
                  <span title={s.userAgent ?? undefined} className="font-medium text-slate-900">
                    {s.device}
                  </span>
                  {s.current ? (
                    <span className="ml-2">
                      <Badge tone="green">This browser</Badge>
                    </span>
                  ) : null}
                </Td>
                <Td label="Address">
                  <code className="font-mono text-xs">{s.ip ?? "unknown"}</code>
                </Td>
                <Td label="Signed in" className="whitespace-nowrap tabular-nums">
                  {formatTime(s.createdAt)}
                </Td>
                <Td label="Last active" className="whitespace-nowrap tabular-nums">
                  {formatTime(s.lastSeenAt)}
                </Td>
                <Td label="Actions">{s.current ? <span className="text-sm text-slate-500">—</span> : <EndSessionButton sessionRef={s.ref} device={s.device} />}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </section>
    </>
  );
}
