// The protective headers and the Content Security Policy (docs/security.md S15): the exact
// directives, a nonce only where one was made, eval only under `next dev`, HSTS only over
// HTTPS, and a nonce that is fresh and safe to paste into the header.
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, HSTS, newNonce, securityHeaders, ssoFormOrigin } from "./security-headers";

function directives(csp: string): Map<string, string> {
  return new Map(csp.split("; ").map((d) => [d.slice(0, d.indexOf(" ")), d.slice(d.indexOf(" ") + 1)]));
}

describe("contentSecurityPolicy", () => {
  it("allows scripts by the request's nonce and what they load, and nothing inline or from elsewhere", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "AAECAwQFBgcICQoLDA0ODw==" }));
    expect(Object.fromEntries(csp)).toEqual({
      "default-src": "'self'",
      "script-src": "'self' 'nonce-AAECAwQFBgcICQoLDA0ODw==' 'strict-dynamic'",
      "style-src": "'self' 'unsafe-inline'",
      "img-src": "'self' data: blob:",
      "font-src": "'self'",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'self'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
  });

  it("without a nonce (static files) allows only the portal's own script files", () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get("script-src")).toBe("'self'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
  });

  it("allows eval only under next dev", () => {
    expect(directives(contentSecurityPolicy({ nonce: "abc=" })).get("script-src")).not.toContain("unsafe-eval");
    expect(directives(contentSecurityPolicy({ nonce: "abc=", dev: true })).get("script-src")).toBe("'self' 'nonce-abc=' 'strict-dynamic' 'unsafe-eval'");
  });

  it("refuses a nonce that could add a directive of its own", () => {
    expect(() => contentSecurityPolicy({ nonce: "x'; script-src *" })).toThrow(/base64/);
    expect(() => contentSecurityPolicy({ nonce: "" })).toThrow(/base64/);
  });
});

describe("form-action and single sign-on", () => {
  it("lets forms lead only to the portal, and to the identity provider's origin when single sign-on is configured", () => {
    expect(directives(contentSecurityPolicy({ nonce: "abc=" })).get("form-action")).toBe("'self'");
    const origin = ssoFormOrigin("https://login.example.org/realms/staff");
    expect(origin).toBe("https://login.example.org");
    expect(directives(contentSecurityPolicy({ nonce: "abc=", ssoOrigin: origin })).get("form-action")).toBe("'self' https://login.example.org");
    expect(directives(contentSecurityPolicy({ ssoOrigin: ssoFormOrigin("http://127.0.0.1:3630") })).get("form-action")).toBe("'self' http://127.0.0.1:3630");
  });

  it("has no origin without an issuer or for one that is not an http(s) URL, and refuses one that could add a directive", () => {
    for (const issuer of [undefined, "", "  ", "not a url", "javascript:alert(1)", "data:text/html,x"]) expect(ssoFormOrigin(issuer)).toBeUndefined();
    expect(() => contentSecurityPolicy({ ssoOrigin: "https://x.example; script-src *" })).toThrow(/origin/);
    expect(() => contentSecurityPolicy({ ssoOrigin: "*" })).toThrow(/origin/);
  });
});

describe("securityHeaders", () => {
  it("sends frame, sniffing, referrer, permission and opener protection with the policy", () => {
    const headers = Object.fromEntries(securityHeaders({ csp: "default-src 'self'", https: false }));
    expect(headers).toEqual({
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
      "permissions-policy": "camera=(), microphone=(), geolocation=(), publickey-credentials-get=(self)",
      "cross-origin-opener-policy": "same-origin",
      "content-security-policy": "default-src 'self'",
    });
  });

  it("adds Strict-Transport-Security only over HTTPS", () => {
    expect(new Map(securityHeaders({ csp: "x", https: true })).get("strict-transport-security")).toBe(HSTS);
    expect(HSTS).toBe("max-age=63072000; includeSubDomains");
  });

  it("gives each call its own list: a caller's change stays its own", () => {
    const first = securityHeaders({ csp: "x", https: false });
    first[0]![1] = "SAMEORIGIN";
    expect(new Map(securityHeaders({ csp: "x", https: false })).get("x-frame-options")).toBe("DENY");
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, different every time, and accepted by the policy", () => {
    const nonces = Array.from({ length: 1000 }, () => newNonce());
    expect(new Set(nonces).size).toBe(1000);
    for (const nonce of nonces.slice(0, 20)) {
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
      expect(contentSecurityPolicy({ nonce })).toContain(`'nonce-${nonce}'`);
    }
  });
});
