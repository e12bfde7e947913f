/**
 * authorizeRoute's logic over injected session and audit functions, kept apart from Auth.js
 * so it can be tested without a request. Rule: no session → 401, no permission → 403 and the
 * refusal audited; the JSON body names a code and a sentence, never why in more detail.
 */
import "server-only";
import { can, type Permission } from "@/lib/auth/rbac";
import { clientAddressFrom } from "@/lib/auth/request-info";
import type { SessionUser } from "@/lib/auth/sessions";

export interface RouteAuthorizerDeps {
  getUser: () => Promise<SessionUser | null>;
  deny: (user: SessionUser, permission: Permission, context: { path: string; ip: string | null }) => void;
}

function jsonError(status: 401 | 403, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}

/** Builds authorizeRoute over injected session and audit functions (tests use this). */
export function createRouteAuthorizer(deps: RouteAuthorizerDeps) {
  return async function authorize(request: Request, permission: Permission): Promise<{ user: SessionUser } | Response> {
    const user = await deps.getUser();
    if (!user) return jsonError(401, "UNAUTHENTICATED", "Sign in to the portal first.");
    if (!can(user.role, permission)) {
      let path = "";
      try {
        path = new URL(request.url).pathname;
      } catch {
        path = "";
      }
      deps.deny(user, permission, { path, ip: clientAddressFrom(request.headers) });
      return jsonError(403, "FORBIDDEN", "Your role does not allow this. Ask an administrator if you need it.");
    }
    return { user };
  };
}

