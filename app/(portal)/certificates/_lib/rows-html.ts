/**
 * The search result rows as one HTML string (why: app/_components/ui/html-rows.ts). The
 * results table (a client component) puts it in its <tbody> and handles the rows' checkboxes,
 * copy buttons and links with one listener each on the <tbody>.
 *
 * Safety: every value that comes from a certificate — names, serials, profile names — goes
 * through `escapeHtml`, in text and in double-quoted attributes alike, so a common name like
 * `<img src=x onerror=…>` stays text (rows-html.test.ts holds hostile names). Nothing else may
 * build this markup; add a column here, through `escapeHtml`.
 */
import { badgeClass } from "@/app/_components/ui/badge";
import { htmlCell as cell } from "@/app/_components/ui/html-rows";
import { escapeHtml } from "@/lib/html";
import { formatDay, statusStyle } from "./display";

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

/** "replaced by 03B67A47DE…": a reissue link with a serial short enough for a row's note; the title and name hold it whole. */
function reissueNote(words: string, serial: string, testId: string): string {
  const short = serial.length > 12 ? `${escapeHtml(serial.slice(0, 10))}&hellip;` : escapeHtml(serial);
  const s = escapeHtml(serial);
  return `<span class="block text-xs text-slate-600" data-testid="${testId}">${words} <a href="/certificates/${escapeHtml(encodeURIComponent(serial))}" title="${s}" aria-label="certificate ${s}" class="font-mono text-blue-800 underline underline-offset-2">${short}</a></span>`;
}

function nameCell(r: ResultRow): string {
  const otherNames = r.dnsNames.filter((n) => n !== r.commonName);
  let inner = `<a href="/certificates/${escapeHtml(encodeURIComponent(r.serial))}" class="row-link" data-testid="certificate-link">${escapeHtml(r.commonName)}</a>`;
  if (otherNames.length > 0) inner += `<span class="block break-all text-xs text-slate-600">also ${escapeHtml(otherNames.join(", "))}</span>`;
  if (r.replacedBySerial) inner += reissueNote("replaced by", r.replacedBySerial, "replaced-by");
  if (r.replacesSerial) inner += reissueNote("replaces", r.replacesSerial, "replaces");
  if (r.source === "find") {
    const said = r.sectigoStatus ? `: Sectigo says ${escapeHtml(r.sectigoStatus)}` : "";
    const created = r.sectigoCreatedAt ? `, created ${escapeHtml(formatDay(r.sectigoCreatedAt))}` : "";
    inner += `<span class="block text-xs text-amber-800" data-testid="find-only">known from Sectigo&#39;s find only${said}${created}</span>`;
  }
  return cell("Name", `<span class="min-w-0">${inner}</span>`, "min-w-0");
}

function rowHtml(r: ResultRow, selectable: boolean): string {
  const serial = escapeHtml(r.serial);
  const style = statusStyle(r.status);
  let out = `<tr data-testid="certificate-row" class="block px-4 py-3 sm:table-row sm:p-0">`;
  if (selectable) {
    out += cell(
      "Select",
      r.status === "revoked"
        ? `<span class="sr-only">Already revoked</span>`
        : `<input type="checkbox" class="row-box" data-serial="${serial}" data-cn="${escapeHtml(r.commonName)}" aria-label="Select ${escapeHtml(r.commonName)} (serial ${serial})"/>`,
    );
  }
  out += nameCell(r);
  out += cell(
    "Serial",
    `<span class="inline-flex min-w-0 items-center gap-1"><code class="break-all font-mono text-xs text-slate-900" data-testid="certificate-serial">${serial}</code><button type="button" class="copy-btn" data-copy="${serial}" aria-label="Copy serial ${serial}" title="Copy the serial">Copy</button></span>`,
  );
  out += cell(
    "Status",
    `<span data-testid="status-badge" data-status="${escapeHtml(r.status)}" title="${escapeHtml(style.description)}" class="${badgeClass(style.tone)}">${escapeHtml(style.label)}</span>`,
  );
  out += cell("Not after", escapeHtml(formatDay(r.notAfter, "expiry unknown")), "whitespace-nowrap tabular-nums text-slate-800");
  out += cell("Profile", escapeHtml(r.profileName ?? (r.profileId !== null ? `profile ${r.profileId}` : "unknown")), "text-slate-800");
  out += cell("Batch", r.batchId !== null ? `<a href="/batches/${escapeHtml(r.batchId)}" class="row-link">Batch ${escapeHtml(r.batchId)}</a>` : `<span class="text-slate-500">&mdash;</span>`);
  return `${out}</tr>`;
}

/** The <tbody>'s inner HTML for these rows; checkboxes only when the viewer may revoke. */
export function resultRowsHtml(rows: readonly ResultRow[], selectable: boolean): string {
  // join() returns one flat string. Built with += it would be a tree of thousands of pieces,
  // which V8 walks piece by piece every time React measures or writes it (0.7 ms a page for
  // Buffer.byteLength alone). The markup's own characters are ASCII (&mdash;, &hellip;): one
  // character outside Latin-1 makes V8 store the whole string at two bytes a character, and a
  // page of rows then crosses V8's 128 kB large-object line, an mmap per page.
  return rows.map((r) => rowHtml(r, selectable)).join("");
}
