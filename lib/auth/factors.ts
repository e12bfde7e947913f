/**
 * Second factors (docs/security.md S16): an authenticator app (TOTP) and single-use recovery
 * codes. The rules:
 * - A TOTP is enrolled in two steps: the secret is made and shown (QR code and text), and it
 *   counts only once a first code from the app confirms it. One app per account; enrolling
 *   again replaces an unconfirmed one.
 * - A code is accepted once: the step it matched is stored and no code of that step or an
 *   earlier one is accepted again (a compare-and-set, so two requests at once cannot both win).
 * - Wrong codes are throttled like passwords (lib/auth/throttle.ts), per account.
 * - Recovery codes: 10, shown once when made, stored as SHA-256 hashes (each holds 50 random
 *   bits, so a fast hash is enough), each usable once; making new ones voids the old.
 * - Nobody removes their own last factor while the factor policy asks their role for one.
 * - The TOTP secret is kept only as secret-box ciphertext and is never logged or audited.
 * Every change and every verification is audited.
 */
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { writeTx, type Db, type Tx } from "@/db/client";
import {
  advanceTotpStep,
  deleteFactor,
  deleteUnconfirmed,
  getFactor,
  insertFactor,
  listFactors,
  replaceRecoveryCodes,
  unusedRecoveryCodes,
  updateFactor,
  useRecoveryCode,
} from "@/db/queries/factors";
import type { FactorKind } from "@/db/types";
import { systemClock, toIso, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { secretBox } from "@/lib/crypto/secret-box";
import { actorOf } from "@/lib/auth/denials";
import { factorRequiredFor } from "@/lib/auth/factor-policy";
import type { Role } from "@/lib/auth/rbac";
import { checkThrottle, DEFAULT_THROTTLE, recordAttempt, type ThrottlePolicy } from "@/lib/auth/throttle";
import { newTotpSecret, totpQrSvg, totpStepOf, totpUri } from "@/lib/auth/totp";
import { AppError } from "@/lib/errors";

export const RECOVERY_CODE_COUNT = 10;
const TOTP_CONTEXT = "totp-secret";

export interface FactorOwner {
  id: number;
  email: string;
  role: Role;
}

export interface FactorSummary {
  id: number;
  kind: FactorKind;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface FactorOverview {
  factors: FactorSummary[];
  recoveryCodesLeft: number;
  /** the factor policy asks this account's role for a factor */
  required: boolean;
}

export function factorOverview(db: Db, owner: FactorOwner): FactorOverview {
  return {
    factors: listFactors(db, owner.id).map(({ id, kind, name, createdAt, lastUsedAt }) => ({ id, kind, name, createdAt, lastUsedAt })),
    recoveryCodesLeft: unusedRecoveryCodes(db, owner.id),
    required: factorRequiredFor(db, owner.role),
  };
}

export function hasFactor(db: Db | Tx, userId: number): boolean {
  return listFactors(db, userId).length > 0;
}

export interface TotpEnrolment {
  factorId: number;
  /** base32, for typing into the app by hand */
  secret: string;
  uri: string;
  qrSvg: string;
}

/** Makes a new TOTP secret for the account, not yet counting as a factor. */
export async function startTotpEnrolment(db: Db, owner: FactorOwner, clock: Clock = systemClock): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  const uri = totpUri(secret, owner.email);
  const factorId = writeTx(db, (tx) => {
    if (listFactors(tx, owner.id).some((f) => f.kind === "totp")) {
      throw new AppError("INVALID_INPUT", `user ${owner.id} already has an authenticator app`, "Your account already has an authenticator app. Remove it first to set up another.");
    }
    deleteUnconfirmed(tx, owner.id, "totp");
    return insertFactor(tx, {
      userId: owner.id,
      kind: "totp",
      name: "Authenticator app",
      createdAt: toIso(clock()),
      totpSecretEnc: secretBox().encrypt(secret, TOTP_CONTEXT),
    });
  });
  return { factorId, secret, uri, qrSvg: await totpQrSvg(uri) };
}

function newRecoveryCode(): string {
  // 10 characters of a 32-symbol alphabet without 0/O and 1/I look-alikes: 50 random bits.
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  const code = [...randomBytes(10)].map((b) => alphabet[b % 32]).join("");
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** A recovery code as typed: case, spaces and dashes do not matter. */
function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, "").toUpperCase();
}

