// Every field lib/pki decodes from the certificate, as text (a subject such as
// CN=<img onerror=…> is escaped by React). Hex values are monospaced and may wrap anywhere.
import type { ReactNode } from "react";
import type { CertificateInfo } from "@/lib/pki/types";
import { formatUtcMinute, serialWithColons } from "../_lib/display";

function Row({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <>
      <dt className="pt-2 text-sm font-medium text-slate-600 sm:pt-0">{label}</dt>
      <dd className={`min-w-0 break-words text-sm text-slate-900 ${mono ? "break-all font-mono text-xs sm:text-sm" : ""}`}>{children}</dd>
    </>
  );
}

function List({ items, empty = "none", mono = false }: { items: readonly string[]; empty?: string; mono?: boolean }) {
  if (items.length === 0) return <span className="text-slate-500">{empty}</span>;
  return (
    <ul className={mono ? "space-y-0.5 break-all font-mono text-xs" : "space-y-0.5"}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

function keyText(info: CertificateInfo): string {
  const { algorithm, size, curve } = info.publicKey;
  return [algorithm, size ? `${size} bits` : null, curve ?? null].filter(Boolean).join(", ");
}

function constraintsText(bc: CertificateInfo["basicConstraints"]): string {
  if (!bc) return "not present";
  if (!bc.ca) return "CA: false (an end-entity certificate)";
  return `CA: true${bc.pathLength !== undefined ? `, path length ${bc.pathLength}` : ""}`;
}

export function DecodedFields({ info, serialDecimal }: { info: CertificateInfo; serialDecimal: string | null }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]" data-testid="decoded-fields">
      <Row label="Subject">{info.subject.text}</Row>
      <Row label="Issuer">{info.issuer.text}</Row>
      <Row label="Serial" mono>
        <span className="block">{info.serial}</span>
        <span className="block text-slate-600">{serialWithColons(info.serial)}</span>
        {serialDecimal ? <span className="block text-slate-600">decimal {serialDecimal}</span> : null}
      </Row>
      <Row label="DNS names (SAN)">
        <List items={info.dnsNames} empty="none — a TRISA certificate should name its host here" mono />
      </Row>
      {info.otherSans.length > 0 ? (
        <Row label="Other SANs">
          <List items={info.otherSans} mono />
        </Row>
      ) : null}
      <Row label="Valid from">{formatUtcMinute(info.notBefore)}</Row>
      <Row label="Valid until">{formatUtcMinute(info.notAfter)}</Row>
      <Row label="Public key">{keyText(info)}</Row>
      <Row label="Signature algorithm">{info.signatureAlgorithm}</Row>
      <Row label="Key usage">
        <List items={info.keyUsage} empty="not present" />
      </Row>
      <Row label="Extended key usage">
        <List items={info.extendedKeyUsage} empty="not present" />
      </Row>
      <Row label="Basic constraints">{constraintsText(info.basicConstraints)}</Row>
      <Row label="Subject key id" mono>
        {info.subjectKeyId ?? "not present"}
      </Row>
      <Row label="Authority key id" mono>
        {info.authorityKeyId ?? "not present"}
      </Row>
      <Row label="CRL distribution points">
        <List items={info.crlDistributionPoints} empty="none — the CRL cannot be checked" mono />
      </Row>
      <Row label="OCSP (AIA)">
        <List items={info.ocspUrls} mono />
      </Row>
      <Row label="CA issuers (AIA)">
        <List items={info.caIssuerUrls} mono />
      </Row>
      <Row label="SHA-1 fingerprint" mono>
        {info.fingerprints.sha1}
      </Row>
      <Row label="SHA-256 fingerprint" mono>
        {info.fingerprints.sha256}
      </Row>
    </dl>
  );
}
