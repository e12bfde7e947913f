// One certificate (every role: certificates.read): every decoded field, PEM and chain
// downloads, status with revocation time, reason and who revoked, its batch, its history
// from the audit log, and a live check against the published CRL. Operators and admins
// get the Revoke dialog; those who may start batches, Reissue. Its reissue links (replaces /
// replaced by) and, once replaced, "revoke as superseded". The permission is checked here on every request.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import { getCertificateDetail } from "@/lib/inventory";
import { notesOf } from "@/lib/notes/notes";
import { previewRevocation } from "@/lib/revocation";
import { fourEyesPolicy } from "@/lib/revocation/four-eyes-policy";
import { pendingRequestFor } from "@/lib/revocation/requests";
import { NotesSection } from "@/app/(portal)/_notes/notes-section";
import { HistoryTable } from "../_components/history-table";
import { serialWithColons } from "../_lib/display";
import { CertificateSection } from "./_components/certificate-section";
import { ChainSection } from "./_components/chain-section";
import { PageActions } from "./_components/page-actions";
import { ReissueSection } from "./_components/reissue-section";
import { Section } from "./_components/section";
import { StatusSection } from "./_components/status-section";
import { UnknownFactsNotice } from "./_components/unknown-facts-notice";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ serial: string }> }): Promise<Metadata> {
  const { serial } = await params;
  return { title: `Certificate ${segment(serial).slice(0, 40)}` };
}

/** The route segment as text; a malformed %-escape is kept as typed (it then matches nothing). */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
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
  const fourEyes = fourEyesPolicy(db);
  const policy = { request: fourEyes.single, emergencyKeyCompromise: fourEyes.emergencyKeyCompromise };
  const waiting = pendingRequestFor(db, detail.serial);
  const pending = waiting ? { id: waiting.id, requestedAt: waiting.requestedAt, expiresAt: waiting.expiresAt } : null;
  const canReissue = can(user.role, "batches.create") && detail.status !== "revoked";

  return (
    <>
      <PageHeader
        title={detail.commonName}
        description={
          <>
            Serial <span className="break-all font-mono">{serialWithColons(detail.serial)}</span>
          </>
        }
        actions={<PageActions detail={detail} canReissue={canReissue} />}
      />
      <div className="space-y-4">
        <UnknownFactsNotice detail={detail} />

        <ReissueSection detail={detail} revoke={preview ? { item: preview, policy, waiting: pending !== null } : null} />

        <StatusSection detail={detail} preview={preview} canRevoke={canRevoke} pending={pending} policy={policy} />

        <CertificateSection detail={detail} />

        <ChainSection chain={detail.chain} />

        <NotesSection subject="certificate" subjectId={detail.serial} notes={notesOf(db, "certificate", detail.serial)} canWrite={can(user.role, "notes.write")} />

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