function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
}

function issueRecoveryCodes(tx: Tx, userId: number, at: string): string[] {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  replaceRecoveryCodes(tx, userId, codes.map(hashRecoveryCode), at);
  return codes;
}

export interface ConfirmedFactor {
  factorId: number;
  /** new recovery codes, to show once, when the account had none */
  recoveryCodes: string[] | null;
}

/** Confirms a TOTP enrolment with a first code from the app. */
export function confirmTotp(
  db: Db,
  owner: FactorOwner,
  input: { factorId: number; code: string },
  ip: string | null,
  clock: Clock = systemClock,
): ConfirmedFactor {
  const now = clock();
  return writeTx(db, (tx) => {
    const factor = getFactor(tx, owner.id, input.factorId);
    if (!factor || factor.kind !== "totp" || factor.confirmedAt !== null || !factor.totpSecretEnc) {
      throw new AppError("NOT_FOUND", `no TOTP enrolment ${input.factorId} for user ${owner.id}`, "That set-up has expired. Start again with “Set up an authenticator app”.");
    }
    const step = totpStepOf(secretBox().decrypt(factor.totpSecretEnc, TOTP_CONTEXT), input.code, now);
    if (step === null) {
      throw new AppError("INVALID_INPUT", "the first TOTP code did not match", "That code does not match. Type the 6 digits your app shows now (they change every 30 seconds).");
    }
    updateFactor(tx, factor.id, { confirmedAt: toIso(now), lastUsedAt: toIso(now), totpLastStep: step });
    return factorAdded(tx, owner, { id: factor.id, kind: "totp", name: factor.name }, ip, clock);
  });
}

/**
 * The end of adding any factor, in its transaction: the first factor brings recovery codes
 * (shown once), and the addition is audited.
 */
export function factorAdded(tx: Tx, owner: FactorOwner, factor: { id: number; kind: FactorKind; name: string }, ip: string | null, clock: Clock): ConfirmedFactor {
  const recoveryCodes = unusedRecoveryCodes(tx, owner.id) === 0 ? issueRecoveryCodes(tx, owner.id, toIso(clock())) : null;
  appendAudit(
    tx,
    {
      actor: actorOf(owner),
      action: "auth.factor.add",
      outcome: "succeeded",
      target: { type: "user", id: owner.id },
      ip,
      details: { kind: factor.kind, ...(factor.kind === "passkey" ? { name: factor.name } : {}), recoveryCodesIssued: recoveryCodes !== null },
    },
    { clock },
  );
  return { factorId: factor.id, recoveryCodes };
}

/** Removes one of the owner's factors; refused for the last one while the policy asks for one. */
export function removeFactor(db: Db, owner: FactorOwner, factorId: number, ip: string | null, clock: Clock = systemClock): void {
  writeTx(db, (tx) => {
    const factors = listFactors(tx, owner.id);
    const factor = factors.find((f) => f.id === factorId);
    if (!factor) throw new AppError("NOT_FOUND", `no factor ${factorId} for user ${owner.id}`, "That factor was already removed. The list is up to date.");
    if (factors.length === 1 && factorRequiredFor(tx, owner.role)) {
      throw new AppError(
        "INVALID_INPUT",
        `user ${owner.id} tried to remove the last factor`,
        "Your role must have a second factor, and this is your last one. Add another first (a passkey or an authenticator app), then remove this one.",
      );
    }
    deleteFactor(tx, owner.id, factorId);
    if (factors.length === 1) replaceRecoveryCodes(tx, owner.id, [], toIso(clock()));
    appendAudit(
      tx,
      { actor: actorOf(owner), action: "auth.factor.remove", outcome: "succeeded", target: { type: "user", id: owner.id }, ip, details: { kind: factor.kind, name: factor.name } },
      { clock },
    );
  });
}

