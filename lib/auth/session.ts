/**
 * Session helpers for pages, actions and route handlers: who is signed in, and the checks.
 *
 * Rule: authorization happens HERE, on the server, in every page read, action and route —
 * proxy.ts only redirects people without a cookie. Each helper re-reads the session row
 * (lib/auth/sessions.ts), so a logout, disable or role change counts from the next request.
 *
 * - Pages: `await requireUser()` (redirects to /login) and `await requirePermission(p)`, which
 *   redirects a signed-in person without the permission to /forbidden (an "Access denied"
 *   page inside the portal shell) after auditing the refusal. Next 16.4's forbidden() needs
 *   `experimental.authInterrupts` in next.config.mjs; until that flag is set, the redirect is
 *   the way (it shows the same page, with a 200 instead of a 403 status).
 * - Route handlers: `const auth = await authorizeRoute(request, p); if (auth instanceof Response) return auth;`
 *   answers 401 / 403 JSON itself and audits a 403.
 * - Server actions: use lib/actions/define-action.ts, which does all of this.
 */
import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { auth, claimsOf } from "@/lib/auth/config";
import { recordDenial } from "@/lib/auth/denials";
import { can, type Permission } from "@/lib/auth/rbac";
import { currentRequestInfo } from "@/lib/auth/request-info";
import { safeNextPath } from "@/lib/auth/next-path";
import { createRouteAuthorizer } from "@/lib/auth/route-guard";
import { checkSession, type SessionCheck, type SessionUser } from "@/lib/auth/sessions";

export type { SessionUser } from "@/lib/auth/sessions";
export { safeNextPath } from "@/lib/auth/next-path";

export interface SessionState {
  user: SessionUser | null;
  /** why a presented session no longer counts (null when none was presented) */
  ended: Extract<SessionCheck, { ok: false }>["reason"] | null;
}

async function readSessionState(): Promise<SessionState> {
  const session = await auth();
  const claims = claimsOf(session?.user);
  if (!claims) return { user: null, ended: null };
  const check = checkSession(getDb(), claims);
  return check.ok ? { user: check.user, ended: null } : { user: null, ended: check.reason };
}

/** The session of the current request, read once per request (React cache). */
export const currentSession = cache(readSessionState);

/** The person of the current session at any stage: the factor and enrolment steps, sign-out. */
export async function getSessionUser(): Promise<SessionUser | null> {
  return (await currentSession()).user;
}

/** The signed-in person whose session may use the portal (stage full), or null. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  const user = (await currentSession()).user;
  return user && user.stage === "full" ? user : null;
}

/**
 * Pages: the signed-in person, or a redirect to the login page (`next` brings them back). A
 * session still waiting for its second factor, or for one to be set up, is sent to that step.
 */
export async function requireUser(nextPath?: string): Promise<SessionUser> {
  const state = await currentSession();
  const params = new URLSearchParams();
  const next = safeNextPath(nextPath);
  if (next) params.set("next", next);
  const query = () => (params.size > 0 ? `?${params.toString()}` : "");
  if (state.user?.stage === "full") return state.user;
  if (state.user?.stage === "factor") redirect(`/login/factor${query()}`);
  if (state.user?.stage === "enrol") redirect(`/login/enrol${query()}`);
  if (state.ended) params.set("ended", state.ended);
  redirect(`/login${query()}`);
}

/** Pages: the signed-in person holding `permission`; others are redirected (and audited). */
export async function requirePermission(permission: Permission, pagePath?: string): Promise<SessionUser> {
  const user = await requireUser(pagePath);
  if (can(user.role, permission)) return user;
  const info = await currentRequestInfo();
  recordDenial(getDb(), user, permission, { path: pagePath, ip: info.ip });
  redirect(`/forbidden?permission=${encodeURIComponent(permission)}`);
}

/** Route handlers: `{ user }`, or a 401/403 JSON Response to return as is. */
export const authorizeRoute = createRouteAuthorizer({
  getUser: getCurrentUser,
  deny: (user, permission, context) => {
    recordDenial(getDb(), user, permission, context);
  },
});
