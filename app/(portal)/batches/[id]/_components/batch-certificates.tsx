// The certificates a batch produced (public parts from the inventory), each linking to its
// detail page. CNs come from the CA's answer to someone's request: React text only.
import Link from "next/link";
import { formatTime } from "@/app/_components/format";
import { Badge, type BadgeTone } from "@/app/_components/ui/badge";
import { focusRing } from "@/app/_components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { NAME_WRAP } from "@/app/(portal)/batches/_components/wrap";
import type { CertificateRowDto } from "@/lib/inventory/certificate-dto";

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  valid: { label: "Valid", tone: "green" },
  expiring: { label: "Expiring soon", tone: "amber" },
  expired: { label: "Expired", tone: "slate" },
  revoked: { label: "Revoked", tone: "red" },
};

export function BatchCertificates({ items }: { items: CertificateRowDto[] }) {
  return (
    <Table caption="Certificates issued in this batch">
      <THead>
        <Th>Common name</Th>
        <Th>Serial</Th>
        <Th>Status</Th>
        <Th>Expires</Th>
      </THead>
      <TBody>
        {items.map((c) => {
          const status = STATUS[c.status] ?? { label: c.status, tone: "slate" as const };
          return (
            <Tr key={c.serial} testId={`certificate-row-${c.serial}`}>
              <Td label="Name" className="min-w-0">
                <Link href={`/certificates/${c.serial}`} prefetch={false} className={`${NAME_WRAP} font-medium text-blue-800 underline-offset-2 hover:underline ${focusRing}`}>
                  {c.commonName}
                </Link>
              </Td>
              <Td label="Serial" className="min-w-0">
                <span className="break-all font-mono text-xs">{c.serial}</span>
              </Td>
              <Td label="Status">
                <Badge tone={status.tone}>{status.label}</Badge>
              </Td>
              <Td label="Expires">
                <span className="whitespace-nowrap">{formatTime(c.notAfter, "Unknown")}</span>
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
