/**
 * How the audit page words and colours entries. Pure (no server imports) so the badge and
 * the tests can use it. Rule: an outcome is always shown as its word; colour only repeats it
 * (WCAG 1.4.1), each outcome with a tone of its own from the shared Badge.
 */
import type { BadgeTone } from "@/app/_components/ui/badge";
import type { AuditOutcome } from "@/db/types";
import type { AuditEntry } from "@/lib/audit/types";

/** "2026-11-25 14:03:07 UTC" from a stored ISO time (always UTC, never the viewer's zone). */
export function formatUtc(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export interface OutcomeStyle {
  label: string;
  /** what the word means, for a title / screen readers */
  description: string;
  tone: BadgeTone;
}

export const OUTCOME_STYLES: Readonly<Record<AuditOutcome, OutcomeStyle>> = {
  succeeded: {
    label: "succeeded",
    description: "The action was carried out.",
    tone: "green",
  },
  failed: {
    label: "failed",
    description: "The action was refused or went wrong; nothing changed.",
    tone: "red",
  },
  unknown: {
    label: "unknown",
    description: "Sectigo may or may not have acted; check before repeating.",
    tone: "amber",
  },
  denied: {
    label: "denied",
    description: "The person's role does not allow this; the portal refused.",
    tone: "violet",
  },
  requested: {
    label: "requested",
    description: "Intent recorded before calling Sectigo; its outcome is a separate entry.",
    tone: "blue",
  },
  info: {
    label: "info",
    description: "A record of something that happened, with no success or failure.",
    tone: "slate",
  },
};

export function outcomeStyle(outcome: string): OutcomeStyle {
  return (OUTCOME_STYLES as Record<string, OutcomeStyle | undefined>)[outcome] ?? OUTCOME_STYLES.info;
}

/** "certificate 4F2A…" — the target as one line, or "—". */
export function formatTarget(target: { type: string; id: string } | null): string {
  if (!target) return "—";
  return target.id ? `${target.type} ${target.id}` : target.type;
}

/** What one row of the audit table shows: all that crosses to the browser for it. */
export interface AuditTableRow {
  seq: number;
  at: string;
  actor: { email: string; role: string | null };
  action: string;
  /** formatTarget's line */
  target: string;
  outcome: string;
}

/** The entries as the table's rows, on the server: never the details, the IP or the hashes. */
export function auditTableRows(entries: readonly AuditEntry[]): AuditTableRow[] {
  return entries.map((e) => ({
    seq: e.seq,
    at: e.at,
    actor: { email: e.actor.email, role: e.actor.role },
    action: e.action,
    target: formatTarget(e.target),
    outcome: e.outcome,
  }));
}

/** Details as indented JSON text, for a <pre> (React escapes it: never HTML). */
export function prettyDetails(details: Record<string, unknown>): string {
  return Object.keys(details).length === 0 ? "{}" : JSON.stringify(details, null, 2);
}

/** Actions the select offers; free text (any prefix) is accepted too. */
export const KNOWN_ACTIONS = [
  "access.denied",
  "audit.export",
  "audit.verify",
  "auth.login",
  "auth.logout",
  "batch.create",
  "batch.download",
  "certificate.find",
  "certificate.revoke",
  "csr.upload",
  "sectigo.authenticate",
  "setting.change",
  "user.create",
  "user.update",
] as const;

/** The nouns of KNOWN_ACTIONS, which as prefixes match a whole family ("certificate" → certificate.*). */
export const ACTION_FAMILIES = [...new Set(KNOWN_ACTIONS.map((a) => a.split(".")[0] as string))];
