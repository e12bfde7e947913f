// Approvals (operator, admin): revocation requests waiting for a second person, emergency
// revocations waiting for an acknowledgement, and the latest decisions (docs/security.md S20).
import type { Metadata } from "next";
import { formatTime } from "@/app/_components/format";
import { Badge } from "@/app/_components/ui/badge";
import { PageHeader } from "@/app/_components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { getDb } from "@/db/client";
import { requirePermission } from "@/lib/auth/session";
import { Notice } from "@/app/_components/ui/notice";
import { approvalsOverview, requestView, type RevocationRequestView } from "@/lib/revocation/requests";
import { RequestCard } from "./_components/request-card";

export const metadata: Metadata = { title: "Approvals" };

const STATE_LABELS: Record<string, { label: string; tone: "green" | "slate" | "red" | "amber" }> = {
  approved: { label: "Approved", tone: "green" },
  rejected: { label: "Rejected", tone: "red" },
  withdrawn: { label: "Withdrawn", tone: "slate" },
  expired: { label: "Expired", tone: "amber" },
  acknowledged: { label: "Emergency, acknowledged", tone: "slate" },
};

function Recent({ rows }: { rows: RevocationRequestView[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-700">No request has been decided yet.</p>;
  return (
    <Table caption="Latest decided requests">
      <THead>
        <Tr>
          <Th>Request</Th>
          <Th>State</Th>
          <Th>Requested by</Th>
          <Th>Decided by</Th>
          <Th>When</Th>
        </Tr>
      </THead>
      <TBody>
        {rows.map((r) => {
          const state = STATE_LABELS[r.state] ?? { label: r.state, tone: "slate" as const };
          return (
            <Tr key={r.id}>
              <Td label="Request">
                #{r.id}: {r.serials.length === 1 ? r.impact.items[0]?.commonName : `${r.serials.length} certificates`}
              </Td>
              <Td label="State">
                <Badge tone={state.tone}>{state.label}</Badge>
                {r.decisionNote ? <span className="mt-1 block text-xs text-slate-600">{r.decisionNote}</span> : null}
              </Td>
              <Td label="Requested by">
                <span className="break-all">{r.requesterEmail}</span>
              </Td>
              <Td label="Decided by">
                <span className="break-all">{r.deciderEmail ?? (r.state === "expired" ? "nobody in time" : "—")}</span>
              </Td>
              <Td label="When">
                {formatTime(r.decidedAt)}
                {r.result ? <span className="mt-1 block text-xs text-slate-600">{resultText(r)}</span> : null}
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}

function resultText(r: RevocationRequestView): string {
  const s = r.result;
  return s ? `${s.revoked} revoked, ${s.alreadyRevoked} already revoked, ${s.failed} failed, ${s.unknown} unknown` : "";
}

/** What became of the request just decided. */
function Decision({ request }: { request: RevocationRequestView }) {
  const what = request.serials.length === 1 ? request.impact.items[0]?.commonName : `${request.serials.length} certificates`;
  switch (request.state) {
    case "approved":
      return (
        <Notice tone={request.result && request.result.failed + request.result.unknown > 0 ? "warning" : "success"} title={`Request #${request.id} approved`} testId="decision-result">
          Revocation of {what}: {resultText(request)}. Each result is in the audit log and on the certificate&apos;s page.
        </Notice>
      );
    case "rejected":
      return (
        <Notice tone="info" title={`Request #${request.id} rejected`} testId="decision-result">
          Nothing was revoked; the requester sees your note here.
        </Notice>
      );
    case "withdrawn":
      return (
        <Notice tone="info" title={`Request #${request.id} withdrawn`} testId="decision-result">
          Nothing was revoked.
        </Notice>
      );
    case "acknowledged":
      return (
        <Notice tone="success" title={`Emergency revocation #${request.id} acknowledged`} testId="decision-result">
          The flag on the dashboard is gone.
        </Notice>
      );
    default:
      return null;
  }
}

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("certificates.revoke", "/approvals");
  const db = getDb();
  const overview = approvalsOverview(db);
  const done = Number((await searchParams).done);
  const decided = Number.isSafeInteger(done) && done > 0 ? requestView(db, done) : undefined;
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Revocations wait here for a second person: anyone with the revoke permission except the requester approves or rejects them. Approving asks for your second factor if you gave it more than 10 minutes ago."
      />
      <div className="flex flex-col gap-8">
        {decided ? <Decision request={decided} /> : null}
        {overview.emergencies.length > 0 ? (
          <section aria-labelledby="emergencies-heading" className="space-y-3">
            <h2 id="emergencies-heading" className="text-lg font-semibold text-slate-900">
              Emergency revocations to acknowledge ({overview.emergencies.length})
            </h2>
            <p className="max-w-3xl text-sm text-slate-700">Revoked at once as key compromise. A second person looks at each and acknowledges it.</p>
            {overview.emergencies.map((r) => (
              <RequestCard key={r.id} request={r} mine={r.requestedBy === user.id} />
            ))}
          </section>
        ) : null}
        <section aria-labelledby="pending-heading" className="space-y-3">
          <h2 id="pending-heading" className="text-lg font-semibold text-slate-900">
            Waiting for approval ({overview.pending.length})
          </h2>
          {overview.pending.length === 0 ? <p className="text-sm text-slate-700">No revocation is waiting.</p> : null}
          {overview.pending.map((r) => (
            <RequestCard key={r.id} request={r} mine={r.requestedBy === user.id} />
          ))}
        </section>
        <section aria-labelledby="recent-heading" className="space-y-3">
          <h2 id="recent-heading" className="text-lg font-semibold text-slate-900">
            Recently decided
          </h2>
          <Recent rows={overview.recent} />
        </section>
      </div>
    </>
  );
}
