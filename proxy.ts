// Next 16 proxy (formerly middleware). It runs on every request and does two cheap things:
//
// 1. Puts the protective headers and the Content Security Policy on every answer — pages,
//    route handlers, static files, redirects, 404s (docs/security.md S15). A page's policy
//    carries a fresh nonce, handed to Next in the request's own CSP header so that Next's
//    inline scripts carry it; static files get the same policy without one.
// 2. Sends a request that carries no session cookie at all to the login page, remembering
//    where it was going. It never decides who may see what — a forged header
//    (CVE-2025-29927's x-middleware-subrequest) or a forged cookie that gets past it meets the
//    real checks in every page, action and route handler (lib/auth/session.ts,
//    lib/actions/define-action.ts).
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, securityHeaders, ssoFormOrigin } from "@/lib/http/security-headers";

// Auth.js's cookie: `__Secure-` prefixed over HTTPS, and split into `.0`, `.1`… when large.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

const STATIC_EXTENSION = String.raw`.*\.(?:png|jpg|jpeg|gif|svg|ico|webp|css|js|map|txt|webmanifest)$`;
// Served as they are, never a page of ours: no nonce to make.
const STATIC_FILE = new RegExp(String.raw`^/(?:_next/static/|_next/image(?:/|$)|favicon\.ico$|${STATIC_EXTENSION})`);
// Reachable without a session: Next's assets, Auth.js's endpoints, the readiness probe, the
// login page, static files, and calendar feeds (a calendar app has no session: the URL's
// token is the credential, checked by its route handler, docs/security.md S22).
const OPEN_PATH = new RegExp(String.raw`^/(?:_next/|api/auth(?:/|$)|api/health(?:/|$)|api/calendar/|login(?:/|$)|favicon\.ico$|${STATIC_EXTENSION})`);

// Read once per process. An https public URL means the portal is served over HTTPS even when
// the TLS proxy in front of it sends no x-forwarded-proto (the same rule as Secure cookies).
const PUBLIC_URL_IS_HTTPS = /^https:/i.test(process.env.AUTH_URL?.trim() ?? "");
const DEV = process.env.NODE_ENV === "development";
// Single sign-on's redirect after the sign-in form goes to the identity provider (lib/env.ts
// refuses to start with an OIDC_ISSUER that is not an issuer URL).
const SSO_ORIGIN = ssoFormOrigin(process.env.OIDC_ISSUER);
const STATIC_CSP = contentSecurityPolicy({ dev: DEV, ssoOrigin: SSO_ORIGIN });

export function proxy(request: NextRequest) {
  const { pathname, protocol } = request.nextUrl;
  // Next derives the protocol from the socket or from x-forwarded-proto. A forged
  // x-forwarded-proto over plain http only earns a header that browsers ignore there.
  const https = PUBLIC_URL_IS_HTTPS || protocol === "https:";
  if (STATIC_FILE.test(pathname)) return withHeaders(NextResponse.next(), STATIC_CSP, https);

  const csp = contentSecurityPolicy({ nonce: newNonce(), dev: DEV, ssoOrigin: SSO_ORIGIN });
  if (!OPEN_PATH.test(pathname) && !hasSessionCookie(request)) return withHeaders(loginRedirect(request), csp, https);
  // Next answers a path whose %-escapes do not decode with a bare 500 of its own, before any
  // header of ours is set; a 400 from here keeps the promise for it too.
  if (pathname.includes("%") && !decodes(pathname)) return withHeaders(new NextResponse("Bad request: the address is not valid.", { status: 400 }), csp, https);
  return withHeaders(passOn(request, csp), csp, https);
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name) && c.value.length > 0);
}

function passOn(request: NextRequest, csp: string): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  return NextResponse.next({ request: { headers } });
}

function loginRedirect(request: NextRequest): NextResponse {
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

function withHeaders(response: NextResponse, csp: string, https: boolean): NextResponse {
  for (const [name, value] of securityHeaders({ csp, https })) response.headers.set(name, value);
  return response;
}
