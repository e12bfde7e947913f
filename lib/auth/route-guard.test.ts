import { describe, expect, it } from "vitest";
import type { Permission } from "@/lib/auth/rbac";
import { createRouteAuthorizer } from "@/lib/auth/route-guard";
import type { SessionUser } from "@/lib/auth/sessions";

const auditor: SessionUser = { id: 4, email: "aud@example.org", name: "Aud", role: "auditor", sessionId: "q".repeat(43) , stage: "full", factorAt: null};

function setup(user: SessionUser | null) {
  const denials: { user: SessionUser; permission: Permission; context: { path: string; ip: string | null } }[] = [];
  const authorize = createRouteAuthorizer({
    getUser: async () => user,
    deny: (u, permission, context) => denials.push({ user: u, permission, context }),
  });
  return { authorize, denials };
}

const request = () => new Request("http://portal.test/api/audit/export?format=csv", { headers: { "x-portal-peer": "203.0.113.5" } });

describe("authorizeRoute", () => {
  it("answers 401 JSON without a session", async () => {
    const { authorize, denials } = setup(null);
    const res = await authorize(request(), "audit.export");
    expect(res).toBeInstanceOf(Response);
    if (!(res instanceof Response)) return;
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Sign in to the portal first." } });
    expect(denials).toHaveLength(0);
  });

  it("answers 403 and records the denial when the role lacks the permission", async () => {
    const { authorize, denials } = setup(auditor);
    const res = await authorize(request(), "batches.download");
    expect(res instanceof Response && res.status).toBe(403);
    expect(denials).toEqual([{ user: auditor, permission: "batches.download", context: { path: "/api/audit/export", ip: "203.0.113.5" } }]);
  });

  it("gives the user when allowed", async () => {
    const { authorize, denials } = setup(auditor);
    await expect(authorize(request(), "audit.export")).resolves.toEqual({ user: auditor });
    expect(denials).toHaveLength(0);
  });
});
