import { RoleBadge } from "@/app/_components/ui/badge";
import { isRole } from "@/lib/auth/rbac";
import type { AuditActor } from "@/lib/audit/types";

/** Who acted: the e-mail (or "system") and the role they had at the time. */
export function ActorCell({ actor }: { actor: Pick<AuditActor, "email" | "role"> }) {
  return (
    <span className="inline-flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
      <span className="break-all">{actor.email}</span>
      {isRole(actor.role) ? <RoleBadge role={actor.role} /> : null}
    </span>
  );
}
