// The batches list. Every user-controlled text (batch name, CN, e-mail) is React text,
// never HTML. Below the `sm` breakpoint each row becomes a card (Table primitive).
import Link from "next/link";
import { formatTime } from "@/app/_components/format";
import { focusRing } from "@/app/_components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { displayState, kindLabel } from "@/app/(portal)/batches/_lib/batch-view";
import type { BatchDto } from "@/lib/issuance";
import { ProgressBar } from "./progress-bar";
import { StateBadge } from "./state-badge";
import { NAME_WRAP } from "./wrap";

export function BatchesTable({ items }: { items: BatchDto[] }) {
  return (
    <Table caption="Batches, newest first">
      <THead>
        <Th>Batch</Th>
        <Th>State</Th>
        <Th className="w-44">Progress</Th>
        <Th>Kind</Th>
        <Th>Profile</Th>
        <Th className="text-right">Size</Th>
        <Th>Created</Th>
      </THead>
      <TBody>
        {items.map((b) => (
          <Tr key={b.id} testId={`batch-row-${b.id}`}>
            <Td label="Batch" className="min-w-0">
              <span className="flex min-w-0 flex-col">
                <Link href={`/batches/${b.id}`} prefetch={false} className={`${NAME_WRAP} font-medium text-blue-800 underline-offset-2 hover:underline ${focusRing}`}>
                  {b.batchName}
                </Link>
                <span className="text-xs text-slate-600">
                  {b.sectigoBatchId !== null ? `Sectigo batch ${b.sectigoBatchId}` : "No Sectigo id yet"}
                  {b.commonName && b.commonName !== b.batchName ? ` · ${b.commonName}` : ""}
                </span>
              </span>
            </Td>
            <Td label="State">
              <span className="flex flex-col gap-1">
                <StateBadge state={displayState(b)} />
                {b.status ? <span className={`${NAME_WRAP} text-xs text-slate-600`}>{b.status}</span> : null}
              </span>
            </Td>
            <Td label="Progress">
              <ProgressBar progress={b.progress} label={`Progress of ${b.batchName}`} />
            </Td>
            <Td label="Kind">{kindLabel(b.kind)}</Td>
            <Td label="Profile">
              {b.profileName ?? "—"}
              {b.profileId !== null ? <span className="text-xs text-slate-600"> ({b.profileId})</span> : null}
            </Td>
            <Td label="Size" className="sm:text-right">
              <span className="tabular-nums">{b.size ?? "—"}</span>
            </Td>
            <Td label="Created">
              <span className="flex flex-col">
                <span className="whitespace-nowrap">{formatTime(b.createdAt)}</span>
                <span className={`${NAME_WRAP} text-xs text-slate-600`}>{b.createdBy?.email ?? "system"}</span>
              </span>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
