/**
 * Single sign-on through the staff's own identity provider (OpenID Connect), start to finish
 * once Auth.js has checked the ID token (signature, issuer, audience, nonce): who it is, whether
 * they may come in, the session row and the audit entry (docs/security.md S19).
 *
 * Rules:
 * - The provider vouches for an e-mail address, nothing more. It is believed only when the ID
 *   token says `email_verified: true`, and it only ever selects an EXISTING, enabled staff
 *   account (matched as the password sign-in matches it). Accounts, roles and names are never
 *   made or changed from the provider.
 * - The session then waits for the portal's own second factor exactly as after a password
 *   (lib/auth/login.ts), unless an administrator trusts the provider's MFA
 *   (lib/auth/idp-trust.ts) and the ID token's `amr` (RFC 8176) says it was multi-factor.
 * - Every attempt is audited as `auth.login` with `method: "oidc"`; a success commits its
 *   session row, last_login_at and its audit entry in ONE transaction. No throttling here:
 *   nothing is guessed against the portal, the provider throttles its own sign-in.
 */
import "server-only";
import { writeTx, type Db } from "@/db/client";
import { getLoginUser, updateUser } from "@/db/queries/users";
import type { SessionStage } from "@/db/enums";
import { systemClock, toIso, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import type { AuditActor } from "@/lib/audit/types";
import { trustsIdpMfa } from "@/lib/auth/idp-trust";
import { EMAIL_SHAPE, normalizeEmail, stageAfterPassword } from "@/lib/auth/login";
import { createSession } from "@/lib/auth/sessions";

/** The Auth.js provider id; the redirect URL to register at the provider is <portal>/api/auth/callback/oidc. */
export const SSO_PROVIDER_ID = "oidc";

export type SsoRefusal = "no-email" | "unverified-email" | "unknown-email" | "disabled";

export const SSO_REFUSALS: readonly SsoRefusal[] = ["no-email", "unverified-email", "unknown-email", "disabled"];

/** What the ID token says about the person, reduced to what the portal uses. */
export interface SsoIdentity {
  /** normalised, and only when it looks like an e-mail address */
  email: string | null;
  /** `email_verified` is the boolean true (a string "true" is not) */
  emailVerified: boolean;
  /** the provider asserts a multi-factor sign-in (see idpAssertsMfa) */
  mfa: boolean;
  /** the provider's subject identifier, for the audit log */
  subject: string | null;
}

// RFC 8176 §2: something known, and something held or something one is. "mfa" says the same
// on its own. Other values (rba, geo, mca, user, wia) prove neither on their own.
const KNOWLEDGE = new Set(["pwd", "pin", "kba"]);
const POSSESSION_OR_INHERENCE = new Set(["hwk", "swk", "otp", "sms", "tel", "sc", "pop", "face", "fpt", "iris", "retina", "vbm"]);

/** Whether an `amr` claim (RFC 8176) says the person gave more than one kind of factor. */
export function idpAssertsMfa(amr: unknown): boolean {
  if (!Array.isArray(amr)) return false;
  const methods = amr.filter((m): m is string => typeof m === "string");
  if (methods.includes("mfa")) return true;
  return methods.some((m) => KNOWLEDGE.has(m)) && methods.some((m) => POSSESSION_OR_INHERENCE.has(m));
}

export function ssoIdentityOf(claims: Readonly<Record<string, unknown>>): SsoIdentity {
  const raw = typeof claims.email === "string" ? normalizeEmail(claims.email) : "";
  const email = raw.length <= 254 && EMAIL_SHAPE.test(raw) ? raw : null;
  const subject = typeof claims.sub === "string" && claims.sub !== "" ? claims.sub.slice(0, 255) : null;
  return { email, emailVerified: claims.email_verified === true, mfa: idpAssertsMfa(claims.amr), subject };
}

export type SsoDecision =
  | { ok: false; reason: SsoRefusal }
  | { ok: true; stage: SessionStage; factorGiven: boolean; byIdpMfa: boolean };

export interface SsoDecisionInput {
  identity: SsoIdentity;
  /** the staff account with that e-mail, if any, and where a password would lead it */
  account: { disabled: boolean; stageAfterPassword: SessionStage } | null;
  trustIdpMfa: boolean;
}

/** Who gets in, and how far, from what the provider said and what the portal knows. Pure. */
export function decideSso({ identity, account, trustIdpMfa }: SsoDecisionInput): SsoDecision {
  if (identity.email === null) return { ok: false, reason: "no-email" };
  if (!identity.emailVerified) return { ok: false, reason: "unverified-email" };
  if (account === null) return { ok: false, reason: "unknown-email" };
  if (account.disabled) return { ok: false, reason: "disabled" };
  if (trustIdpMfa && identity.mfa) return { ok: true, stage: "full", factorGiven: true, byIdpMfa: true };
  const stage = account.stageAfterPassword;
  // As after a password: a session let in without a factor to give counts its sign-in as the proof for step-up.
  return { ok: true, stage, factorGiven: stage === "full", byIdpMfa: false };
}

export interface SsoLoginInput {
  /** the ID token's claims, as Auth.js validated them */
  claims: Readonly<Record<string, unknown>>;
  ip: string | null;
  userAgent: string | null;
}

export type SsoLoginResult =
  | { ok: true; userId: number; sessionId: string; epoch: number; stage: SessionStage }
  | { ok: false; reason: SsoRefusal; email: string | null };

export function attemptSsoLogin(db: Db, input: SsoLoginInput, options: { clock?: Clock } = {}): SsoLoginResult {
  const clock = options.clock ?? systemClock;
  const identity = ssoIdentityOf(input.claims);
  return writeTx(db, (tx): SsoLoginResult => {
    const now = clock();
    // An unverified address is no evidence of who this is: it selects no account, even for the audit log.
    const user = identity.email && identity.emailVerified ? getLoginUser(tx, identity.email) : undefined;
    const decision = decideSso({
      identity,
      account: user ? { disabled: user.disabled, stageAfterPassword: stageAfterPassword(tx, user) } : null,
      trustIdpMfa: trustsIdpMfa(tx),
    });
    const actor: AuditActor = user
      ? { id: user.id, email: user.email, role: user.role }
      : { id: null, email: identity.email ?? "(no e-mail from the identity provider)", role: null };
    const target = user ? { type: "user", id: user.id } : null;
    const said = { method: "oidc", ...(identity.subject ? { subject: identity.subject } : {}) };

    if (!decision.ok || !user) {
      const reason = decision.ok ? "unknown-email" : decision.reason;
      appendAudit(tx, { actor, action: "auth.login", outcome: "failed", target, ip: input.ip, details: { ...said, reason } }, { clock });
      return { ok: false, reason, email: identity.email };
    }
    const { stage, factorGiven, byIdpMfa } = decision;
    const sessionId = createSession(tx, { userId: user.id, ip: input.ip, userAgent: input.userAgent, stage, factorGiven }, now);
    updateUser(tx, user.id, { lastLoginAt: toIso(now) });
    const details = { ...said, ...(stage === "full" ? {} : { next: stage }), ...(byIdpMfa ? { factor: "identity-provider-mfa" } : {}) };
    appendAudit(tx, { actor, action: "auth.login", outcome: "succeeded", target, ip: input.ip, details }, { clock });
    return { ok: true, userId: user.id, sessionId, epoch: user.sessionEpoch, stage };
  });
}
