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
import type { CertificateRowDto } from "@/lib/inventory";
import { formatDay, statusStyle } from "./display";

export interface ResultRow {
  serial: string;
  commonName: string;
  /** the SANs other than the common name; absent when there are none */
  otherNames?: string[];
  status: string;
  /** the not-after day ("2027-01-02"); absent when unknown */
  notAfterDay?: string;
  profileId?: number;
  profileName?: string;
  batchId?: number;
  source: string;
  sectigoStatus?: string;
  sectigoCreatedAt?: string;
  /** reissue links: the serial this one replaces, and the newest serial replacing it */
  replacesSerial?: string;
  replacedBySerial?: string;
}

/**
 * What a row of the table needs of a certificate, and nothing it does not: an absent value is
 * left out rather than sent as null, the common name is not repeated among the other names and
 * only the day of the not-after travels. Every byte of a row is paid for twice (in the page's
 * markup and in the data the browser hydrates from), ~15 ns each on the server, so the row's data
 * is kept as small as what it shows (docs/operations.md §7.1).
 */
export function resultRowOf(c: CertificateRowDto): ResultRow {
  const row: ResultRow = { serial: c.serial, commonName: c.commonName, status: c.status, source: c.source };
  const otherNames = c.dnsNames.filter((n) => n !== c.commonName);
  if (otherNames.length > 0) row.otherNames = otherNames;
  if (c.notAfter) row.notAfterDay = formatDay(c.notAfter);
  if (c.profileId !== null) row.profileId = c.profileId;
  if (c.profileName !== null) row.profileName = c.profileName;
  if (c.batchId !== null) row.batchId = c.batchId;
  if (c.sectigoStatus) row.sectigoStatus = c.sectigoStatus;
  if (c.sectigoCreatedAt) row.sectigoCreatedAt = c.sectigoCreatedAt;
  if (c.replacesSerial) row.replacesSerial = c.replacesSerial;
  if (c.replacedBySerial) row.replacedBySerial = c.replacedBySerial;
  return row;
}

/** "replaced by 03B67A47DE…": a reissue link with a serial short enough for a row's note; the title and name hold it whole. */
function reissueNote(words: string, serial: string, testId: string): string {
  const short = serial.length > 12 ? `${escapeHtml(serial.slice(0, 10))}&hellip;` : escapeHtml(serial);
  const s = escapeHtml(serial);
  return `<span class="row-note" data-testid="${testId}">${words} <a href="/certificates/${escapeHtml(encodeURIComponent(serial))}" title="${s}" aria-label="certificate ${s}" class="font-mono text-blue-800 underline underline-offset-2">${short}</a></span>`;
}

function nameCell(r: ResultRow): string {
  let inner = `<a href="/certificates/${escapeHtml(encodeURIComponent(r.serial))}" class="row-link" data-testid="certificate-link">${escapeHtml(r.commonName)}</a>`;
  if (r.otherNames) inner += `<span class="row-note">also ${escapeHtml(r.otherNames.join(", "))}</span>`;
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
  let out = `<tr class="result-row" data-testid="certificate-row">`;
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
    `<span class="row-serial"><code data-testid="certificate-serial">${serial}</code><button type="button" class="copy-btn" data-copy="${serial}" aria-label="Copy serial ${serial}">Copy</button></span>`,
  );
  out += cell(
    "Status",
    `<span data-testid="status-badge" data-status="${escapeHtml(r.status)}" title="${escapeHtml(style.description)}" class="${badgeClass(style.tone)}">${escapeHtml(style.label)}</span>`,
  );
  out += cell("Not after", escapeHtml(r.notAfterDay ?? "expiry unknown"), "row-day");
  out += cell("Profile", escapeHtml(r.profileName ?? (r.profileId !== undefined ? `profile ${r.profileId}` : "unknown")), "text-slate-800");
  out += cell("Batch", r.batchId !== undefined ? `<a href="/batches/${escapeHtml(r.batchId)}" class="row-link">Batch ${escapeHtml(r.batchId)}</a>` : `<span class="text-slate-500">&mdash;</span>`);
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
