// The e-mail log's rows: when, how, to whom, what it listed, and what became of it.
import Link from "next/link";
import { formatTime } from "@/app/_components/format";
import { Badge } from "@/app/_components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import type { NoticeLogRow } from "@/lib/notices";

const CHANNELS: Record<NoticeLogRow["channel"], string> = { email: "E-mail", webhook: "Webhook", portal: "Portal only" };
/** A cell of several lines: beside its label when rows are cards (below 640 px), not under it. */
const STACK = "min-w-0 flex-1";
/** Past this, a row names how many more it listed: the digest itself has them all. */
const SHOWN_CERTIFICATES = 5;

function State({ row }: { row: NoticeLogRow }) {
  if (row.state === "delivered") {
    return (
      <>
        <Badge tone="green">Delivered</Badge>
        {row.channel !== "portal" ? <span className="mt-1 block text-xs text-slate-600">{formatTime(row.deliveredAt)}</span> : null}
      </>
    );
  }
  const answer = row.serverAnswer ? (
    <span className="mt-1 block text-xs break-words text-slate-700">
      Server answered: <code>{row.serverAnswer}</code>
    </span>
  ) : null;
  if (row.state === "failed") {
    return (
      <>
        <Badge tone="red">Failed</Badge>
        <span className="mt-1 block text-xs text-slate-600">after {row.attempts === 1 ? "1 attempt" : `${row.attempts} attempts`}</span>
        {answer}
      </>
    );
  }
  return (
    <>
      <Badge tone="amber">{row.attempts === 0 ? "Sending" : "Pending retry"}</Badge>
      <span className="mt-1 block text-xs text-slate-600">
        {row.attempts === 0 ? "first attempt due" : `attempt ${row.attempts} of ${row.maxAttempts} failed; next`} {formatTime(row.nextAttemptAt, "soon")}
      </span>
      {answer}
    </>
  );
}

export function DeliveryTable({ rows }: { rows: NoticeLogRow[] }) {
  return (
    <Table caption="Expiry notices, newest first">
      <THead>
        <Th>When</Th>
        <Th>Channel and recipient</Th>
        <Th>Subject and certificates</Th>
        <Th>State</Th>
      </THead>
      <TBody>
        {rows.map((r) => (
          <Tr key={r.id} testId="notice-row">
            <Td label="When" className="whitespace-nowrap">
              {formatTime(r.createdAt)}
            </Td>
            <Td label="Recipient">
              <div className={STACK}>
                <span className="block break-all">{r.channel === "portal" ? "nobody: no mail server or webhook configured" : r.recipient}</span>
                <span className="block text-xs text-slate-600">{CHANNELS[r.channel]}</span>
              </div>
            </Td>
            <Td label="Subject">
              <div className={STACK}>
                <span className="block font-medium text-slate-900">{r.subject}</span>
                <ul className="mt-1 space-y-0.5 text-xs">
                  {r.certificates.slice(0, SHOWN_CERTIFICATES).map((c) => (
                    <li key={c.serial}>
                      <Link href={`/certificates/${encodeURIComponent(c.serial)}`} prefetch={false} className="row-link">
                        {c.commonName}
                      </Link>{" "}
                      <span className="text-slate-600">({c.thresholdDays === 1 ? "1 day" : `${c.thresholdDays} days`})</span>
                    </li>
                  ))}
                  {r.certificates.length + r.unlisted > SHOWN_CERTIFICATES ? (
                    <li className="text-slate-600">and {(r.certificates.length + r.unlisted - SHOWN_CERTIFICATES).toLocaleString("en")} more</li>
                  ) : null}
                </ul>
              </div>
            </Td>
            <Td label="State">
              <div className={STACK}>
                <State row={r} />
              </div>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
