"use client";
// One expiry-watch group as a table, rendered from its rows as data: a client component so up
// to 500 rows travel once as data beside the HTML, not twice (docs/operations.md §7, P3). The
// column headers for name and expiry are sort links with aria-sort; below 640 px each row is a
// card. Names are React text.
import { focusRing } from "@/app/_components/ui/button";
import { Table, Td, Th, Tr } from "@/app/_components/ui/table";
import type { ExpiryRowDto } from "@/lib/expiry/watch";
import type { WatchSort } from "../_lib/watch-query";

/** A row as lib/expiry words it (a type only: nothing server-side reaches the browser). */
export type GroupRow = ExpiryRowDto;

export interface SortHeader {
  href: string;
  state: "ascending" | "descending" | "none";
}

function SortableTh({ label, header }: { label: string; header: SortHeader }) {
  const arrow = header.state === "ascending" ? "▲" : header.state === "descending" ? "▼" : "";
  return (
    <th scope="col" aria-sort={header.state} className="px-4 py-2 font-medium">
      <a href={header.href} className={`inline-flex items-center gap-1 rounded underline-offset-2 hover:underline ${focusRing}`}>
        {label}
        <span aria-hidden="true" className="text-xs">
          {arrow}
        </span>
        {header.state === "none" ? <span className="sr-only">, sort by this column</span> : null}
      </a>
    </th>
  );
}

function whenText({ daysLeft, expired }: Pick<GroupRow, "daysLeft" | "expired">): string {
  if (expired) return daysLeft === 0 ? "expired today" : daysLeft === -1 ? "expired 1 day ago" : `expired ${-daysLeft} days ago`;
  if (daysLeft === 0) return "today";
  return daysLeft === 1 ? "in 1 day" : `in ${daysLeft} days`;
}

const link = `rounded text-blue-800 underline underline-offset-2 ${focusRing}`;

export function GroupTable({ caption, rows, sorts, testId }: { caption: string; rows: readonly GroupRow[]; sorts: Record<WatchSort, SortHeader>; testId: string }) {
  return (
    <Table caption={caption}>
      <thead className="hidden border-b border-slate-200 bg-slate-50 text-slate-600 sm:table-header-group">
        <tr>
          <SortableTh label="Common name" header={sorts.commonName} />
          <SortableTh label="Expires" header={sorts.notAfter} />
          <Th>Profile</Th>
          <Th>Replacement</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">
        {rows.map((r) => (
          <Tr key={r.serial} testId={testId}>
            <Td label="Name" className="min-w-0">
              <a href={`/certificates/${encodeURIComponent(r.serial)}`} className={`break-all ${link}`} data-testid="expiry-certificate">
                {r.commonName}
              </a>
            </Td>
            <Td label="Expires" className="tabular-nums text-slate-800">
              <span className="whitespace-nowrap">{r.notAfter.slice(0, 10)}</span>{" "}
              <span className={r.expired ? "text-red-800" : r.daysLeft < 7 ? "text-amber-800" : "text-slate-600"}>({whenText(r)})</span>
            </Td>
            <Td label="Profile" className="text-slate-800">
              {r.profileName ?? "unknown"}
            </Td>
            <Td label="Replacement">
              {r.replacementSerial ? (
                <a href={`/certificates/${encodeURIComponent(r.replacementSerial)}`} className={`break-all font-mono text-xs ${link}`} data-testid="expiry-replacement">
                  {r.replacementSerial}
                </a>
              ) : r.reissueBatchId !== null ? (
                <a href={`/batches/${r.reissueBatchId}`} className={link} data-testid="expiry-reissue-batch">
                  Reissue batch #{r.reissueBatchId}
                </a>
              ) : (
                <span className="text-slate-600">none</span>
              )}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
