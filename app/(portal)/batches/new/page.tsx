// New single certificate (batches.create). The authorities, balances and the subject
// fields each profile requires are read from Sectigo on every visit; if that fails the page
// says so instead of offering a form that cannot work.
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import { requirePermission } from "@/lib/auth/session";
import { loadAuthorities } from "./_lib/load-authorities";
import { NewCertificate } from "./_components/new-certificate-form";

export const metadata: Metadata = { title: "New certificate" };
export const dynamic = "force-dynamic";

export default async function NewCertificatePage() {
  await requirePermission("batches.create", "/batches/new");
  const loaded = await loadAuthorities("/batches/new");
  return (
    <>
      <PageHeader
        title="New certificate"
        description="Issue one TRISA identity certificate. Sectigo generates the key pair and returns it in a password-protected PKCS#12 file; the password is shown to you once, right after you submit."
        actions={
          <Link href="/batches" prefetch={false} className={buttonClasses("secondary", "sm")}>
            All batches
          </Link>
        }
      />
      {"error" in loaded ? (
        <Notice tone="error" title="The authorities could not be read from Sectigo">
          <p>{loaded.error}</p>
          <p className="mt-2">
            <Link href="/batches/new" prefetch={false} className="font-medium underline">
              Try again
            </Link>
          </p>
        </Notice>
      ) : loaded.options.length === 0 ? (
        <Notice tone="warning" title="This Sectigo account has no authority">
          Certificates are issued under an authority. Ask Sectigo to assign one to the account, then come back.
        </Notice>
      ) : (
        <NewCertificate authorities={loaded.options} />
      )}
    </>
  );
}
