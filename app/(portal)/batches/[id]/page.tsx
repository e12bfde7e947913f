// One batch (batches.read): live state and progress, Sectigo's processing info and reject
// reason, the ZIP download (batches.download), the certificates it produced and its history
// from the audit log. Every value a person or the CA wrote is rendered as React text.
// A create whose outcome is unknown gets the two ways to settle it, a failed one Retry
// (both batches.create, checked here and again in the actions). Only what can work is
// offered: no ZIP link for a batch with a revoked certificate (Sectigo refuses it). A reissue
// names the certificate it replaces and, once indexed, offers to revoke that one as superseded.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatTime } from "@/app/_components/format";
import { buttonClasses } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import type { AuditEntry } from "@/lib/audit/types";
import { previewRevocation } from "@/lib/revocation";
import { fourEyesPolicy } from "@/lib/revocation/four-eyes-policy";
import { pendingRequestFor } from "@/lib/revocation/requests";
import type { SupersededRevoke } from "@/app/(portal)/certificates/[serial]/_components/reissue-section";
import { csrNotKeptMessage, getBatchDetail, isResolvableRow, isRetryableRow, MIN_REASON_LENGTH, revokedZipMessage, type BatchDetailDto } from "@/lib/issuance";
import { notesOf } from "@/lib/notes/notes";
import { NotesSection } from "@/app/(portal)/_notes/notes-section";
import { canOfferZip, kindLabel } from "../_lib/batch-view";
import { parseDetailNotices, uploadSummary } from "../_lib/detail-notices";
import type { SearchParams } from "@/app/_lib/url-filters";
import { toProgressView } from "../_lib/progress";
import { BatchCertificates } from "./_components/batch-certificates";
import { BatchHistory } from "./_components/batch-history";
import { LiveBatchStatus } from "./_components/live-batch-status";
import { ReissueOf } from "./_components/reissue-of";
import { RetryCreate } from "./_components/retry-create";
import { SettleUnknown } from "./_components/settle-unknown";

export const metadata: Metadata = { title: "Batch" };
export const dynamic = "force-dynamic";

function parseId(text: string): number | null {
  return /^\d{1,12}$/.test(text) && Number(text) > 0 ? Number(text) : null;
}

