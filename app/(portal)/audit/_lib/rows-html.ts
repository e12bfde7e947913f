/**
 * The audit log's rows as one HTML string (why: app/_components/ui/html-rows.ts); the audit
 * table puts it in its <tbody>. It writes what the React cells wrote before: the entry's link,
 * its time, the actor with the role they had, the action, the target and the outcome's word.
 *
 * Safety: every value comes from the log, which holds what people typed (e-mails, targets), so
 * every value goes through `escapeHtml`, in text and in double-quoted attributes alike
 * (rows-html.test.ts holds hostile values). Add a column here, through `escapeHtml`.
 */
import { badgeClass, roleTone } from "@/app/_components/ui/badge";
import { htmlCell as cell } from "@/app/_components/ui/html-rows";
import { isRole, ROLE_LABELS } from "@/lib/auth/rbac";
import { escapeHtml } from "@/lib/html";
import { formatUtc, outcomeStyle, type AuditTableRow } from "./format";

function actorHtml(actor: AuditTableRow["actor"]): string {
  const role = actor.role !== null && isRole(actor.role) ? `<span class="${badgeClass(roleTone(actor.role))}">${escapeHtml(ROLE_LABELS[actor.role])}</span>` : "";
  return `<span class="inline-flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1"><span class="break-all">${escapeHtml(actor.email)}</span>${role}</span>`;
}

function rowHtml(e: AuditTableRow): string {
  const outcome = outcomeStyle(e.outcome);
  const label = `Entry ${e.seq}: ${e.action}, ${e.outcome}`;
  return (
    `<tr class="result-row" data-testid="audit-row">` +
    cell("Seq", `<a href="/audit/${escapeHtml(e.seq)}" aria-label="${escapeHtml(label)}" class="row-link break-normal font-mono">#${escapeHtml(e.seq)}</a>`) +
    cell("Time", escapeHtml(formatUtc(e.at)), "whitespace-nowrap tabular-nums text-slate-700") +
    cell("Actor", actorHtml(e.actor)) +
    cell("Action", escapeHtml(e.action), "font-mono text-slate-900") +
    cell("Target", escapeHtml(e.target), "break-all text-slate-700") +
    cell("Outcome", `<span title="${escapeHtml(outcome.description)}" class="${badgeClass(outcome.tone)}">${escapeHtml(outcome.label)}</span>`) +
    `</tr>`
  );
}

/** The <tbody>'s inner HTML for these entries, in the order given (newest first). */
export function auditRowsHtml(rows: readonly AuditTableRow[]): string {
  return rows.map(rowHtml).join("");
}
