// The certificate's status: validity, revocation (when, why, by whom), profile and batch,
// what Sectigo's find said, a failed revocation request, and the live checks.
import Link from "next/link";
import { focusRing } from "@/app/_components/ui/button";
import type { CertificateDetailDto } from "@/lib/inventory";
import type { RevocationPreviewItem } from "@/lib/revocation/preview";
import { CheckCrl } from "../../_components/check-crl";
import { CheckWithSectigo } from "../../_components/check-with-sectigo";
import { RevokeDialog, type SingleRevokePolicy } from "../../_components/revoke-dialog";
import { StatusBadge } from "../../_components/status-badge";
import { daysUntil, formatUtcMinute, lostAnswerText, reasonText, relativeDays } from "../../_lib/display";
import { Row, Section } from "./section";

/** The revocation Sectigo may or may not have done, in words for the Check with Sectigo panel. */
function unsettledRequest(detail: CertificateDetailDto) {
  return detail.unsettled
    ? {
        requestedAt: formatUtcMinute(detail.unsettled.requestedAt),
        requestedBy: detail.unsettled.requestedBy?.email ?? null,
        reason: reasonText(detail.unsettled.reasonCode),
        whatHappened: lostAnswerText(detail.unsettled.error),
      }
    : null;
}

/** A revocation request naming this certificate, waiting for a second person. */
export interface PendingRequest {
  id: number;
  requestedAt: string;
  expiresAt: string;
}

/** `preview` is set for the roles that may revoke; `pending` replaces the revoke button while a request waits. */
export function StatusSection({
  detail,
  preview,
  canRevoke,
  pending,
  policy,
}: {
  detail: CertificateDetailDto;
  preview: RevocationPreviewItem | undefined;
  canRevoke: boolean;
  pending: PendingRequest | null;
  policy: SingleRevokePolicy;
}) {
  const days = daysUntil(detail.notAfter);
  const lastAttempt = detail.status !== "revoked" ? detail.revocations[0] : undefined;
  const unsettled = unsettledRequest(detail);
  return (
    <Section id="status-heading" title="Status" actions={preview ? <RevokeDialog item={preview} policy={policy} waiting={pending !== null} /> : null}>
      {pending ? (
        <p className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="pending-request">
          Revocation requested {formatUtcMinute(pending.requestedAt)}, waiting for a second person (request #{pending.id}, expires {formatUtcMinute(pending.expiresAt)}).{" "}
          <Link href="/approvals" className={`font-medium underline ${focusRing}`}>
            Open Approvals
          </Link>
        </p>
      ) : null}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
        <Row label="Status">
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge status={detail.status} />
            {detail.status !== "revoked" && days !== null ? (
              <span className="text-slate-700">{days >= 0 ? `expires ${relativeDays(days)}` : `expired ${relativeDays(days)}`}</span>
            ) : null}
            {detail.status === "unknown" ? (
              <span className="text-slate-700" data-testid="expiry-unknown">
                expiry unknown: without a copy of the certificate the portal cannot tell whether it is still valid
              </span>
            ) : null}
          </span>
        </Row>
        {detail.revocation ? (
          <>
            <Row label="Revoked at">{formatUtcMinute(detail.revocation.revokedAt)}</Row>
            <Row label="Reason">
              <span data-testid="revocation-reason">{reasonText(detail.revocation.reasonCode, detail.revocation.reasonLabel)}</span>
            </Row>
            <Row label="Revoked by">{detail.revocation.revokedBy?.email ?? "unknown (not revoked through the portal, or the account is gone)"}</Row>
          </>
        ) : null}
        <Row label="Not before">{formatUtcMinute(detail.notBefore)}</Row>
        <Row label="Not after">{formatUtcMinute(detail.notAfter)}</Row>
        <Row label="Profile">{detail.profileName ? `${detail.profileName}${detail.profileId !== null ? ` (${detail.profileId})` : ""}` : "unknown"}</Row>
        <Row label="Batch">
          {detail.batch ? (
            <Link href={`/batches/${detail.batch.id}`} prefetch={false} className={`rounded text-blue-800 underline underline-offset-2 ${focusRing}`}>
              Batch {detail.batch.id}
              {detail.batch.sectigoBatchId !== null ? ` (Sectigo ${detail.batch.sectigoBatchId})` : ""} — {detail.batch.batchName}
            </Link>
          ) : (
            "not issued through the portal"
          )}
        </Row>
        {detail.sectigoStatus || detail.sectigoCreatedAt || detail.sectigoDeviceId ? (
          <Row label="Sectigo's find said">
            <span data-testid="sectigo-said" className="[overflow-wrap:anywhere]">
              status {detail.sectigoStatus ?? "not given"}
              {detail.sectigoCreatedAt ? `; created ${formatUtcMinute(detail.sectigoCreatedAt)}` : ""}
              {detail.sectigoDeviceId ? `; device id ${detail.sectigoDeviceId}` : ""}
            </span>
          </Row>
        ) : null}
        {lastAttempt && lastAttempt.outcome === "failed" ? (
          <Row label="Last revocation request">
            <span data-testid="last-revocation" className="[overflow-wrap:anywhere]">
              failed on {formatUtcMinute(lastAttempt.completedAt ?? lastAttempt.requestedAt)}
              {lastAttempt.error && /revoke it again/.test(lastAttempt.error) ? ` — ${lastAttempt.error}` : " — the certificate was not revoked."}
            </span>
          </Row>
        ) : null}
      </dl>
      {!canRevoke ? <p className="mt-3 text-xs text-slate-600">Your role may read this certificate but not revoke it.</p> : null}
      <CheckWithSectigo serial={detail.serial} unsettled={unsettled} canCheck={canRevoke} />
      <div className="mt-4 border-t border-slate-200 pt-4">
        <CheckCrl serial={detail.serial} />
      </div>
    </Section>
  );
}
