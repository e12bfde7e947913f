// One certificate (every role: certificates.read): every decoded field, PEM and chain
// downloads, status with revocation time, reason and who revoked, its batch, its history
// from the audit log, and a live check against the published CRL. Operators and admins
// get the Revoke dialog. The permission is checked here on every request.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { buttonClasses, focusRing } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import { getCertificateDetail } from "@/lib/inventory";
import { serialToDecimal } from "@/lib/pki";
import { previewRevocation } from "@/lib/revocation";
import { CheckCrl } from "../_components/check-crl";
import { CheckWithSectigo } from "../_components/check-with-sectigo";
import { DecodedFields } from "../_components/decoded-fields";
import { HistoryTable } from "../_components/history-table";
import { RevokeDialog } from "../_components/revoke-dialog";
import { StatusBadge } from "../_components/status-badge";
import { daysUntil, formatUtcMinute, lostAnswerText, reasonText, relativeDays, serialWithColons } from "../_lib/display";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ serial: string }> }): Promise<Metadata> {
  const { serial } = await params;
  return { title: `Certificate ${segment(serial).slice(0, 40)}` };
}

function Section({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="pt-2 text-sm font-medium text-slate-600 sm:pt-0">{label}</dt>
      <dd className="min-w-0 break-words text-sm text-slate-900">{children}</dd>
    </>
  );
}

/** The route segment as text; a malformed %-escape is kept as typed (it then matches nothing). */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function safeDecimal(hex: string): string | null {
  try {
    return serialToDecimal(hex);
  } catch {
    return null;
  }
}

export default async function CertificatePage({ params }: { params: Promise<{ serial: string }> }) {
  const { serial: raw } = await params;
  const serialParam = segment(raw);
  const user = await requirePermission("certificates.read", `/certificates/${encodeURIComponent(serialParam)}`);
  const db = getDb();
  const detail = getCertificateDetail(db, serialParam);
  if (!detail) notFound();

  const canRevoke = can(user.role, "certificates.revoke");
  const preview = canRevoke ? previewRevocation(db, [detail.serial]).items[0] : undefined;
  const days = daysUntil(detail.notAfter);
  const pemBase = `/api/certificates/${encodeURIComponent(detail.serial)}/pem`;
  const lastAttempt = detail.status !== "revoked" ? detail.revocations[0] : undefined;
  const unsettled = detail.unsettled
    ? {
        requestedAt: formatUtcMinute(detail.unsettled.requestedAt),
        requestedBy: detail.unsettled.requestedBy?.email ?? null,
        reason: reasonText(detail.unsettled.reasonCode),
        whatHappened: lostAnswerText(detail.unsettled.error),
      }
    : null;

  return (
    <>
      <PageHeader
        title={detail.commonName}
        description={
          <>
            Serial <span className="break-all font-mono">{serialWithColons(detail.serial)}</span>
          </>
        }
        actions={
          <>
            {detail.pem ? (
              <>
                <a href={pemBase} download className={buttonClasses("secondary", "sm")}>
                  Download PEM
                </a>
                {detail.fullChainPem && detail.chain.length > 0 ? (
                  <a href={`${pemBase}?chain=1`} download className={buttonClasses("secondary", "sm")}>
                    Download PEM with chain
                  </a>
                ) : null}
              </>
            ) : null}
            <Link href="/certificates" prefetch={false} className={buttonClasses("ghost", "sm")}>
              Back to the search
            </Link>
          </>
        }
      />
      <div className="space-y-4">
        {detail.knownOnlyFromFind || detail.missing.length > 0 ? (
          <Notice tone="warning" title={detail.knownOnlyFromFind ? "Known only from Sectigo's find" : "Some facts are unknown"} testId="unknown-fields">
            <p>
              {detail.knownOnlyFromFind
                ? "The portal did not issue or download this certificate; Sectigo's find told it the serial, the subject, a status, a creation date and a device id. Unknown here:"
                : "The portal does not know:"}
            </p>
            <ul className="mt-1 list-disc pl-5">
              {detail.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </Notice>
        ) : null}

        <Section id="status-heading" title="Status" actions={preview ? <RevokeDialog item={preview} /> : null}>
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

        <Section id="fields-heading" title="Certificate">
          {detail.decoded ? (
            <DecodedFields info={detail.decoded} serialDecimal={safeDecimal(detail.serial)} />
          ) : detail.decodeError ? (
            <Notice tone="error" title="The stored certificate could not be decoded">
              {detail.decodeError}
            </Notice>
          ) : (
            <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
              <Row label="Subject">{detail.subjectDn ?? detail.commonName}</Row>
              <Row label="Serial">
                <span className="break-all font-mono text-xs">{detail.serial}</span>
              </Row>
              <Row label="DNS names">{detail.dnsNames.length > 0 ? detail.dnsNames.join(", ") : "unknown"}</Row>
              <Row label="Other fields">unknown — the portal has no copy of the certificate itself.</Row>
            </dl>
          )}
        </Section>

        {detail.chain.length > 0 ? (
          <Section id="chain-heading" title="Chain">
            <ol className="space-y-2 text-sm">
              {detail.chain.map((c, i) => (
                <li key={`${c.serial}-${i}`} className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
                  <p className="break-words font-medium text-slate-900">{c.subject}</p>
                  <p className="break-words text-slate-700">issued by {c.issuer}</p>
                  <p className="break-all font-mono text-xs text-slate-600">
                    serial {c.serial} · valid until {formatUtcMinute(c.notAfter)}
                  </p>
                </li>
              ))}
            </ol>
          </Section>
        ) : null}

        <Section id="history-heading" title="History">
          {detail.history.length > 0 ? (
            <HistoryTable entries={detail.history} linkToAudit={can(user.role, "audit.read")} />
          ) : (
            <p className="text-sm text-slate-700">The audit log holds no entry about this certificate yet.</p>
          )}
        </Section>
      </div>
    </>
  );
}
