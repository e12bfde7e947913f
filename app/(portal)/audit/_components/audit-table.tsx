"use client";
// One page of entries, newest first. The rows arrive as plain data (one JSON string: only the
// fields the table shows, auditTableRows in _lib/format.ts, never the details or the hashes) and
// their markup is written as one string (_lib/rows-html.ts; why: app/_components/ui/html-rows.ts),
// the same on the server and in the browser. The entries' links are navigated in the app by the
// InAppLinks region around the table.
import { useMemo } from "react";
import { unpackRows, type PackedRows } from "@/app/_components/ui/html-rows";
import { InAppLinks } from "@/app/_components/ui/in-app-links";
import { Table, Th, THead } from "@/app/_components/ui/table";
import type { AuditTableRow } from "@/app/(portal)/audit/_lib/format";
import { auditRowsHtml } from "@/app/(portal)/audit/_lib/rows-html";

export function AuditTable({ packedRows }: { packedRows: PackedRows<AuditTableRow> }) {
  const html = useMemo(() => auditRowsHtml(unpackRows(packedRows)), [packedRows]);
  return (
    <InAppLinks>
      <Table caption="Audit log entries, newest first">
        <THead>
          <Th className="w-20">Seq</Th>
          <Th className="w-44">Time (UTC)</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Outcome</Th>
        </THead>
        <tbody className="divide-y divide-slate-200" dangerouslySetInnerHTML={{ __html: html }} />
      </Table>
    </InAppLinks>
  );
}
