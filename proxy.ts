// Next 16 proxy (formerly middleware). Its ONLY job: send a request that carries no session
// cookie at all to the login page, remembering where it was going. It never decides who
// may see what — a forged header (CVE-2025-29927's x-middleware-subrequest) or a forged
// cookie that gets past it meets the real checks in every page, action and route handler
// (lib/auth/session.ts, lib/actions/define-action.ts).
import { NextResponse, type NextRequest } from "next/server";

// Auth.js's cookie: `__Secure-` prefixed over HTTPS, and split into `.0`, `.1`… when large.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

export function proxy(request: NextRequest) {
  const hasSessionCookie = request.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name) && c.value.length > 0);
  if (hasSessionCookie) return NextResponse.next();

  const login = new URL("/login", request.url);
  if (request.method === "GET") {
    const { pathname, searchParams } = request.nextUrl;
    const kept = new URLSearchParams(searchParams);
    kept.delete("_rsc");
    const query = kept.toString();
    if (pathname !== "/") login.searchParams.set("next", query ? `${pathname}?${query}` : pathname);
  }
  return NextResponse.redirect(login);
}

export const config = {
  // Everything except Next's assets, Auth.js's endpoints, the readiness probe, the login page
  // and static files.
  matcher: ["/((?!_next/|api/auth(?:/|$)|api/health(?:/|$)|login(?:/|$)|favicon\\.ico$|.*\\.(?:png|jpg|jpeg|gif|svg|ico|webp|css|js|map|txt|webmanifest)$).*)"],
};
