// One audit entry with every field: details as indented JSON TEXT (React escapes it, so a
// CN like <img onerror=…> stays text), both hashes, and the intent/outcome it is paired with.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClasses, focusRing } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { getAuditEntry } from "@/lib/audit";
import type { AuditEntry } from "@/lib/audit/types";
import { requirePermission } from "@/lib/auth/session";
import { formatTarget, formatUtc, outcomeStyle, prettyDetails } from "../_lib/format";
import { ActorCell } from "../_components/actor-cell";
import { OutcomeBadge } from "../_components/outcome-badge";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ seq: string }> }): Promise<Metadata> {
  const { seq } = await params;
  return { title: `Audit entry #${seq.slice(0, 16)}` };
}

function parseSeq(text: string): number | null {
  const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function Row({ label, children, mono = false }: { label: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <>
      <dt className="pt-2 text-sm font-medium text-slate-600 sm:pt-0">{label}</dt>
      <dd className={`min-w-0 break-all text-sm text-slate-900 ${mono ? "font-mono text-xs sm:text-sm" : ""}`}>{children}</dd>
    </>
  );
}

function EntryLink({ entry }: { entry: AuditEntry }) {
  return (
    <Link href={`/audit/${entry.seq}`} prefetch={false} className={`rounded underline underline-offset-2 ${focusRing}`}>
      #{entry.seq} {entry.action} — {entry.outcome}, {formatUtc(entry.at)}
    </Link>
  );
}

export default async function AuditEntryPage({ params }: { params: Promise<{ seq: string }> }) {
  const { seq: seqText } = await params;
  await requirePermission("audit.read", `/audit/${encodeURIComponent(seqText)}`);
  const seq = parseSeq(seqText);
  const detail = seq === null ? null : getAuditEntry(getDb(), seq);
  if (!detail) notFound();
  const { entry, intent, outcomes } = detail;

  return (
    <>
      <PageHeader
        title={`Audit entry #${entry.seq}`}
        description={`${entry.action} by ${entry.actor.email}, ${formatUtc(entry.at)}.`}
        actions={
          <Link href="/audit" prefetch={false} className={buttonClasses("secondary", "sm")}>
            Back to the audit log
          </Link>
        }
      />
      <div className="space-y-4">
        <section aria-labelledby="entry-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="entry-heading" className="sr-only">
            Fields
          </h2>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[10rem_1fr]">
            <Row label="Seq" mono>
              {entry.seq}
            </Row>
            <Row label="Time">
              {formatUtc(entry.at)} <span className="font-mono text-xs text-slate-500">({entry.at})</span>
            </Row>
            <Row label="Actor">
              <ActorCell actor={entry.actor} />
              {entry.actor.id !== null ? <span className="ml-2 text-xs text-slate-500">account #{entry.actor.id}</span> : null}
            </Row>
            <Row label="Action" mono>
              {entry.action}
            </Row>
            <Row label="Target">{formatTarget(entry.target)}</Row>
            <Row label="Outcome">
              <span className="inline-flex flex-wrap items-center gap-2">
                <OutcomeBadge outcome={entry.outcome} />
                <span className="text-slate-700">{outcomeStyle(entry.outcome).description}</span>
              </span>
            </Row>
            <Row label="Address" mono>
              {entry.ip ?? "—"}
            </Row>
            <Row label="Previous hash" mono>
              {entry.prevHash}
            </Row>
            <Row label="Hash" mono>
              <span data-testid="entry-hash">{entry.hash}</span>
            </Row>
          </dl>
        </section>

        <section aria-labelledby="pair-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="pair-heading" className="text-base font-semibold text-slate-900">
            Intent and outcome
          </h2>
          <div className="mt-2 space-y-2 text-sm text-slate-800">
            {intent ? (
              <p>
                This is the outcome of intent <EntryLink entry={intent} />.
              </p>
            ) : null}
            {outcomes.length > 0 ? (
              <div>
                <p>{outcomes.length === 1 ? "Its outcome:" : "Its outcomes:"}</p>
                <ul className="mt-1 list-disc pl-5">
                  {outcomes.map((o) => (
                    <li key={o.seq}>
                      <EntryLink entry={o} />
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {entry.outcome === "requested" && outcomes.length === 0 ? (
              <Notice tone="warning">
                No outcome is recorded for this request yet. Either the call to Sectigo is still running, or the portal stopped
                before recording it; in that case the next start asks Sectigo and records what happened.
              </Notice>
            ) : null}
            {!intent && entry.outcome !== "requested" ? <p className="text-slate-600">This entry stands alone: it is not part of an intent/outcome pair.</p> : null}
          </div>
        </section>

        <section aria-labelledby="details-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="details-heading" className="text-base font-semibold text-slate-900">
            Details
          </h2>
          <pre data-testid="entry-details" className="mt-2 max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-3 font-mono text-xs text-slate-900 ring-1 ring-slate-200">
            {prettyDetails(entry.details)}
          </pre>
        </section>
      </div>
    </>
  );
}
