// What the portal does not know about the certificate, and why (it only heard of it from
// Sectigo's find, or it has no copy of the certificate itself).
import { Notice } from "@/app/_components/ui/notice";
import type { CertificateDetailDto } from "@/lib/inventory";

export function UnknownFactsNotice({ detail }: { detail: Pick<CertificateDetailDto, "knownOnlyFromFind" | "missing"> }) {
  if (!detail.knownOnlyFromFind && detail.missing.length === 0) return null;
  return (
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
  );
}
