// The login page's answer to a refused single sign-on: each reason has a message a person can
// act on, and the e-mail from the address bar is repeated only when it is an e-mail address.
import { describe, expect, it } from "vitest";
import { ssoRefusalMessage, ssoRefusalPath } from "@/lib/auth/sso-refusal";

describe("ssoRefusalPath and ssoRefusalMessage", () => {
  it("round-trips a reason and the e-mail through /login's address", () => {
    const path = ssoRefusalPath("unknown-email", "bob+x@example.org");
    expect(path).toBe("/login?sso=unknown-email&email=bob%2Bx%40example.org");
    const params = Object.fromEntries(new URL(path, "http://portal").searchParams);
    expect(ssoRefusalMessage(params)).toBe(
      "No staff account uses the e-mail address bob+x@example.org your identity provider gave. Ask an administrator to create an account with that address (or to change yours to it), then sign in again.",
    );
    expect(ssoRefusalPath("no-email", null)).toBe("/login?sso=no-email");
  });

  it("has a message for every reason, and for Auth.js's own errors", () => {
    expect(ssoRefusalMessage({ sso: "unverified-email", email: "a@example.org" })).toContain("has not verified the e-mail address a@example.org");
    expect(ssoRefusalMessage({ sso: "no-email" })).toContain("did not give an e-mail address");
    expect(ssoRefusalMessage({ sso: "disabled" })).toContain("disabled");
    expect(ssoRefusalMessage({ error: "Configuration" })).toContain("Single sign-on did not complete");
    expect(ssoRefusalMessage({})).toBeNull();
    expect(ssoRefusalMessage({ sso: "something-else" })).toBeNull();
  });

  it("does not repeat text that is not an e-mail address", () => {
    for (const email of ["call 555-0100 now", "<script>@x", "", `${"a".repeat(64)}@${"b".repeat(200)}`]) {
      const message = ssoRefusalMessage({ sso: "unknown-email", email }) ?? "";
      expect(message).toContain("No staff account uses the e-mail address your identity provider gave");
      expect(message).not.toContain(email || "\u0000");
    }
  });
});
