"use client";
// One page of entries, newest first, rendered from the entries as data. A client component on
// purpose, as the certificate results are: as a Server Component each of the 50 rows went to
// the browser twice, once as HTML and once as the element tree that hydrates it (every class
// name, every link's props); as a client component a row travels once as a few plain fields
// beside the HTML (docs/operations.md §7, P10). Only the fields the table shows cross to the
// browser (auditTableRows in _lib/format.ts), never the details or the hashes. React escapes
// every value.
import Link from "next/link";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { focusRing } from "@/app/_components/ui/button";
import { formatUtc, type AuditTableRow } from "@/app/(portal)/audit/_lib/format";
import { ActorCell } from "./actor-cell";
import { OutcomeBadge } from "./outcome-badge";

export function AuditTable({ rows }: { rows: readonly AuditTableRow[] }) {
  return (
    <Table caption="Audit log entries, newest first">
      <THead>
        <Th className="w-20">Seq</Th>
        <Th className="w-44">Time (UTC)</Th>
        <Th>Actor</Th>
        <Th>Action</Th>
        <Th>Target</Th>
        <Th>Outcome</Th>
      </THead>
      <TBody>
        {rows.map((e) => (
          <Tr key={e.seq} testId="audit-row">
            <Td label="Seq">
              <Link
                href={`/audit/${e.seq}`}
                prefetch={false}
                aria-label={`Entry ${e.seq}: ${e.action}, ${e.outcome}`}
                className={`rounded font-mono font-medium text-blue-800 underline underline-offset-2 ${focusRing}`}
              >
                #{e.seq}
              </Link>
            </Td>
            <Td label="Time" className="whitespace-nowrap tabular-nums text-slate-700">
              {formatUtc(e.at)}
            </Td>
            <Td label="Actor">
              <ActorCell actor={e.actor} />
            </Td>
            <Td label="Action" className="font-mono text-slate-900">
              {e.action}
            </Td>
            <Td label="Target" className="break-all text-slate-700">
              {e.target}
            </Td>
            <Td label="Outcome">
              <OutcomeBadge outcome={e.outcome} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
