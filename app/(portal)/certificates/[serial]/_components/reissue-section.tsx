// The certificate's reissue links: what it replaces, what replaces it, a reissue still in
// flight, and — once the replacement is in the inventory — the way to revoke this one as
// superseded, through the same revoke dialog (and approvals) as any revocation.
import Link from "next/link";
import { focusRing } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import type { CertificateDetailDto } from "@/lib/inventory";
import type { RevocationPreviewItem } from "@/lib/revocation/preview";
import { RevokeDialog, type SingleRevokePolicy } from "../../_components/revoke-dialog";
import { Row, Section } from "./section";

/** RFC 5280 CRLReason superseded: what revoking a replaced certificate is. */
export const SUPERSEDED = "4";

const linkClass = `rounded text-blue-800 underline underline-offset-2 ${focusRing}`;

export function CertificateRefLink({ serial, commonName, testId }: { serial: string; commonName: string | null; testId: string }) {
  return (
    <Link href={`/certificates/${encodeURIComponent(serial)}`} prefetch={false} className={linkClass} data-testid={testId}>
      {commonName ?? "a certificate no longer in the inventory"} <span className="break-all font-mono text-xs">({serial})</span>
    </Link>
  );
}

export interface SupersededRevoke {
  item: RevocationPreviewItem;
  policy: SingleRevokePolicy;
  /** a revocation request for it already waits for a second person */
  waiting: boolean;
}

/** Nothing when there is no link and no reissue to offer. `revoke` is set for the roles that may revoke. */
export function ReissueSection({ detail, revoke }: { detail: Pick<CertificateDetailDto, "reissue" | "status">; revoke: SupersededRevoke | null }) {
  const { replaces, replacedBy, inProgress, state } = detail.reissue;
  const inFlight = state === "in-progress" ? inProgress : [];
  if (!replaces && replacedBy.length === 0 && inFlight.length === 0) return null;
  // The dialog stays mounted once it revoked, so its result is still shown after the page refreshes.
  const revokable = state === "replaced" && revoke !== null ? revoke : null;
  const offerRevoke = revokable !== null && detail.status !== "revoked" && !revokable.item.alreadyRevoked;
  return (
    <Section id="reissue-heading" title="Reissue">
      {inFlight.length > 0 ? (
        <p className="mb-3 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-950" data-testid="replacement-in-progress">
          Replacement in progress:{" "}
          {inFlight.map((b, i) => (
            <span key={b.id}>
              {i > 0 ? ", " : ""}
              <Link href={`/batches/${b.id}`} prefetch={false} className={linkClass}>
                batch #{b.id}
              </Link>{" "}
              ({b.state})
            </span>
          ))}
          . The new certificate is linked here once it is downloaded.
        </p>
      ) : null}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
        {replaces ? (
          <Row label="Replaces">
            <CertificateRefLink serial={replaces.serial} commonName={replaces.commonName} testId="replaces-link" />
          </Row>
        ) : null}
        {replacedBy.length > 0 ? (
          <Row label="Replaced by">
            <ul className="flex flex-col gap-1">
              {replacedBy.map((c) => (
                <li key={c.serial}>
                  <CertificateRefLink serial={c.serial} commonName={c.commonName} testId="replaced-by-link" />
                </li>
              ))}
            </ul>
          </Row>
        ) : null}
      </dl>
      {revokable ? (
        <div className={offerRevoke ? "mt-4 flex flex-col gap-3 border-t border-slate-200 pt-4" : ""} data-testid="revoke-superseded">
          {offerRevoke ? (
            <p className="text-sm text-slate-700">
              {revokable.waiting
                ? "A revocation request for this certificate is waiting for a second person on the Approvals page."
                : "The replacement is issued. Once the VASP has installed it, revoke this certificate as superseded so it cannot be used any longer."}
            </p>
          ) : null}
          <div>
            <RevokeDialog item={revokable.item} policy={revokable.policy} waiting={revokable.waiting} reason={SUPERSEDED} label="Revoke the old certificate (superseded)" />
          </div>
        </div>
      ) : null}
    </Section>
  );
}

/** A notice for a revoked certificate: it is not reissued, and why. */
export function NotReissuableNotice({ message }: { message: string }) {
  return (
    <Notice tone="info" title="Not reissued" testId="not-reissuable">
      {message}
    </Notice>
  );
}
