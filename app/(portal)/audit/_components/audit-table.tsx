import Link from "next/link";
import { focusRing } from "@/app/_components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import type { AuditEntry } from "@/lib/audit/types";
import { formatTarget, formatUtc } from "@/app/(portal)/audit/_lib/format";
import { ActorCell } from "./actor-cell";
import { OutcomeBadge } from "./outcome-badge";

/** One page of entries, newest first; the seq links to the entry's detail. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
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
        {entries.map((e) => (
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
              {formatTarget(e.target)}
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
