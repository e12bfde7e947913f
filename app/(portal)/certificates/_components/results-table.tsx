"use client";
// The search results. The rows arrive as plain data (one JSON string) and their markup is written
// as one string (../_lib/rows-html.ts; why: app/_components/ui/html-rows.ts), the same on the server and in
// the browser; this component keeps the header (sort links with aria-sort) in React and gives
// the rows their behaviour with listeners on the <tbody>: checkboxes for bulk revoke and copy
// buttons. Its links (the rows', the sort links) are plain <a>, navigated in the app by the page's
// InAppLinks region. Below 640 px each row becomes a card.
import { useEffect, useMemo, useRef, type MouseEvent } from "react";
import { focusRing } from "@/app/_components/ui/button";
import { Table, Th } from "@/app/_components/ui/table";
import { unpackRows, type PackedRows } from "@/app/_components/ui/html-rows";
import { resultRowsHtml, type ResultRow } from "../_lib/rows-html";
import { ariaSort, sortLink, type CertificateFilters, type CertificateQuery, type SortKey } from "../_lib/search-query";
import { SelectAllCheckbox, useSelectionIfAny } from "./selection";

export type { ResultRow };

/** Copies a row's serial; where the clipboard is missing (plain HTTP elsewhere) asks for a manual copy. */
function copySerial(button: HTMLButtonElement): void {
  const say = (text: string, title: string) => {
    button.textContent = text;
    button.title = title;
  };
  const refused = () => say("Select to copy", "Copy by hand: select the serial");
  if (!navigator.clipboard) return refused();
  navigator.clipboard.writeText(button.dataset.copy ?? "").then(() => say("Copied", "Copy the serial"), refused);
}

function SortableTh({ label, sortKey, query, filters, className = "" }: { label: string; sortKey: SortKey; query: CertificateQuery; filters: CertificateFilters; className?: string }) {
  const sort = ariaSort(filters, sortKey);
  const arrow = sort === "ascending" ? "▲" : sort === "descending" ? "▼" : "";
  return (
    <th scope="col" aria-sort={sort} className={`px-4 py-2 font-medium ${className}`}>
      <a href={`/certificates${sortLink(query, filters, sortKey)}`} className={`inline-flex items-center gap-1 rounded underline-offset-2 hover:underline ${focusRing}`}>
        {label}
        <span aria-hidden="true" className="text-xs">
          {arrow}
        </span>
        {sort === "none" ? <span className="sr-only">, sort by this column</span> : null}
      </a>
    </th>
  );
}

export function ResultsTable({
  packedRows,
  query,
  filters,
  selectable,
}: {
  /** the page's rows, packed by packRows */
  packedRows: PackedRows<ResultRow>;
  query: CertificateQuery;
  filters: CertificateFilters;
  /** show the bulk-revoke checkboxes (operator, admin; the page wraps the table in a SelectionProvider) */
  selectable: boolean;
}) {
  const selection = useSelectionIfAny();
  const body = useRef<HTMLTableSectionElement>(null);
  const rows = useMemo(() => unpackRows(packedRows), [packedRows]);
  const html = useMemo(() => resultRowsHtml(rows, selectable), [rows, selectable]);
  const selected = selection?.selected;

  // The boxes are the string's, not React's, so React's onChange never sees them: a native
  // listener does. Ticks given before the page came alive (or restored by the browser) count.
  const toggle = selection?.toggle;
  const setAll = selection?.setAll;
  useEffect(() => {
    const tbody = body.current;
    if (!tbody || !toggle || !setAll) return;
    const itemOf = (box: HTMLInputElement) => ({ serial: box.dataset.serial ?? "", commonName: box.dataset.cn ?? "" });
    const ticked = [...tbody.querySelectorAll<HTMLInputElement>("input[data-serial]")].filter((box) => box.checked).map(itemOf);
    if (ticked.length > 0) setAll(ticked, true);
    const onChange = (e: Event) => {
      const box = e.target as HTMLInputElement;
      if (box.dataset?.serial) toggle(itemOf(box), box.checked);
    };
    tbody.addEventListener("change", onChange);
    return () => tbody.removeEventListener("change", onChange);
  }, [html, toggle, setAll]);

  // ...and their ticks follow the selection (select all, a cleared selection after a revoke).
  useEffect(() => {
    if (!selected) return;
    for (const box of body.current?.querySelectorAll<HTMLInputElement>("input[data-serial]") ?? []) box.checked = selected.has(box.dataset.serial ?? "");
  }, [selected, html]);

  // (the rows' links, like the sort links, are navigated by the page's InAppLinks region)
  const onClick = (e: MouseEvent<HTMLTableSectionElement>) => {
    const copy = (e.target as Element).closest<HTMLButtonElement>("button[data-copy]");
    if (copy) copySerial(copy);
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
      <tbody ref={body} className="divide-y divide-slate-200" onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
    </Table>
  );
}
