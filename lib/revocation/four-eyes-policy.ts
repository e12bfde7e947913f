/**
 * When a revocation needs a second person (docs/security.md S20): the settings value
 * `revocation.fourEyes`, saved on the Settings page, else the defaults — bulk revocations
 * need a second person, a single one does not, and there is no emergency path.
 */
import "server-only";
import type { Db, Tx } from "@/db/client";
import { getSetting } from "@/db/queries/settings";

export const FOUR_EYES_KEY = "revocation.fourEyes";

export interface FourEyesPolicy {
  /** a single revocation waits for a second person */
  single: boolean;
  /** a bulk revocation waits for a second person */
  bulk: boolean;
  /** key compromise (reason 1) may be revoked at once, flagged until a second person acknowledges it */
  emergencyKeyCompromise: boolean;
  /** how long a request waits before it expires */
  requestHours: number;
}

export const DEFAULT_FOUR_EYES: Readonly<FourEyesPolicy> = Object.freeze({ single: false, bulk: true, emergencyKeyCompromise: false, requestHours: 24 });

export function fourEyesPolicy(db: Db | Tx): FourEyesPolicy {
  const saved = getSetting<Partial<FourEyesPolicy>>(db, FOUR_EYES_KEY);
  if (!saved || typeof saved !== "object") return { ...DEFAULT_FOUR_EYES };
  const flag = (v: unknown, fallback: boolean) => (typeof v === "boolean" ? v : fallback);
  const hours = Number(saved.requestHours);
  return {
    single: flag(saved.single, DEFAULT_FOUR_EYES.single),
    bulk: flag(saved.bulk, DEFAULT_FOUR_EYES.bulk),
    emergencyKeyCompromise: flag(saved.emergencyKeyCompromise, DEFAULT_FOUR_EYES.emergencyKeyCompromise),
    requestHours: Number.isInteger(hours) && hours >= 1 && hours <= 168 ? hours : DEFAULT_FOUR_EYES.requestHours,
  };
}

export type RevocationPath = "direct" | "request" | "emergency";

/** How a revocation of this kind and reason goes under the policy. */
export function revocationPath(policy: FourEyesPolicy, kind: "single" | "bulk", reasonCode: number): RevocationPath {
  if (!(kind === "single" ? policy.single : policy.bulk)) return "direct";
  return reasonCode === 1 && policy.emergencyKeyCompromise ? "emergency" : "request";
}
