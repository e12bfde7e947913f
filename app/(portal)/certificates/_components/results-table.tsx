"use client";
// The search results, rendered from the rows as data. A client component on purpose: as a
// Server Component each of the 50 rows went to the browser twice, once as HTML and once as
// the element tree that hydrates it (with every class name and every link's props), about
// 7 kB a row; as a client component the rows travel once as plain data beside the HTML, so
// a page of results costs the server little more than an empty page (docs/operations.md §7,
// P3). React escapes every value, so a CN like <img onerror=…> stays text. Column headers
// are sort links with aria-sort; below 640 px each row becomes a card.
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { MouseEvent } from "react";
import { focusRing } from "@/app/_components/ui/button";
import { Table, Td, Th, Tr } from "@/app/_components/ui/table";
import { formatDay } from "../_lib/display";
import { ariaSort, sortLink, type CertificateFilters, type CertificateQuery, type SortKey } from "../_lib/search-query";
import { CopySerial } from "./copy-serial";
import { RowCheckbox, SelectAllCheckbox } from "./selection";
import { StatusBadge } from "./status-badge";

export interface ResultRow {
  serial: string;
  commonName: string;
  dnsNames: string[];
  status: string;
  notAfter: string | null;
  profileId: number | null;
  profileName: string | null;
  batchId: number | null;
  source: string;
  sectigoStatus?: string | null;
  sectigoCreatedAt?: string | null;
  /** reissue links: the serial this one replaces, and the newest serial replacing it */
  replacesSerial?: string | null;
  replacedBySerial?: string | null;
}

/** A serial short enough for a row's note; the link's title holds it whole. */
function shortSerial(serial: string): string {
  return serial.length > 12 ? `${serial.slice(0, 10)}…` : serial;
}

function SortableTh({ label, sortKey, query, filters, className = "" }: { label: string; sortKey: SortKey; query: CertificateQuery; filters: CertificateFilters; className?: string }) {
  const sort = ariaSort(filters, sortKey);
  const arrow = sort === "ascending" ? "▲" : sort === "descending" ? "▼" : "";
  return (
    <th scope="col" aria-sort={sort} className={`px-4 py-2 font-medium ${className}`}>
      <Link href={`/certificates${sortLink(query, filters, sortKey)}`} prefetch={false} className={`inline-flex items-center gap-1 rounded underline-offset-2 hover:underline ${focusRing}`}>
        {label}
        <span aria-hidden="true" className="text-xs">
          {arrow}
        </span>
        {sort === "none" ? <span className="sr-only">, sort by this column</span> : null}
      </Link>
    </th>
  );
}

export function ResultsTable({
  rows,
  query,
  filters,
  selectable,
}: {
  rows: readonly ResultRow[];
  query: CertificateQuery;
  filters: CertificateFilters;
  /** show the bulk-revoke checkboxes (operator, admin) */
  selectable: boolean;
}) {
  const router = useRouter();
  // The rows' links are plain anchors (a next/link each was a hundred components per page);
  // this one handler gives them the same in-app navigation, leaving new-tab clicks alone.
  const softNavigate = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest("a");
    if (!a || a.target || a.hasAttribute("download") || a.origin !== window.location.origin) return;
    e.preventDefault();
    router.push(a.pathname + a.search + a.hash);
  };
  const selectableRows = rows.filter((r) => r.status !== "revoked").map((r) => ({ serial: r.serial, commonName: r.commonName }));
  return (
    <Table caption="Certificates matching the search">
      <thead className="hidden border-b border-slate-200 bg-slate-50 text-slate-600 sm:table-header-group">
        <tr>
          {selectable ? (
            <Th className="w-10">
              <SelectAllCheckbox items={selectableRows} />
            </Th>
          ) : null}
          <SortableTh label="Common name" sortKey="commonName" query={query} filters={filters} />
          <SortableTh label="Serial" sortKey="serial" query={query} filters={filters} />
          <Th>Status</Th>
          <SortableTh label="Not after" sortKey="notAfter" query={query} filters={filters} className="whitespace-nowrap" />
          <Th>Profile</Th>
          <Th>Batch</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200" onClick={softNavigate}>
        {rows.map((r) => {
          const otherNames = r.dnsNames.filter((n) => n !== r.commonName);
          return (
            <Tr key={r.serial} testId="certificate-row">
              {selectable ? (
                <Td label="Select">
                  {r.status === "revoked" ? (
                    <span className="sr-only">Already revoked</span>
                  ) : (
                    <RowCheckbox item={{ serial: r.serial, commonName: r.commonName }} />
                  )}
                </Td>
              ) : null}
              <Td label="Name" className="min-w-0">
                <span className="min-w-0">
                  <a href={`/certificates/${encodeURIComponent(r.serial)}`} className="row-link" data-testid="certificate-link">
                    {r.commonName}
                  </a>
                  {otherNames.length > 0 ? (
                    <span className="block break-all text-xs text-slate-600">
                      also {otherNames.join(", ")}
                    </span>
                  ) : null}
                  {r.replacedBySerial ? (
                    <span className="block text-xs text-slate-600" data-testid="replaced-by">
                      replaced by{" "}
                      <a href={`/certificates/${encodeURIComponent(r.replacedBySerial)}`} title={r.replacedBySerial} aria-label={`certificate ${r.replacedBySerial}`} className="font-mono text-blue-800 underline underline-offset-2">
                        {shortSerial(r.replacedBySerial)}
                      </a>
                    </span>
                  ) : null}
                  {r.replacesSerial ? (
                    <span className="block text-xs text-slate-600" data-testid="replaces">
                      replaces{" "}
                      <a href={`/certificates/${encodeURIComponent(r.replacesSerial)}`} title={r.replacesSerial} aria-label={`certificate ${r.replacesSerial}`} className="font-mono text-blue-800 underline underline-offset-2">
                        {shortSerial(r.replacesSerial)}
                      </a>
                    </span>
                  ) : null}
                  {r.source === "find" ? (
                    <span className="block text-xs text-amber-800" data-testid="find-only">
                      known from Sectigo&apos;s find only
                      {r.sectigoStatus ? `: Sectigo says ${r.sectigoStatus}` : ""}
                      {r.sectigoCreatedAt ? `, created ${formatDay(r.sectigoCreatedAt)}` : ""}
                    </span>
                  ) : null}
                </span>
              </Td>
              <Td label="Serial">
                <span className="inline-flex min-w-0 items-center gap-1">
                  <code className="break-all font-mono text-xs text-slate-900" data-testid="certificate-serial">
                    {r.serial}
                  </code>
                  <CopySerial serial={r.serial} />
                </span>
              </Td>
              <Td label="Status">
                <StatusBadge status={r.status} />
              </Td>
              <Td label="Not after" className="whitespace-nowrap tabular-nums text-slate-800">
                {formatDay(r.notAfter, "expiry unknown")}
              </Td>
              <Td label="Profile" className="text-slate-800">
                {r.profileName ?? (r.profileId !== null ? `profile ${r.profileId}` : "unknown")}
              </Td>
              <Td label="Batch">
                {r.batchId !== null ? (
                  <a href={`/batches/${r.batchId}`} className="row-link">
                    Batch {r.batchId}
                  </a>
                ) : (
                  <span className="text-slate-500">—</span>
                )}
              </Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}
