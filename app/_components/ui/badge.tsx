// Small coloured labels. Colour is never the only signal: the text says the same thing.
import type { ReactNode } from "react";
import { ROLE_LABELS, type Role } from "@/lib/auth/rbac";

export type BadgeTone = "slate" | "blue" | "green" | "amber" | "red" | "violet";

const TONES: Record<BadgeTone, string> = {
  slate: "bg-slate-100 text-slate-800 ring-slate-300",
  blue: "bg-blue-50 text-blue-800 ring-blue-200",
  green: "bg-green-50 text-green-800 ring-green-200",
  amber: "bg-amber-100 text-amber-900 ring-amber-300",
  red: "bg-red-50 text-red-800 ring-red-200",
  violet: "bg-violet-50 text-violet-800 ring-violet-200",
};

/** The classes of a badge of this tone, for a badge that carries attributes of its own. */
export function badgeClass(tone: BadgeTone): string {
  return `badge ${TONES[tone]}`;
}

export function Badge({ tone = "slate", children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={badgeClass(tone)}>
      {children}
    </span>
  );
}

const ROLE_TONES: Record<Role, BadgeTone> = { admin: "violet", operator: "blue", support: "green", auditor: "amber" };

/** A role's badge colour, for a role badge written as markup (the audit log's rows). */
export function roleTone(role: Role): BadgeTone {
  return ROLE_TONES[role];
}

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={ROLE_TONES[role]}>{ROLE_LABELS[role]}</Badge>;
}
