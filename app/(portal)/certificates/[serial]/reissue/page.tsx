// Reissue one certificate (batches.create; a CSR reissue also csr.upload). A certificate from
// a CSR batch asks for the VASP's new CSR; any other gets the new-certificate form prefilled
// with its common name, DNS names, profile's authority and subject, all editable. Either way
// the ordinary issuance path starts a batch that names the old serial. A revoked certificate
// is refused with the reason, before any form is shown (the server refuses it again).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClasses } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import { hasCode } from "@/lib/errors";
import { reissuePlan, type IssuingAuthorityDto, type ReissuePlan } from "@/lib/issuance";
import { describeSize, MAX_CSR_UPLOAD_BYTES } from "@/lib/pki/pem";
import { findProfile } from "@/lib/sectigo/profiles";
import { NewCertificate, type NewCertificateValues } from "@/app/(portal)/batches/new/_components/new-certificate-form";
import { loadAuthorities } from "@/app/(portal)/batches/new/_lib/load-authorities";
import { formatUtcMinute, serialWithColons } from "../../_lib/display";
import { ReissueCsrForm } from "./_components/reissue-csr-form";

export const metadata: Metadata = { title: "Reissue certificate" };
export const dynamic = "force-dynamic";

function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The authority to start on: the old batch's, else the first usable one of the same profile. */
function startingAuthority(plan: ReissuePlan, authorities: readonly IssuingAuthorityDto[]): number | undefined {
  const usable = authorities.filter((a) => a.enabled && a.supported && (a.balance === null || a.balance > 0));
  return (usable.find((a) => a.authorityId === plan.authorityId) ?? usable.find((a) => a.profileId === plan.profileId))?.authorityId;
}

function initialValues(plan: ReissuePlan, authorityId: number | undefined): Partial<NewCertificateValues> {
  return {
    ...(authorityId !== undefined ? { authorityId: String(authorityId) } : {}),
    commonName: plan.commonName,
    dnsNames: plan.extraDnsNames.join("\n"),
    batchName: `reissue of ${plan.commonName}`,
    ...plan.subject,
  };
}

async function SingleReissue({ plan }: { plan: ReissuePlan }) {
  const loaded = await loadAuthorities("/certificates/[serial]/reissue");
  if ("error" in loaded) {
    return (
      <Notice tone="error" title="The authorities could not be read from Sectigo">
        {loaded.error}
      </Notice>
    );
  }
  const authorityId = startingAuthority(plan, loaded.authorities);
  const profile = plan.profileId !== null ? findProfile(plan.profileId) : undefined;
  return (
    <>
      {authorityId === undefined && plan.profileId !== null ? (
        <Notice tone="warning" title="No authority of the same profile can issue">
          The certificate was issued under {profile?.name ?? `profile ${plan.profileId}`}; no authority of that profile can issue right now. Choose another one, or ask Sectigo for
          balance.
        </Notice>
      ) : null}
      <NewCertificate authorities={loaded.options} reissue={{ serial: plan.serial, initial: initialValues(plan, authorityId) }} />
    </>
  );
}

export default async function ReissuePage({ params }: { params: Promise<{ serial: string }> }) {
  const serialParam = segment((await params).serial);
  const back = `/certificates/${encodeURIComponent(serialParam)}`;
  const user = await requirePermission("batches.create", `${back}/reissue`);
  let plan: ReissuePlan;
  try {
    plan = reissuePlan(getDb(), serialParam);
  } catch (err) {
    if (hasCode(err, "NOT_FOUND")) notFound();
    if (!hasCode(err, "NOT_REISSUABLE")) throw err;
    return (
      <>
        <PageHeader title="Reissue certificate" />
        <Notice tone="error" title="This certificate cannot be reissued" testId="not-reissuable">
          <p>{err.userMessage}</p>
          <p className="mt-2">
            <Link href={back} prefetch={false} className="font-medium underline">
              Back to the certificate
            </Link>
          </p>
        </Notice>
      </>
    );
  }
  const profile = plan.profileId !== null ? (findProfile(plan.profileId)?.name ?? `profile ${plan.profileId}`) : "its profile";
  const mayUpload = can(user.role, "csr.upload");
  return (
    <>
      <PageHeader
        title={`Reissue ${plan.commonName}`}
        description={
          <>
            A new certificate replacing serial <span className="break-all font-mono">{serialWithColons(plan.serial)}</span>. The old one stays valid until you revoke it; once the new one
            is downloaded, its page offers to revoke it as superseded.
          </>
        }
        actions={
          <Link href={back} prefetch={false} className={buttonClasses("secondary", "sm")}>
            Back to the certificate
          </Link>
        }
      />
      <div className="flex flex-col gap-4">
        {plan.expired ? <Notice tone="info">This certificate has expired; the reissue gives the VASP a new one with a fresh validity period.</Notice> : null}
        {plan.inProgress.length > 0 ? (
          <Notice tone="warning" title="A replacement is already in progress" testId="reissue-in-progress">
            Batch{" "}
            {plan.inProgress.map((b, i) => (
              <span key={b.id}>
                {i > 0 ? ", " : ""}
                <Link href={`/batches/${b.id}`} prefetch={false} className="underline">
                  #{b.id}
                </Link>{" "}
                ({b.state}, created {formatUtcMinute(b.createdAt)})
              </span>
            ))}{" "}
            already reissues this certificate. Reissuing again makes a second replacement.
          </Notice>
        ) : null}
        {plan.replacedBy.length > 0 ? (
          <Notice tone="warning" title="Already replaced">
            {plan.replacedBy.length === 1 ? "A certificate already replaces this one" : `${plan.replacedBy.length} certificates already replace this one`}: see its page. Reissuing
            again makes another replacement.
          </Notice>
        ) : null}
        {plan.kind === "csr" ? (
          mayUpload ? (
            <ReissueCsrForm serial={plan.serial} commonName={plan.commonName} profile={profile} maxBytes={MAX_CSR_UPLOAD_BYTES} maxLabel={describeSize(MAX_CSR_UPLOAD_BYTES)} />
          ) : (
            <Notice tone="info">This certificate came from a CSR, so its reissue needs a new CSR, and your role may not upload CSRs.</Notice>
          )
        ) : (
          <SingleReissue plan={plan} />
        )}
      </div>
    </>
  );
}