function Facts({ batch }: { batch: BatchDetailDto }) {
  const rows: [string, string][] = [
    ["Kind", kindLabel(batch.kind)],
    ["Sectigo batch", batch.sectigoBatchId !== null ? String(batch.sectigoBatchId) : "Not assigned yet"],
    ["Profile", batch.profileName ? `${batch.profileName}${batch.profileId !== null ? ` (${batch.profileId})` : ""}` : "—"],
    ["Authority", batch.authorityId !== null ? String(batch.authorityId) : "—"],
    ["Common name", batch.commonName ?? "—"],
    ["DNS names", batch.dnsNames.length > 0 ? batch.dnsNames.join(", ") : "—"],
    ["Size", batch.size !== null ? String(batch.size) : "—"],
    ["Created", `${formatTime(batch.createdAt)} by ${batch.createdBy?.email ?? "system"}`],
    ["Downloaded", formatTime(batch.downloadedAt, "Not yet")],
    ["Indexed", formatTime(batch.indexedAt, "Not yet")],
  ];
  return (
    <section aria-labelledby="facts-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="facts-heading" className="mb-3 text-lg font-semibold text-slate-900">
        Details
      </h2>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-slate-600">{label}</dt>
            <dd className="mb-1 wrap-anywhere text-slate-900 sm:mb-0" data-testid={`fact-${label.toLowerCase().replaceAll(" ", "-")}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/**
 * The sentence of this person's latest failed ZIP download of this batch, as the download
 * route recorded it in the audit log; read from there rather than from the URL, so a
 * crafted link cannot put words of its own on the page.
 */
function ownDownloadFailure(history: AuditEntry[], userId: number): string | null {
  const entry = history.find((e) => e.action === "batch.download" && (e.outcome === "failed" || e.outcome === "unknown") && e.actor.id === userId);
  const text = entry?.details.userMessage;
  return typeof text === "string" && text !== "" ? text : null;
}

function downloadErrorSentence(code: string, fallback: string | null, batch: BatchDetailDto, userId: number, revoked: number): string | null {
  if (code === "NOT_DOWNLOADABLE" && revoked > 0) return revokedZipMessage(revoked);
  if (code === "SECTIGO_FAILED") return ownDownloadFailure(batch.history, userId) ?? fallback;
  return fallback;
}

function Settled({ batch }: { batch: BatchDetailDto }) {
  if (!batch.resolvedAt) return null;
  const who = `${batch.resolvedByEmail ?? "someone"} on ${formatTime(batch.resolvedAt)}`;
  if (batch.closed) {
    return (
      <Notice tone="info" title={`Closed by ${who}`} testId="batch-closed">
        <p>Settled as “Sectigo did not create it”. This batch is final and cannot be retried. The reason given:</p>
        <blockquote className="mt-1 border-l-2 border-blue-300 pl-3 break-words">{batch.resolutionNote}</blockquote>
      </Notice>
    );
  }
  return (
    <Notice tone="info" title={`Settled by ${who}`} testId="batch-settled">
      {batch.resolutionNote}
    </Notice>
  );
}

/** The revoke dialog's data for the certificate a reissue replaced, or null when it is not in the inventory. */
function supersededRevoke(serial: string): SupersededRevoke | null {
  const db = getDb();
  const item = previewRevocation(db, [serial]).items[0];
  if (!item) return null;
  const fourEyes = fourEyesPolicy(db);
  return { item, policy: { request: fourEyes.single, emergencyKeyCompromise: fourEyes.emergencyKeyCompromise }, waiting: pendingRequestFor(db, serial) !== undefined };
}

export default async function BatchDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { id } = await params;
  const user = await requirePermission("batches.read", `/batches/${encodeURIComponent(id)}`);
  const batchId = parseId(id);
  if (batchId === null) notFound();
  const batch = getBatchDetail(getDb(), batchId);
  if (!batch) notFound();
  const notices = parseDetailNotices(await searchParams);
  const revoked = batch.certificates.filter((c) => c.status === "revoked");
  const mayDownload = can(user.role, "batches.download");
  const offerZip = mayDownload && canOfferZip(batch) && revoked.length === 0;
  const mayAct = can(user.role, "batches.create");
  const view = toProgressView(batch);
  const supersede = batch.reissueOf && batch.state === "indexed" && can(user.role, "certificates.revoke") ? supersededRevoke(batch.reissueOf.serial) : null;
  const downloadError = notices.downloadErrorCode
    ? downloadErrorSentence(notices.downloadErrorCode, notices.downloadError, batch, user.id, revoked.length)
    : null;

  return (
    <>
      <PageHeader
        title={batch.batchName}
        description={`${kindLabel(batch.kind)} batch${batch.sectigoBatchId !== null ? ` ${batch.sectigoBatchId} at Sectigo` : ""}, created ${formatTime(batch.createdAt)}.`}
        actions={
          <>
            {offerZip ? (
              <a href={`/api/batches/${batch.id}/download`} className={buttonClasses("primary", "sm")} data-testid="download-zip">
                Download ZIP
              </a>
            ) : null}
            <Link href="/batches" prefetch={false} className={buttonClasses("secondary", "sm")}>
              All batches
            </Link>
          </>
        }
      />
      <div className="flex flex-col gap-6">
        {notices.upload ? <Notice tone="success">{uploadSummary(notices.upload)} The progress below updates by itself.</Notice> : null}
        {downloadError ? (
          <Notice tone="error" title="Download failed" testId="download-error">
            <span className="break-words">{downloadError}</span>
          </Notice>
        ) : null}
        {mayDownload && canOfferZip(batch) && revoked.length > 0 ? (
          <Notice tone="info" title="No ZIP download for this batch" testId="zip-refused">
            <p>{revokedZipMessage(revoked.length)}</p>
            <ul className="mt-1 list-disc pl-5">
              {revoked.slice(0, 20).map((c) => (
                <li key={c.serial}>
                  <Link href={`/certificates/${c.serial}`} prefetch={false} className="underline break-all">
                    {c.commonName}
                  </Link>{" "}
                  (revoked)
                </li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {offerZip ? (
          <p className="text-sm text-slate-600">
            The ZIP is fetched from Sectigo on each download, as long as Sectigo keeps it.
            {batch.kind === "single" ? " It holds the private key, protected by the PKCS#12 password shown when the certificate was requested." : ""}
          </p>
        ) : null}
        <LiveBatchStatus key={batch.updatedAt} initial={view} canCheck={mayAct} />
        {batch.reissueOf ? <ReissueOf reissueOf={batch.reissueOf} indexed={batch.state === "indexed"} revoke={supersede} /> : null}
        <Settled batch={batch} />
        {isResolvableRow(batch) ? (
          <SettleUnknown
            batchId={batch.id}
            batchName={batch.batchName}
            kind={batch.kind}
            profile={batch.profileName ? `${batch.profileName}${batch.profileId !== null ? ` (${batch.profileId})` : ""}` : "—"}
            createdAt={formatTime(batch.createdAt)}
            canSettle={mayAct}
            minReason={MIN_REASON_LENGTH}
          />
        ) : null}
        {mayAct && isRetryableRow(batch) ? (
          batch.kind === "single" || batch.csrKept ? (
            <RetryCreate batchId={batch.id} kind={batch.kind} commonName={batch.commonName ?? batch.batchName} />
          ) : (
            <Notice tone="info" title="No retry for this upload">
              {csrNotKeptMessage(batch.id)}
            </Notice>
          )
        ) : null}
        <Facts batch={batch} />
        <section aria-labelledby="certificates-heading" className="flex flex-col gap-3">
          <h2 id="certificates-heading" className="text-lg font-semibold text-slate-900">
            Certificates ({batch.certificates.length})
          </h2>
          {batch.certificates.length > 0 ? (
            <BatchCertificates items={batch.certificates} />
          ) : (
            <Notice tone="info">
              {batch.state === "unknown"
                ? "Certificates appear here once the batch is linked to the Sectigo batch the request made, and downloaded."
                : view.final
                  ? "This batch produced no certificate in the inventory."
                  : "The certificates appear here once the batch is downloaded and indexed."}
            </Notice>
          )}
        </section>
        <NotesSection subject="batch" subjectId={String(batch.id)} notes={notesOf(getDb(), "batch", String(batch.id))} canWrite={can(user.role, "notes.write")} />
        <section aria-labelledby="history-heading" className="flex flex-col gap-3">
          <h2 id="history-heading" className="text-lg font-semibold text-slate-900">
            History
          </h2>
          {batch.history.length > 0 ? (
            <BatchHistory entries={batch.history} linkEntries={can(user.role, "audit.read")} />
          ) : (
            <Notice tone="info">The audit log has no entry for this batch.</Notice>
          )}
        </section>
      </div>
    </>
  );
}
