/**
 * Recording refusals. Every time a signed-in person is refused by a permission check — in a
 * server action, a route handler or a page — an `access.denied` entry (outcome `denied`)
 * names who, which permission, and what they tried. A refusal that cannot be recorded is
 * still a refusal: the caller refuses whatever this returns.
 */
import "server-only";
import type { Db } from "@/db/client";
import { recordAudit } from "@/lib/audit/append";
import { errorLogLine } from "@/lib/audit/redact";
import type { AuditActor } from "@/lib/audit/types";
import type { Permission } from "@/lib/auth/rbac";
import type { SessionUser } from "@/lib/auth/sessions";

export interface DenialContext {
  /** the server action's name, e.g. `createUserAction` */
  action?: string;
  /** the route or page path, e.g. `/api/audit/export` */
  path?: string;
  ip?: string | null;
  /** why, when not the role: "factor-required", "enrolment-required" */
  reason?: string;
}

export function actorOf(user: Pick<SessionUser, "id" | "email" | "role">): AuditActor {
  return { id: user.id, email: user.email, role: user.role };
}

/** Writes the `access.denied` entry; returns false (and logs) if it could not be written. */
export function recordDenial(db: Db, user: SessionUser, permission: Permission, context: DenialContext = {}): boolean {
  try {
    recordAudit(db, {
      actor: actorOf(user),
      action: "access.denied",
      outcome: "denied",
      target: { type: "permission", id: permission },
      ip: context.ip ?? null,
      details: {
        permission,
        ...(context.action ? { action: context.action.slice(0, 120) } : {}),
        ...(context.path ? { path: context.path.slice(0, 200) } : {}),
        ...(context.reason ? { reason: context.reason } : {}),
      },
    });
    return true;
  } catch (err) {
    console.error(`access.denied for user ${user.id} (${permission}) could not be audited: ${errorLogLine(err)}`);
    return false;
  }
}
