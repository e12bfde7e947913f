import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/auth/rbac";

export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export const ROLE_HELP = ROLES.map((r) => ({ role: r, label: ROLE_LABELS[r], description: ROLE_DESCRIPTIONS[r] }));
