// CSR upload (csr.upload): paste or choose PEM CSRs, preview each, submit the valid ones.
// The size cap is the server's own (lib/pki), shown here as it is enforced there.
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { PageHeader } from "@/app/_components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { describeSize, MAX_CSR_UPLOAD_BYTES } from "@/lib/pki/pem";
import { PROFILES } from "@/lib/sectigo/profiles";
import { CsrUpload } from "./_components/csr-upload";

export const metadata: Metadata = { title: "Upload CSRs" };
export const dynamic = "force-dynamic";

const PROFILE_OPTIONS = PROFILES.map((p) => ({ value: String(p.id), label: `${p.name} (profile ${p.id}, ${p.network})` }));

export default async function UploadCsrsPage() {
  await requirePermission("csr.upload", "/batches/upload");
  return (
    <>
      <PageHeader
        title="Upload CSRs"
        description={`Issue certificates for keys the VASPs keep themselves: upload their certificate signing requests, one or many PEM CSRs in one text (up to ${describeSize(MAX_CSR_UPLOAD_BYTES)}). Each is checked before anything is sent to Sectigo.`}
        actions={
          <Link href="/batches" prefetch={false} className={buttonClasses("secondary", "sm")}>
            All batches
          </Link>
        }
      />
      <CsrUpload maxBytes={MAX_CSR_UPLOAD_BYTES} maxLabel={describeSize(MAX_CSR_UPLOAD_BYTES)} profiles={PROFILE_OPTIONS} />
    </>
  );
}
