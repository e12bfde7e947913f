// The certificate's history from the audit log (its own entries and its batch's), newest first. Entry numbers link to the
// audit entry for those who may read the audit log; details stay in the audit page.
import Link from "next/link";
import { focusRing } from "@/app/_components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { OutcomeBadge } from "@/app/(portal)/audit/_components/outcome-badge";
import type { AuditEntry } from "@/lib/audit/types";
import { formatUtcMinute } from "../_lib/display";

/** A one-line gist of an entry's details that matter here (reason, batch), never raw JSON. */
function gist(entry: AuditEntry): string {
  const d = entry.details;
  const parts: string[] = [];
  // Entries of the batch that issued the certificate sit among its own.
  if (entry.target?.type === "batch") parts.push(`batch ${entry.target.id}`);
  if (typeof d.reasonLabel === "string") parts.push(`reason ${d.reasonLabel}${typeof d.reasonCode === "number" ? ` (${d.reasonCode})` : ""}`);
  else if (typeof d.reasonCode === "number") parts.push(`reason code ${d.reasonCode}`);
  if (typeof d.error === "string") parts.push(d.error);
  else if (typeof d.message === "string") parts.push(d.message);
  if (typeof d.note === "string") parts.push(d.note);
  return parts.join("; ").slice(0, 200);
}

export function HistoryTable({ entries, linkToAudit }: { entries: readonly AuditEntry[]; linkToAudit: boolean }) {
  return (
    <Table caption="History of this certificate and of the batch that issued it, newest first">
      <THead>
        <Th className="w-20">Entry</Th>
        <Th className="w-44">Time (UTC)</Th>
        <Th>Action</Th>
        <Th>By</Th>
        <Th>Outcome</Th>
      </THead>
      <TBody>
        {entries.map((e) => (
          <Tr key={e.seq} testId="history-row">
            <Td label="Entry" className="font-mono">
              {linkToAudit ? (
                <Link href={`/audit/${e.seq}`} prefetch={false} className={`rounded text-blue-800 underline underline-offset-2 ${focusRing}`}>
                  #{e.seq}
                </Link>
              ) : (
                `#${e.seq}`
              )}
            </Td>
            <Td label="Time" className="whitespace-nowrap tabular-nums">
              {formatUtcMinute(e.at)}
            </Td>
            <Td label="Action">
              <span className="font-mono">{e.action}</span>
              {gist(e) ? <span className="block break-words text-xs text-slate-600">{gist(e)}</span> : null}
            </Td>
            <Td label="By" className="break-all">
              {e.actor.email}
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
