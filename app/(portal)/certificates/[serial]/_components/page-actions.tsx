// The certificate page's header links: Reissue (for those who may start batches; never for
// a revoked certificate), the PEM downloads (when the portal holds the certificate) and the
// way back to the search.
import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import type { CertificateDetailDto } from "@/lib/inventory";

export function PageActions({ detail, canReissue }: { detail: Pick<CertificateDetailDto, "serial" | "pem" | "fullChainPem" | "chain" | "reissue">; canReissue: boolean }) {
  const pemBase = `/api/certificates/${encodeURIComponent(detail.serial)}/pem`;
  // Once a replacement exists or is on its way, another reissue is the exception, not the next step.
  const reissueVariant = detail.reissue.state === "none" ? "primary" : "secondary";
  return (
    <>
      {canReissue ? (
        <Link href={`/certificates/${encodeURIComponent(detail.serial)}/reissue`} prefetch={false} className={buttonClasses(reissueVariant, "sm")} data-testid="reissue-link">
          Reissue
        </Link>
      ) : null}
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
  );
}
