// The portal's sections and the permission each needs. The navigation and the dashboard
// show a person only the sections their role may use; each page checks again on the server.
import type { Permission } from "@/lib/auth/rbac";

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
  description: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Dashboard", permission: "dashboard.read", description: "Licences, balances, batches in flight and what expires soon." },
  { href: "/certificates", label: "Certificates", permission: "certificates.read", description: "Search issued certificates by name, SAN, serial or batch." },
  { href: "/expiry", label: "Expiry watch", permission: "certificates.read", description: "Certificates expiring soon or overdue, by whether a replacement exists." },
  { href: "/batches", label: "Batches", permission: "batches.read", description: "Issuance batches, their progress and results." },
  { href: "/approvals", label: "Approvals", permission: "certificates.revoke", description: "Revocations waiting for a second person to approve them." },
  { href: "/authorities", label: "Authorities", permission: "authorities.read", description: "Authorities, balances, profiles and licences." },
  { href: "/notices", label: "E-mail log", permission: "notices.read", description: "Expiry notices sent by e-mail or webhook, and what each server answered." },
  { href: "/audit", label: "Audit log", permission: "audit.read", description: "Every issuance, revocation, sign-in and change, verifiable." },
  { href: "/connection", label: "Sectigo connection", permission: "connection.read", description: "Endpoint, mode and the state of the Sectigo credentials." },
  { href: "/admin/users", label: "Staff accounts", permission: "users.manage", description: "Who may sign in, with which role." },
  { href: "/admin/settings", label: "Settings", permission: "settings.manage", description: "Second factors, single sign-on, when a revocation needs a second person, and who gets expiry notices." },
];
