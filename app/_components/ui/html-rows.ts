/**
 * Table rows written as one HTML string (the certificate search, the audit log). React renders
 * an element at a time — a component call, then every attribute escaped and written separately —
 * and a row holds dozens of them: ~100 µs a row on the server, most of a 50-row page's time.
 * Written as text (through lib/html's escapeHtml, for every value), a row costs about 1 µs. The
 * table, a client component, puts the string in its <tbody>, the same on the server and in the
 * browser (docs/operations.md §7.1).
 *
 * The rows travel from the server component to that table as one JSON string: React's wire
 * format (Flight) writes and reads back an object a value at a time, escaping each; a string
 * crosses as one block, and JSON.parse is native on both sides.
 */
import type { MouseEvent } from "react";

export type PackedRows<T> = string & { readonly packedRowsOf: T };

export function packRows<T>(rows: readonly T[]): PackedRows<T> {
  return JSON.stringify(rows) as PackedRows<T>;
}

export function unpackRows<T>(packed: PackedRows<T>): T[] {
  return JSON.parse(packed) as T[];
}

/**
 * A table cell as markup, the same as the Td component writes (the `cell` class turns rows into
 * cards below 640 px, `data-label` names the column there). `inner` must already be escaped.
 */
export function htmlCell(label: string, inner: string, extra = ""): string {
  return `<td class="cell${extra ? ` ${extra}` : ""}" data-label="${label}">${inner}</td>`;
}

/**
 * In-app navigation for the links in such a <tbody>'s markup, which no next/link handles:
 * a plain left click goes through the router; new-tab and modified clicks, downloads and other
 * sites are left to the browser. True when it navigated.
 */
export function followInAppLink(e: MouseEvent<Element>, push: (href: string) => void): boolean {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return false;
  const a = (e.target as Element).closest("a");
  if (!a || a.target || a.hasAttribute("download") || a.origin !== window.location.origin) return false;
  e.preventDefault();
  push(a.pathname + a.search + a.hash);
  return true;
}
