/**
 * What the login page tells someone whose single sign-on was refused (lib/auth/sso.ts), carried
 * in the address of /login. The e-mail comes back from the address bar, so anyone can put
 * something there: it is shown only when it looks like a plain e-mail address, and always as text.
 */

// Stricter than the sign-in's check: no brackets, quotes or spaces, a domain of letters, digits, dots and hyphens.
const PLAIN_EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[\p{L}\p{N}.-]{1,190}$/u;
import { SSO_REFUSALS, type SsoRefusal } from "@/lib/auth/sso";

export function ssoRefusalPath(reason: SsoRefusal, email: string | null): string {
  const params = new URLSearchParams({ sso: reason });
  if (email) params.set("email", email);
  return `/login?${params.toString()}`;
}

function isRefusal(value: string | undefined): value is SsoRefusal {
  return SSO_REFUSALS.includes(value as SsoRefusal);
}

/**
 * The message for /login?sso=…&email=…, or for Auth.js's own ?error=… (the provider could not
 * be reached, the person cancelled, a check failed); null when neither is there.
 */
export function ssoRefusalMessage(params: { sso?: string; email?: string; error?: string }): string | null {
  const email = params.email !== undefined && params.email.length <= 254 && PLAIN_EMAIL.test(params.email) ? params.email : null;
  const address = email ? `the e-mail address ${email}` : "the e-mail address";
  if (isRefusal(params.sso)) {
    switch (params.sso) {
      case "unknown-email":
        return `No staff account uses ${address} your identity provider gave. Ask an administrator to create an account with that address (or to change yours to it), then sign in again.`;
      case "unverified-email":
        return `Your identity provider has not verified ${address}, so the portal cannot tell whose account it is. Verify the address with your identity provider, or sign in with your password.`;
      case "no-email":
        return "Your identity provider did not give an e-mail address, so the portal cannot tell whose account it is. Ask the identity provider's administrator to release your e-mail address to the CA Portal.";
      case "disabled":
        return "This account is disabled. Ask an administrator to enable it.";
    }
  }
  if (params.error !== undefined) {
    return "Single sign-on did not complete. Try again; if it keeps failing, sign in with your password or tell an administrator.";
  }
  return null;
}
