/**
 * The protective headers every answer of the portal carries, and its Content Security Policy
 * (docs/security.md S15). Pure and dependency-free: proxy.ts calls it on every request, static
 * files included, so it only joins strings; the per-request work is one 16-byte nonce.
 */

/** Two years, subdomains included (RFC 6797 §6.1): the portal never goes back to plain http. */
export const HSTS = "max-age=63072000; includeSubDomains";

const PROTECTIVE_HEADERS: readonly (readonly [string, string])[] = [
  // The CSP's frame-ancestors says the same; browsers without CSP level 2 read only this one.
  ["x-frame-options", "DENY"],
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "same-origin"],
  // No page needs a camera, a microphone or a location; WebAuthn stays possible for the
  // portal's own pages and closed to anything embedded in them.
  ["permissions-policy", "camera=(), microphone=(), geolocation=(), publickey-credentials-get=(self)"],
  ["cross-origin-opener-policy", "same-origin"],
];

// A nonce is pasted into the header as is: only base64 may get there.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface PolicyOptions {
  /** The request's nonce; without one (static files) no inline script is allowed at all. */
  nonce?: string;
  /** `next dev` only: React rebuilds server error stacks in the browser with eval. */
  dev?: boolean;
  /**
   * The single sign-on identity provider's origin (from ssoFormOrigin), when one is configured:
   * the "Sign in with …" form posts to the portal, which answers with a redirect there, and
   * Chromium holds form-action to every redirect after a form's submission.
   */
  ssoOrigin?: string;
}

/** The origin of an OIDC issuer URL, for form-action; undefined when none is configured or it is not http(s). */
export function ssoFormOrigin(issuer: string | undefined): string | undefined {
  if (!issuer?.trim()) return undefined;
  try {
    const url = new URL(issuer.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

// An origin is pasted into the header as is: scheme, host and port only.
const ORIGIN = /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/;

export function contentSecurityPolicy({ nonce, dev = false, ssoOrigin }: PolicyOptions = {}): string {
  if (nonce !== undefined && !BASE64.test(nonce)) throw new Error("a CSP nonce must be base64");
  if (ssoOrigin !== undefined && !ORIGIN.test(ssoOrigin)) throw new Error("a form-action origin must be scheme://host[:port]");
  // With a nonce, 'strict-dynamic' lets the scripts Next loads from its nonced ones run too
  // (the CSR generator's chunk is imported on demand); 'self' is only for browsers without it.
  const scripts = ["'self'", ...(nonce ? [`'nonce-${nonce}'`, "'strict-dynamic'"] : []), ...(dev ? ["'unsafe-eval'"] : [])];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(" ")}`,
    // React writes `style` attributes (the progress bars, the weekly chart's bars), which no
    // nonce can cover; a style cannot run code, the scripts stay locked.
    "style-src 'self' 'unsafe-inline'",
    // An image cannot run code: data: and blob: URLs are allowed for images alone.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${ssoOrigin ? ` ${ssoOrigin}` : ""}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

export interface HeaderOptions {
  /** from contentSecurityPolicy */
  csp: string;
  /** the request came over HTTPS: only then Strict-Transport-Security (RFC 6797 §7.2) */
  https: boolean;
}

/** Every protective header for one answer, as [name, value] pairs (lower-case names). */
export function securityHeaders({ csp, https }: HeaderOptions): [string, string][] {
  const headers: [string, string][] = [...PROTECTIVE_HEADERS.map(([name, value]): [string, string] => [name, value]), ["content-security-policy", csp]];
  if (https) headers.push(["strict-transport-security", HSTS]);
  return headers;
}

/** 128 random bits in base64, fresh for every request: the value an injected script would have to guess. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
