// Every decoded field of the certificate; without a stored copy, the few facts the portal
// has and a sentence that the rest is unknown.
import { Notice } from "@/app/_components/ui/notice";
import type { CertificateDetailDto } from "@/lib/inventory";
import { serialToDecimal } from "@/lib/pki";
import { DecodedFields } from "../../_components/decoded-fields";
import { Row, Section } from "./section";

function safeDecimal(hex: string): string | null {
  try {
    return serialToDecimal(hex);
  } catch {
    return null;
  }
}

export function CertificateSection({ detail }: { detail: CertificateDetailDto }) {
  return (
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
  );
}