/** New recovery codes (the old ones stop working); needs a factor to recover to. */
export function regenerateRecoveryCodes(db: Db, owner: FactorOwner, ip: string | null, clock: Clock = systemClock): string[] {
  return writeTx(db, (tx) => {
    if (!hasFactor(tx, owner.id)) {
      throw new AppError("INVALID_INPUT", `user ${owner.id} has no factor for recovery codes`, "Set up an authenticator app or a passkey first: recovery codes stand in for one.");
    }
    const codes = issueRecoveryCodes(tx, owner.id, toIso(clock()));
    appendAudit(tx, { actor: actorOf(owner), action: "auth.recovery-codes.regenerate", outcome: "succeeded", target: { type: "user", id: owner.id }, ip, details: { count: codes.length } }, { clock });
    return codes;
  });
}

export type FactorCheck =
  | { ok: true; method: "totp" | "recovery-code"; recoveryCodesLeft: number }
  | { ok: false; reason: "bad-code" | "throttled"; retryAfterSeconds?: number };

export interface FactorCheckOptions {
  clock?: Clock;
  throttle?: ThrottlePolicy;
  /** what the factor is for, in the audit entry ("sign-in", "step-up") */
  purpose: string;
}

/**
 * Checks a code the person typed: a current TOTP code of their app (each accepted once), or
 * one of their recovery codes (each usable once). Throttled and audited like a password.
 */
export function verifyFactorCode(db: Db, owner: FactorOwner, code: string, ip: string | null, options: FactorCheckOptions): FactorCheck {
  const clock = options.clock ?? systemClock;
  const now = clock();
  const key = `factor:${owner.id}`;
  const address = ip ?? "unknown";
  const audit = (tx: Tx, outcome: "succeeded" | "failed", details: Record<string, unknown>) =>
    appendAudit(tx, { actor: actorOf(owner), action: "auth.factor.verify", outcome, target: { type: "user", id: owner.id }, ip, details: { purpose: options.purpose, ...details } }, { clock });

  const throttle = checkThrottle(db, key, address, now, options.throttle ?? DEFAULT_THROTTLE);
  if (!throttle.allowed) {
    writeTx(db, (tx) => audit(tx, "failed", { reason: "throttled", retryAfterSeconds: throttle.retryAfterSeconds }));
    return { ok: false, reason: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };
  }

  return writeTx(db, (tx) => {
    const at = toIso(now);
    let method: "totp" | "recovery-code" | null = null;
    for (const factor of listFactors(tx, owner.id)) {
      if (factor.kind !== "totp" || !factor.totpSecretEnc) continue;
      const step = totpStepOf(secretBox().decrypt(factor.totpSecretEnc, TOTP_CONTEXT), code, now);
      if (step !== null && advanceTotpStep(tx, factor.id, step, at)) method = "totp";
    }
    if (method === null && normalizeRecoveryCode(code).length === 10 && useRecoveryCode(tx, owner.id, hashRecoveryCode(code), at)) method = "recovery-code";
    recordAttempt(tx, key, address, method !== null, now);
    if (method === null) {
      audit(tx, "failed", { reason: "bad-code" });
      return { ok: false, reason: "bad-code" } as const;
    }
    const left = unusedRecoveryCodes(tx, owner.id);
    audit(tx, "succeeded", { method, ...(method === "recovery-code" ? { recoveryCodesLeft: left } : {}) });
    return { ok: true, method, recoveryCodesLeft: left } as const;
  });
}
