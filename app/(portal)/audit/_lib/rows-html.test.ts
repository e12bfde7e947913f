// The audit table's markup: what each cell shows, and that nothing from the log becomes markup.
import { describe, expect, it } from "vitest";
import { auditRowsHtml } from "./rows-html";
import type { AuditTableRow } from "./format";

const row = (over: Partial<AuditTableRow> = {}): AuditTableRow => ({
  seq: 1042,
  at: "2026-11-30T09:15:02.123Z",
  actor: { email: "ops@example.org", role: "operator" },
  action: "certificate.revoke",
  target: "certificate 4F2A",
  outcome: "succeeded",
  ...over,
});

/** Every tag the markup opens, by name: a hostile value must not add one. */
const tags = (html: string) => [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());

describe("auditRowsHtml", () => {
  it("writes one row per entry with its link, time, actor and role, action, target and outcome", () => {
    const html = auditRowsHtml([row(), row({ seq: 7, actor: { email: "system", role: null }, outcome: "failed", target: "—" })]);
    expect(html.match(/data-testid="audit-row"/g)).toHaveLength(2);
    expect(html).toContain(`<a href="/audit/1042" aria-label="Entry 1042: certificate.revoke, succeeded" class="row-link break-normal font-mono">#1042</a>`);
    expect(html).toContain(`data-label="Time">2026-11-30 09:15:02 UTC</td>`);
    expect(html).toContain(`<span class="break-all">ops@example.org</span><span class="badge bg-blue-50 text-blue-800 ring-blue-200">Operator</span>`);
    // no role, no badge
    expect(html).toContain(`<span class="break-all">system</span></span>`);
    expect(html).toContain(`data-label="Target">&#8212;</td>`);
    expect(html).toMatch(/data-label="Outcome"><span title="[^"]+" class="badge [^"]+">failed<\/span>/);
    expect(html).toMatch(/^[\x00-\x7f]*$/);
  });

  it("keeps hostile values as text, in cells and in attributes", () => {
    const evil = `"><img src=x onerror=alert(1)>`;
    const html = auditRowsHtml([row({ actor: { email: evil, role: evil }, action: evil, target: evil, outcome: evil })]);
    expect(tags(html).filter((t) => t === "img" || t === "script")).toEqual([]);
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain(evil);
  });
});
