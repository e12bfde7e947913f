import { describe, expect, it } from "vitest";
import { can, isPermission, isRole, PERMISSIONS, permissionsOf, ROLES, rolesWith, type Permission, type Role } from "@/lib/auth/rbac";

// The whole table, spelled out: a change to who may do what must change this test too.
const EXPECTED: Record<Role, Permission[]> = {
  admin: [
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
  ],
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

describe("the role × permission table", () => {
  it.each(ROLES)("%s holds exactly its permissions", (role) => {
    expect(permissionsOf(role)).toEqual(EXPECTED[role]);
    for (const permission of PERMISSIONS) {
      expect(can(role, permission), `${role} × ${permission}`).toBe(EXPECTED[role].includes(permission));
    }
  });

  it("admin holds every permission there is", () => {
    expect(permissionsOf("admin")).toEqual([...PERMISSIONS]);
  });

  it("only admin manages staff and settings or re-authenticates Sectigo", () => {
    expect(rolesWith("users.manage")).toEqual(["admin"]);
    expect(rolesWith("settings.manage")).toEqual(["admin"]);
    expect(rolesWith("connection.reauthenticate")).toEqual(["admin"]);
  });

  it("support and auditor can change nothing", () => {
    const changes: Permission[] = ["certificates.revoke", "batches.create", "csr.upload", "users.manage", "settings.manage", "connection.reauthenticate"];
    for (const role of ["support", "auditor"] as const) {
      for (const p of changes) expect(can(role, p)).toBe(false);
    }
  });

  it("the audit log is for admin and auditor only", () => {
    expect(rolesWith("audit.read")).toEqual(["admin", "auditor"]);
  });

  it("an unknown or missing role holds nothing", () => {
    for (const role of ["root", "", "ADMIN", null, undefined]) {
      expect(can(role, "dashboard.read")).toBe(false);
    }
  });

  it("guards recognise roles and permissions", () => {
    expect(isRole("auditor")).toBe(true);
    expect(isRole("superuser")).toBe(false);
    expect(isPermission("audit.verify")).toBe(true);
    expect(isPermission("audit.delete")).toBe(false);
  });
});
