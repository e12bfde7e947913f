/**
 * Whether a single sign-on that the identity provider itself asserts was multi-factor
 * (`amr` in the ID token, RFC 8176) counts as the portal's second factor (docs/security.md
 * S19). Off unless an administrator turns it on in Settings: the portal cannot see how the
 * provider checked the person, only what it claims.
 */
import "server-only";
import type { Db, Tx } from "@/db/client";
import { getSetting } from "@/db/queries/settings";
import { env } from "@/lib/env";

export const TRUST_IDP_MFA_KEY = "auth.trustIdpMfa";

export function trustsIdpMfa(db: Db | Tx): boolean {
  return getSetting<unknown>(db, TRUST_IDP_MFA_KEY) === true;
}

/**
 * Whether single sign-on is set up on this portal (an OIDC issuer is configured). Until it
 * is, the trust above decides nothing, and the Settings page says so.
 */
export function singleSignOnConfigured(): boolean {
  return env().sso !== null;
}
