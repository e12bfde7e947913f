/**
 * Passkeys (WebAuthn, docs/security.md S18): a second factor, and on their own a way to sign
 * in. The rules:
 * - User verification is required every time (the device's PIN or fingerprint), so a passkey
 *   is something the person has and something they know or are: enough to sign in alone.
 * - Every ceremony starts with a challenge the portal hands out and stores; an answer is
 *   checked against a stored challenge of the same purpose (and account, when it names one),
 *   at most 5 minutes old, and the challenge is gone after that one answer whatever the outcome.
 * - The browser signs the origin it saw; only the portal's own (lib/auth/relying-party.ts)
 *   count.
 * - A signature counter that does not move forward (when the authenticator keeps one) means
 *   the passkey may have been copied: the answer is refused and audited.
 * - Several passkeys per account, each named by its owner; a passkey belongs to one account.
 * - Checks are throttled like codes and audited; the public key is not a secret but is never
 *   audited either (it says nothing to a reader).
 */
import "server-only";
// @simplewebauthn/server loads @peculiar/x509 (for attestation certificates), which needs
// this polyfill before it, as in lib/pki/x509.ts.
import "reflect-metadata";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { z } from "zod";
import { writeTx, type Db, type Tx } from "@/db/client";
import type { WebauthnPurpose } from "@/db/enums";
import { getFactor, getPasskeyByCredentialId, insertChallenge, insertFactor, listFactors, takeChallenge, updateFactor } from "@/db/queries/factors";
import { getSignInUser, updateUser } from "@/db/queries/users";
import type { UserFactor } from "@/db/types";
import { systemClock, toIso, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { actorOf } from "@/lib/auth/denials";
import { factorAdded, type ConfirmedFactor, type FactorOwner } from "@/lib/auth/factors";
import type { LoginResult } from "@/lib/auth/login";
import { RELYING_PARTY_NAME, type RelyingParty } from "@/lib/auth/relying-party";
import { createSession } from "@/lib/auth/sessions";
import { checkThrottle, DEFAULT_THROTTLE, describeWait, recordAttempt, type ThrottlePolicy } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const PASSKEY_NAME_MAX = 60;

export type AssertionPurpose = Exclude<WebauthnPurpose, "register">;

export type PasskeyFailure = "malformed" | "expired" | "unknown-passkey" | "not-verified" | "counter" | "throttled";

/** What a person is told when a passkey answer is refused. */
export function passkeyFailureMessage(reason: PasskeyFailure, retryAfterSeconds?: number): string {
  switch (reason) {
    case "throttled":
      return `Too many failed attempts. Wait ${describeWait(retryAfterSeconds ?? 60)} and try again.`;
    case "unknown-passkey":
      return "That passkey does not belong to a portal account (it may have been removed). Use another passkey, or your password.";
    case "counter":
      return "That passkey was refused: its use counter went backwards, which can mean it was copied. Use another factor and tell an administrator.";
    case "expired":
      return "That passkey request timed out. Try again.";
    default:
      return "The passkey could not be checked. Try again, or use another way.";
  }
}

// The browser's answer, as @simplewebauthn/browser sends it. Only its shape is checked here;
// the library checks every byte that matters. Bounded so a huge body costs nothing.
const credentialShape = z.looseObject({
  id: z.string().min(1).max(1400),
  rawId: z.string().min(1).max(1400),
  type: z.literal("public-key"),
  response: z.looseObject({ clientDataJSON: z.string().min(1).max(4000) }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

function parseCredential(text: string): { credential: z.infer<typeof credentialShape>; challenge: string } | null {
  if (text.length > 64_000) return null;
  try {
    const credential = credentialShape.parse(JSON.parse(text));
    const client = JSON.parse(Buffer.from(credential.response.clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown };
    return typeof client.challenge === "string" && client.challenge.length > 0 ? { credential, challenge: client.challenge } : null;
  } catch {
    return null;
  }
}

/** Takes the challenge an answer signed: it must exist, be fresh and be for this purpose and account. */
function claimChallenge(tx: Tx, challenge: string, purpose: WebauthnPurpose, userId: number | null, now: Date): boolean {
  const row = takeChallenge(tx, challenge);
  return row !== undefined && row.purpose === purpose && row.userId === userId && row.expiresAt > toIso(now);
}

function handOut(db: Db, challenge: string, purpose: WebauthnPurpose, userId: number | null, now: Date): void {
  writeTx(db, (tx) => insertChallenge(tx, { challenge, purpose, userId, expiresAt: toIso(now.getTime() + CHALLENGE_TTL_MS) }, toIso(now)));
}

function passkeysOf(db: Db | Tx, userId: number): UserFactor[] {
  return listFactors(db, userId).filter((f) => f.kind === "passkey" && f.credentialId !== null);
}

function descriptorOf(factor: UserFactor): { id: string; transports?: string[] } {
  const transports = factor.transports ? (JSON.parse(factor.transports) as string[]) : undefined;
  return { id: factor.credentialId ?? "", ...(transports ? { transports } : {}) };
}

/** The options for the browser to make a new passkey for the owner. */
export async function passkeyRegistrationOptions(db: Db, owner: FactorOwner, rp: RelyingParty, clock: Clock = systemClock): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await generateRegistrationOptions({
    rpName: RELYING_PARTY_NAME,
    rpID: rp.id,
    userName: owner.email,
    userDisplayName: owner.email,
    // An opaque handle (WebAuthn forbids personal data in it); the credential id finds the account.
    userID: new TextEncoder().encode(`portal-user-${owner.id}`),
    attestationType: "none",
    // The same authenticator twice would add nothing.
    excludeCredentials: passkeysOf(db, owner.id).map(descriptorOf),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    timeout: CHALLENGE_TTL_MS,
  });
  handOut(db, options.challenge, "register", owner.id, clock());
  return options;
}

/** Checks the browser's new passkey and keeps it as a factor of the owner. */
export async function addPasskey(
  db: Db,
  owner: FactorOwner,
  input: { name: string; response: string },
  rp: RelyingParty,
  ip: string | null,
  clock: Clock = systemClock,
): Promise<ConfirmedFactor> {
  const name = input.name.trim().slice(0, PASSKEY_NAME_MAX) || "Passkey";
  const parsed = parseCredential(input.response);
  const now = clock();
  const fresh = parsed !== null && writeTx(db, (tx) => claimChallenge(tx, parsed.challenge, "register", owner.id, now));
  if (!parsed || !fresh) {
    throw new AppError("INVALID_INPUT", "passkey registration: no matching challenge", "Setting up the passkey took too long or was interrupted. Start again with “Add a passkey”.");
  }
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: parsed.credential as unknown as RegistrationResponseJSON,
      expectedChallenge: parsed.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch (err) {
    throw new AppError("INVALID_INPUT", `passkey registration refused: ${(err as Error).message}`, "The passkey could not be checked. Try again; if it keeps failing, use another device or an authenticator app.");
  }
  if (!verified.verified) {
    throw new AppError("INVALID_INPUT", "passkey registration not verified", "The passkey could not be checked. Try again; if it keeps failing, use another device or an authenticator app.");
  }
  const { credential } = verified.registrationInfo;
  return writeTx(db, (tx) => {
    if (getPasskeyByCredentialId(tx, credential.id)) {
      throw new AppError("INVALID_INPUT", "passkey already registered", "That passkey is already set up for a portal account.");
    }
    const at = toIso(clock());
    const id = insertFactor(tx, {
      userId: owner.id,
      kind: "passkey",
      name,
      createdAt: at,
      confirmedAt: at,
      lastUsedAt: at,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString("base64url"),
      signCount: credential.counter,
      transports: credential.transports ? JSON.stringify(credential.transports) : null,
    });
    return factorAdded(tx, owner, { id, kind: "passkey", name }, ip, clock);
  });
}

/**
 * The options for the browser to answer with a passkey. For an account (the second step of
 * sign-in, step-up) only its passkeys are offered; for a sign-in with a passkey alone, the
 * browser offers whatever passkeys it holds for the portal.
 */
export async function passkeyAssertionOptions(
  db: Db,
  purpose: AssertionPurpose,
  userId: number | null,
  rp: RelyingParty,
  clock: Clock = systemClock,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allow = userId === null ? [] : passkeysOf(db, userId).map(descriptorOf);
  if (userId !== null && allow.length === 0) {
    throw new AppError("INVALID_INPUT", `user ${userId} has no passkey`, "Your account has no passkey. Use a code from your app or a recovery code.");
  }
  const options = await generateAuthenticationOptions({ rpID: rp.id, allowCredentials: allow, userVerification: "required", timeout: CHALLENGE_TTL_MS });
  handOut(db, options.challenge, purpose, userId, clock());
  return options;
}

type AssertionCheck = { ok: true; factor: UserFactor } | { ok: false; reason: PasskeyFailure; factor?: UserFactor };

/** Checks an answer to a challenge of `purpose`; on success the passkey's counter moves on. */
async function checkAssertion(db: Db, purpose: AssertionPurpose, userId: number | null, responseText: string, rp: RelyingParty, now: Date): Promise<AssertionCheck> {
  const parsed = parseCredential(responseText);
  if (!parsed) return { ok: false, reason: "malformed" };
  if (!writeTx(db, (tx) => claimChallenge(tx, parsed.challenge, purpose, userId, now))) return { ok: false, reason: "expired" };
  const factor = getPasskeyByCredentialId(db, parsed.credential.id);
  if (!factor || (userId !== null && factor.userId !== userId) || !factor.publicKey) return { ok: false, reason: "unknown-passkey" };
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response: parsed.credential as unknown as AuthenticationResponseJSON,
      expectedChallenge: parsed.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      // The counter is compared below, not by the library: it compares before checking the
      // signature, and only a signed answer can say the passkey was copied.
      credential: { ...descriptorOf(factor), publicKey: Buffer.from(factor.publicKey, "base64url"), counter: 0 },
      requireUserVerification: true,
    });
  } catch {
    return { ok: false, reason: "not-verified", factor };
  }
  if (!result.verified) return { ok: false, reason: "not-verified", factor };
  const counter = result.authenticationInfo.newCounter;
  // Compared with the stored counter in the transaction that moves it: of two answers at once
  // with the same counter (a copy used alongside the original), only one gets through.
  const moved = writeTx(db, (tx) => {
    const stored = getFactor(tx, factor.userId, factor.id);
    if (!stored) return "unknown-passkey";
    const last = stored.signCount ?? 0;
    if ((counter > 0 || last > 0) && counter <= last) return "counter";
    updateFactor(tx, factor.id, { signCount: counter, lastUsedAt: toIso(now) });
    return null;
  });
  return moved === null ? { ok: true, factor } : { ok: false, reason: moved, factor };
}

export type PasskeyFactorCheck = { ok: true } | { ok: false; reason: PasskeyFailure; retryAfterSeconds?: number };

export interface PasskeyFactorOptions {
  /** what the factor is for: the second step of sign-in, or step-up */
  purpose: "factor" | "step-up";
  clock?: Clock;
  throttle?: ThrottlePolicy;
}

/**
 * A passkey as the owner's factor: at the second step of sign-in or for step-up. Throttled
 * together with codes (one key per account) and audited like them.
 */
export async function verifyPasskeyFactor(
  db: Db,
  owner: FactorOwner,
  responseText: string,
  rp: RelyingParty,
  ip: string | null,
  options: PasskeyFactorOptions,
): Promise<PasskeyFactorCheck> {
  const clock = options.clock ?? systemClock;
  const now = clock();
  const key = `factor:${owner.id}`;
  const address = ip ?? "unknown";
  const auditPurpose = options.purpose === "factor" ? "sign-in" : "step-up";
  const audit = (tx: Tx, outcome: "succeeded" | "failed", details: Record<string, unknown>) =>
    appendAudit(
      tx,
      { actor: actorOf(owner), action: "auth.factor.verify", outcome, target: { type: "user", id: owner.id }, ip, details: { purpose: auditPurpose, method: "passkey", ...details } },
      { clock },
    );

  const throttle = checkThrottle(db, key, address, now, options.throttle ?? DEFAULT_THROTTLE);
  if (!throttle.allowed) {
    writeTx(db, (tx) => audit(tx, "failed", { reason: "throttled", retryAfterSeconds: throttle.retryAfterSeconds }));
    return { ok: false, reason: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };
  }
  const check = await checkAssertion(db, options.purpose, owner.id, responseText, rp, now);
  writeTx(db, (tx) => {
    recordAttempt(tx, key, address, check.ok, now);
    const name = check.factor ? { name: check.factor.name } : {};
    audit(tx, check.ok ? "succeeded" : "failed", check.ok ? name : { ...name, reason: check.reason });
  });
  return check.ok ? { ok: true } : { ok: false, reason: check.reason };
}

export interface PasskeyLoginInput {
  response: string;
  ip: string | null;
  userAgent: string | null;
}

export type PasskeyLoginResult = LoginResult | { ok: false; reason: "passkey"; failure: PasskeyFailure; retryAfterSeconds?: number };

/**
 * Sign-in with a passkey alone. A verified passkey is both factors, so the session opens
 * `full` and counts as a fresh factor for step-up. Audited as `auth.login` with method
 * "passkey"; failures are throttled per address.
 */
export async function attemptPasskeyLogin(db: Db, input: PasskeyLoginInput, rp: RelyingParty, options: { clock?: Clock; throttle?: ThrottlePolicy } = {}): Promise<PasskeyLoginResult> {
  const clock = options.clock ?? systemClock;
  const now = clock();
  const address = input.ip ?? "unknown";
  // Per address: a passkey cannot be guessed, but a flood of bad answers is still refused.
  const key = `passkey:${address}`;
  const anonymous = { id: null, email: "(passkey)", role: null };
  const throttle = checkThrottle(db, key, address, now, options.throttle ?? DEFAULT_THROTTLE);
  if (!throttle.allowed) {
    writeTx(db, (tx) =>
      appendAudit(tx, { actor: anonymous, action: "auth.login", outcome: "failed", target: null, ip: input.ip, details: { method: "passkey", reason: "throttled" } }, { clock }),
    );
    return { ok: false, reason: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };
  }

  const check = await checkAssertion(db, "sign-in", null, input.response, rp, now);
  const owner = check.factor ? getSignInUser(db, check.factor.userId) : undefined;
  if (!check.ok || !owner || owner.disabled) {
    const reason = check.ok ? "disabled" : check.reason;
    writeTx(db, (tx) => {
      recordAttempt(tx, key, address, false, now);
      appendAudit(
        tx,
        {
          actor: owner ? actorOf(owner) : anonymous,
          action: "auth.login",
          outcome: "failed",
          target: owner ? { type: "user", id: owner.id } : null,
          ip: input.ip,
          details: { method: "passkey", reason },
        },
        { clock },
      );
    });
    return reason === "disabled" ? { ok: false, reason: "disabled" } : { ok: false, reason: "passkey", failure: reason };
  }

  const { factor } = check;
  const sessionId = writeTx(db, (tx) => {
    recordAttempt(tx, key, address, true, now);
    const sid = createSession(tx, { userId: owner.id, ip: input.ip, userAgent: input.userAgent, stage: "full", factorGiven: true }, now);
    updateUser(tx, owner.id, { lastLoginAt: toIso(now) });
    appendAudit(
      tx,
      { actor: actorOf(owner), action: "auth.login", outcome: "succeeded", target: { type: "user", id: owner.id }, ip: input.ip, details: { method: "passkey", name: factor.name } },
      { clock },
    );
    return sid;
  });
  return {
    ok: true,
    user: { id: owner.id, email: owner.email, name: owner.name, role: owner.role, sessionId, stage: "full", factorAt: toIso(now) },
    epoch: owner.sessionEpoch,
  };
}

/** Whether the account has a passkey (the sign-in and step-up pages offer it then). */
export function hasPasskey(db: Db | Tx, userId: number): boolean {
  return passkeysOf(db, userId).length > 0;
}
