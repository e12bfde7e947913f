// A reissue batch names the certificate it replaces; once its certificate is downloaded and
// indexed, it offers to revoke the old one as superseded, through the same revoke dialog
// (and approvals) as the certificate page.
import Link from "next/link";
import { focusRing } from "@/app/_components/ui/button";
import type { BatchDetailDto } from "@/lib/issuance";
import { RevokeDialog } from "@/app/(portal)/certificates/_components/revoke-dialog";
import { SUPERSEDED, type SupersededRevoke } from "@/app/(portal)/certificates/[serial]/_components/reissue-section";

export function ReissueOf({ reissueOf, indexed, revoke }: { reissueOf: NonNullable<BatchDetailDto["reissueOf"]>; indexed: boolean; revoke: SupersededRevoke | null }) {
  // The dialog stays mounted once it revoked, so its result is still shown after the page refreshes.
  const revokable = indexed && revoke !== null ? revoke : null;
  const offer = revokable !== null && !reissueOf.revoked && !revokable.item.alreadyRevoked;
  return (
    <section aria-labelledby="reissue-of-heading" className="flex flex-col gap-3 rounded-lg border border-blue-200 bg-blue-50 p-4 text-sm text-blue-950" data-testid="reissue-of">
      <h2 id="reissue-of-heading" className="font-semibold">
        Reissue of{" "}
        <Link href={`/certificates/${encodeURIComponent(reissueOf.serial)}`} prefetch={false} className={`rounded underline underline-offset-2 ${focusRing}`} data-testid="reissue-of-link">
          {reissueOf.commonName ?? "a certificate no longer in the inventory"} <span className="break-all font-mono text-xs font-normal">({reissueOf.serial})</span>
        </Link>
      </h2>
      <p>
        {reissueOf.revoked
          ? "The old certificate is revoked."
          : !indexed
            ? "The old certificate stays valid. Once this batch's certificate is downloaded, you can revoke the old one as superseded here or on its page."
            : offer && revokable.waiting
              ? "A revocation request for the old certificate is waiting for a second person on the Approvals page."
              : "The new certificate is downloaded. Once the VASP has installed it, revoke the old one as superseded."}
      </p>
      {revokable ? (
        <div>
          <RevokeDialog item={revokable.item} policy={revokable.policy} waiting={revokable.waiting} reason={SUPERSEDED} label="Revoke the old certificate (superseded)" />
        </div>
      ) : null}
    </section>
  );
}
