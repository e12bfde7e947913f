// The dashboard (every role: dashboard.read), the landing page after sign-in: licences and
// authority balances from Sectigo (kept a minute, stamped with when they were taken), and
// from the portal's own records the batches in flight, certificates expiring within 30 days,
// recent revocations and a 26-week chart of issuance and revocations. Sectigo's panels
// degrade to a notice when it is unreachable (each call is bounded); the local panels always
// render. Each panel also checks its own permission.
import type { Metadata } from "next";
import { NAV_ITEMS } from "@/app/_components/nav-items";
import { focusRing } from "@/app/_components/ui/button";
import { InAppLinks } from "@/app/_components/ui/in-app-links";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { can, ROLE_LABELS } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import { sectigoConnection } from "@/lib/connection";
import { dashboardSummary, sharedSectigoAnswers } from "@/lib/dashboard";
import { waitingCountsThisRequest } from "@/app/(portal)/_lib/waiting-counts";
import { Notice } from "@/app/_components/ui/notice";
import { boundedDashboardCalls } from "./_dashboard/dashboard-client";
import { authorityRows, expiringRows, expiryGroupCounts, inFlightRows, revocationRows } from "./_dashboard/panel-rows";
import { BalancesPanel, ExpiringPanel, InFlightPanel, LicencesPanel, Panel, RevocationsPanel } from "./_dashboard/panels";
import { WeeklyChart } from "./_dashboard/weekly-chart";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const user = await requirePermission("dashboard.read", "/");
  const showSectigo = can(user.role, "authorities.read");
  const { calls, done } = boundedDashboardCalls(sectigoConnection);
  let summary;
  try {
    // Sectigo is asked only for those who see its panels, and its answer is kept a minute.
    summary = await dashboardSummary(getDb(), calls, new Date(), { sectigo: showSectigo, cache: sharedSectigoAnswers() });
  } finally {
    done();
  }
  const sections = NAV_ITEMS.filter((item) => item.href !== "/" && can(user.role, item.permission));
  const waiting = can(user.role, "certificates.read") ? waitingCountsThisRequest() : { pending: 0, emergencies: 0 };
  const approvalsLink = can(user.role, "certificates.revoke") ? (
    <a href="/approvals" className={`font-medium underline ${focusRing}`}>
      Open Approvals
    </a>
  ) : null;

  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name}`}
        description={
          <>
            The dashboard. You are signed in as <span className="font-medium text-slate-800">{user.email}</span> with the{" "}
            <span className="font-medium text-slate-800">{ROLE_LABELS[user.role]}</span> role. Dates are UTC.
          </>
        }
      />
      <InAppLinks className="space-y-4">
        {waiting.emergencies > 0 ? (
          <Notice tone="warning" title="Emergency revocation not yet acknowledged" testId="dash-emergencies">
            {waiting.emergencies === 1 ? "A certificate was" : `${waiting.emergencies} revocations were`} revoked at once as key compromise, without a second
            person. Someone other than who revoked it looks at it and acknowledges it. {approvalsLink}
          </Notice>
        ) : null}
        {waiting.pending > 0 ? (
          <Notice tone="info" title="Revocations waiting for approval" testId="dash-pending">
            {waiting.pending === 1 ? "One revocation request waits" : `${waiting.pending} revocation requests wait`} for a second person. {approvalsLink}
          </Notice>
        ) : null}
        {showSectigo ? (
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <LicencesPanel licenses={summary.licenses} error={summary.licensesError} asOf={summary.sectigoAsOf} />
            <BalancesPanel authorities={authorityRows(summary)} error={summary.authoritiesError} asOf={summary.sectigoAsOf} />
          </div>
        ) : null}
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
          {can(user.role, "batches.read") ? <InFlightPanel batches={inFlightRows(summary)} /> : null}
          {can(user.role, "certificates.read") ? <ExpiringPanel rows={expiringRows(summary)} groups={expiryGroupCounts(summary)} /> : null}
          {can(user.role, "certificates.read") ? <RevocationsPanel rows={revocationRows(summary)} /> : null}
        </div>
        {can(user.role, "certificates.read") ? (
          <Panel id="dash-weekly" title="Issued and revoked per week, last 26 weeks">
            <WeeklyChart weeks={summary.weekly} id="weekly-chart" />
          </Panel>
        ) : null}
        <nav aria-label="Sections" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="mb-2 text-base font-semibold text-slate-900">Go to</h2>
          <ul className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
            {sections.map((s) => (
              <li key={s.href}>
                <a href={s.href} className={`rounded text-blue-800 underline underline-offset-2 ${focusRing}`} title={s.description}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </InAppLinks>
    </>
  );
}
