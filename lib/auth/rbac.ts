/**
 * Roles × permissions: the one table that says who may do what (the README's role table).
 *
 * Rule: every server action (defineAction), route handler (authorizeRoute) and page read
 * (requirePermission) asks `can(role, permission)` ON THE SERVER. Hiding a link is a
 * courtesy, never the check; proxy.ts only sends people without a session cookie to /login.
 *
 * Decisions the role descriptions leave open (rbac.test.ts pins the whole table):
 * - operator "reads everything" except the audit log: the Audit log page is for admin and
 *   auditor only, and an operator's own actions are what the log holds them to.
 *   Re-authenticating the Sectigo connection is admin-only.
 * - support searches and reads certificates, batches and authorities, and nothing else:
 *   no exports, no downloads (a batch ZIP holds private keys), no Sectigo connection page.
 * - auditor reads, exports and verifies the audit log, reads the issuance history (batches)
 *   and searches certificates; no changes, no downloads, no exports of certificate lists.
 * - Everyone signed in may open the dashboard (it is the landing page); its panels check
 *   their own permissions.
 * - Notes (`notes.write`): operators, admins and support. Support talks to the VASPs, so what
 *   they learn ("contact changed", "renewal promised for Friday") belongs on the certificate;
 *   a note changes nothing and is append-only and audited. Auditors only read them.
 * - The notice (e-mail) log (`notices.read`) is for admins, operators and auditors; sending the
 *   expiry digest now (`notices.send`) is admin-only, like the recipients on Settings.
 * - Everyone signed in manages their own account (`account.own`): their sessions, and nobody
 *   else's.
 *
 * Pure data: safe to import from client components (the navigation uses it for labels).
 */
import type { UserRole } from "@/db/types";

export type Role = UserRole;
export const ROLES = ["admin", "operator", "support", "auditor"] as const satisfies readonly Role[];

export const PERMISSIONS = [
  "account.own",
  "dashboard.read",
  "certificates.read",
  "certificates.export",
  "certificates.revoke",
  "batches.read",
  "batches.create",
  "batches.download",
  "csr.upload",
  "authorities.read",
  "connection.read",
  "connection.reauthenticate",
  "audit.read",
  "audit.export",
  "audit.verify",
  "users.manage",
  "settings.manage",
  "notes.write",
  "notices.read",
  "notices.send",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const TABLE: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  operator: [
    "account.own",
    "dashboard.read",
    "certificates.read",
    "certificates.export",
    "certificates.revoke",
    "batches.read",
    "batches.create",
    "batches.download",
    "csr.upload",
    "authorities.read",
    "connection.read",
    "notes.write",
    "notices.read",
  ],
  support: ["account.own", "dashboard.read", "certificates.read", "batches.read", "authorities.read", "notes.write"],
  auditor: ["account.own", "dashboard.read", "certificates.read", "batches.read", "audit.read", "audit.export", "audit.verify", "notices.read"],
};

const SETS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  admin: new Set(TABLE.admin),
  operator: new Set(TABLE.operator),
  support: new Set(TABLE.support),
  auditor: new Set(TABLE.auditor),
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && (PERMISSIONS as readonly string[]).includes(value);
}

/** A list of roles as written in configuration: "admin, operator", or "none"; null if any is unknown. */
export function parseRoleList(text: string): Role[] | null {
  const t = text.trim().toLowerCase();
  if (t === "none") return [];
  const roles = t.split(",").map((r) => r.trim()).filter(Boolean);
  return roles.length > 0 && roles.every(isRole) ? ROLES.filter((r) => roles.includes(r)) : null;
}

/** Whether `role` holds `permission`. An unknown role (a damaged row) holds nothing. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  return isRole(role) && SETS[role].has(permission);
}

/** The permissions of a role, in the order of PERMISSIONS. */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => SETS[role].has(p));
}

/** The roles that hold a permission (for "ask an administrator" style messages). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => SETS[r].has(permission));
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: "Administrator",
  operator: "Operator",
  support: "Support",
  auditor: "Auditor",
};

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  admin: "Everything, plus staff accounts and settings.",
  operator: "Issues and revokes certificates, uploads CSRs, downloads batches; reads everything but the audit log.",
  support: "Searches and reads certificates, batches and authorities; changes nothing.",
  auditor: "Reads, exports and verifies the audit log; reads issuance history and searches certificates; changes nothing.",
};
