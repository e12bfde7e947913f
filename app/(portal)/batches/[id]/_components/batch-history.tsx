// The batch's history from the audit log, newest first: time, who, what, outcome. Auditors
// and admins get a link to each full entry (the audit page is theirs alone).
import Link from "next/link";
import { focusRing } from "@/app/_components/ui/button";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { ActorCell } from "@/app/(portal)/audit/_components/actor-cell";
import { OutcomeBadge } from "@/app/(portal)/audit/_components/outcome-badge";
import { formatUtc } from "@/app/(portal)/audit/_lib/format";
import type { AuditEntry } from "@/lib/audit/types";

const ACTION_LABELS: Record<string, string> = {
  "batch.create": "Single certificate requested",
  "csr.upload": "CSRs uploaded",
  "batch.download": "ZIP downloaded",
  "batch.check": "Checked with Sectigo",
  "batch.index": "Certificates indexed",
};

function actionLabel(e: AuditEntry): string {
  // The poller's own download (to index the certificates) is not an operator handing out the ZIP.
  if (e.action === "batch.download" && e.actor.email === "system") return "Downloaded by the portal to index the certificates";
  if (e.action === "batch.resolve") return e.outcome === "succeeded" ? "Unknown outcome settled" : "Settling the unknown outcome refused";
  return ACTION_LABELS[e.action] ?? e.action;
}

export function BatchHistory({ entries, linkEntries }: { entries: AuditEntry[]; linkEntries: boolean }) {
  return (
    <Table caption="History of this batch from the audit log, newest first">
      <THead>
        <Th>Time</Th>
        <Th>Actor</Th>
        <Th>Action</Th>
        <Th>Outcome</Th>
      </THead>
      <TBody>
        {entries.map((e) => (
          <Tr key={e.seq} testId={`history-${e.seq}`}>
            <Td label="Time">
              {linkEntries ? (
                <Link href={`/audit/${e.seq}`} prefetch={false} className={`whitespace-nowrap text-blue-800 underline-offset-2 hover:underline ${focusRing}`}>
                  {formatUtc(e.at)}
                </Link>
              ) : (
                <span className="whitespace-nowrap">{formatUtc(e.at)}</span>
              )}
            </Td>
            <Td label="Actor" className="min-w-0">
              <ActorCell actor={e.actor} />
            </Td>
            <Td label="Action">
              <span className="flex flex-col">
                <span>{actionLabel(e)}</span>
                <code className="text-xs text-slate-600">{e.action}</code>
              </span>
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
