// The result rows are written as an HTML string, so their escaping is ours to get right:
// a hostile common name, SAN, profile name or Sectigo status must stay text.
import { describe, expect, it } from "vitest";
import { escapeHtml } from "@/lib/html";
import type { CertificateRowDto } from "@/lib/inventory";
import { resultRowOf, resultRowsHtml, type ResultRow } from "./rows-html";

/** A certificate as the inventory lists it (a batch's, with one other name). */
const certificate: CertificateRowDto = {
  serial: "0A1B2C",
  commonName: "api.example.com",
  dnsNames: ["api.example.com", "www.example.com"],
  status: "valid",
  notAfter: "2027-01-02T03:04:05.000Z",
  notBefore: "2026-01-02T03:04:05.000Z",
  profileId: 85,
  profileName: "CipherTrace End Entity Certificate",
  batchId: 12,
  source: "batch",
  revokedAt: null,
  revocationReason: null,
  sectigoStatus: null,
  sectigoCreatedAt: null,
  sectigoDeviceId: "device-1",
  replacesSerial: null,
  replacedBySerial: null,
};

function row(over: Partial<ResultRow> = {}): ResultRow {
  return { ...resultRowOf(certificate), ...over };
}

/** Every tag the markup opens, by name: a hostile value must not add one. */
const tags = (html: string) => [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());


describe("resultRowsHtml", () => {
  it("writes one row per certificate with its name, serial, status words, expiry day, profile and batch", () => {
    const html = resultRowsHtml([row(), row({ serial: "FF", commonName: "b.example.com", status: "revoked", batchId: undefined })], true);
    const rows = html.split("</tr>").filter(Boolean);
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [string, string];
    expect(first).toContain(`<a href="/certificates/0A1B2C" class="row-link" data-testid="certificate-link">api.example.com</a>`);
    expect(first).toContain("also www.example.com");
    expect(first).toContain(`data-testid="certificate-serial">0A1B2C</code>`);
    expect(first).toMatch(/data-testid="status-badge" data-status="valid"[^>]*>Valid<\/span>/);
    expect(first).toContain(`data-label="Not after">2027-01-02</td>`);
    expect(first).toContain(`<a href="/batches/12" class="row-link">Batch 12</a>`);
    expect(first).toContain(`<input type="checkbox" class="row-box" data-serial="0A1B2C" data-cn="api.example.com" aria-label="Select api.example.com (serial 0A1B2C)"/>`);
    expect(first).toContain(`<button type="button" class="copy-btn" data-copy="0A1B2C" aria-label="Copy serial 0A1B2C"`);
    // a revoked row has no box, and says why
    expect(second).not.toContain("<input");
    expect(second).toContain("Already revoked");
    expect(second).toContain(">Revoked</span>");
    expect(second).toContain(`data-label="Batch"><span class="text-slate-500">&mdash;</span>`);
  });

  it("has no checkboxes for a viewer who may not revoke", () => {
    expect(resultRowsHtml([row()], false)).not.toContain("<input");
  });

  it("keeps hostile names, SANs, profile names and Sectigo statuses as text", () => {
    const evil = `<img src=x onerror="alert(1)">'"&`;
    const clean = resultRowsHtml([row({ source: "find", sectigoStatus: "x", sectigoCreatedAt: "2026-01-01T00:00:00.000Z" })], true);
    const html = resultRowsHtml(
      [row({ commonName: evil, otherNames: [`x"><script>alert(2)</script>`], profileName: evil, source: "find", sectigoStatus: evil, sectigoCreatedAt: evil })],
      true,
    );
    // the same elements as a harmless row: nothing a value held became markup
    expect(tags(html)).toEqual(tags(clean));
    expect(html).not.toMatch(/<img|<script|onerror="/i);
    const escaped = escapeHtml(evil);
    expect(html).toContain(`data-testid="certificate-link">${escaped}</a>`);
    expect(html).toContain(`data-cn="${escaped}"`);
    expect(html).toContain(`data-label="Profile">${escaped}</td>`);
    expect(html).toContain(`Sectigo says ${escaped}`);
  });

  it("links a serial safely even if it held characters a URL or HTML would read", () => {
    const html = resultRowsHtml([row({ serial: `A"B<C` })], false);
    expect(html).toContain(`href="/certificates/A%22B%3CC"`);
    expect(html).toContain(`>A&quot;B&lt;C</code>`);
  });

  it("links a reissue both ways with a shortened serial, whole in its title and name", () => {
    const html = resultRowsHtml([row({ replacedBySerial: "03B67A47DE41B2C6479FD31C8E7842A3", replacesSerial: "FF" })], false);
    expect(html).toContain(
      `<span class="row-note" data-testid="replaced-by">replaced by <a href="/certificates/03B67A47DE41B2C6479FD31C8E7842A3" title="03B67A47DE41B2C6479FD31C8E7842A3" aria-label="certificate 03B67A47DE41B2C6479FD31C8E7842A3" class="font-mono text-blue-800 underline underline-offset-2">03B67A47DE&hellip;</a></span>`,
    );
    expect(html).toContain(`data-testid="replaces">replaces <a href="/certificates/FF"`);
    expect(resultRowsHtml([row()], false)).not.toContain("replace");
  });
});

describe("resultRowOf", () => {
  const dto: CertificateRowDto = { ...certificate, batchId: null, source: "import" };

  it("sends what the row shows and leaves out absent values, the repeated name and the time of day", () => {
    const row = resultRowOf(dto);
    expect(row).toEqual({
      serial: "0A1B2C",
      commonName: "api.example.com",
      otherNames: ["www.example.com"],
      status: "valid",
      notAfterDay: "2027-01-02",
      profileId: 85,
      profileName: "CipherTrace End Entity Certificate",
      source: "import",
    });
    // no null travels: an absent value is an absent key
    expect(JSON.stringify(row)).not.toContain("null");
    expect(resultRowsHtml([row], false)).toContain(`<span class="row-note">also www.example.com</span>`);
    expect(resultRowsHtml([row], false)).toContain(`<span class="text-slate-500">&mdash;</span>`);
  });

  it("keeps the links, find details and an unknown expiry that the row shows", () => {
    const row = resultRowOf({
      ...dto,
      dnsNames: ["api.example.com"],
      notAfter: null,
      batchId: 7,
      source: "find",
      sectigoStatus: "Issued",
      sectigoCreatedAt: "2026-03-04T00:00:00.000Z",
      replacesSerial: "FF",
      replacedBySerial: "EE",
    });
    expect(row.otherNames).toBeUndefined();
    const html = resultRowsHtml([row], false);
    expect(html).toContain(`data-label="Not after">expiry unknown</td>`);
    expect(html).toContain(`<a href="/batches/7" class="row-link">Batch 7</a>`);
    expect(html).toContain("Sectigo says Issued, created 2026-03-04");
    expect(html).toContain(`data-testid="replaces">replaces <a href="/certificates/FF"`);
    expect(html).toContain(`data-testid="replaced-by">replaced by <a href="/certificates/EE"`);
    expect(html).not.toContain("also");
  });
});
