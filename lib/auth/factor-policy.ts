/**
 * Which roles must hold a second factor (docs/security.md S16). The policy is the settings
 * value `auth.factorPolicy` once an administrator has saved one, else FACTOR_POLICY from the
 * environment, else admin and operator. A role that must have a factor and has none is sent
 * to enrolment right after its password, and can do nothing else until it has one.
 */
import "server-only";
import type { Db, Tx } from "@/db/client";
import { getSetting } from "@/db/queries/settings";
import { env } from "@/lib/env";
import { isRole, type Role } from "@/lib/auth/rbac";

export const FACTOR_POLICY_KEY = "auth.factorPolicy";
export const DEFAULT_FACTOR_ROLES: readonly Role[] = ["admin", "operator"];

export interface FactorPolicy {
  /** roles that must hold a second factor */
  required: Role[];
}

/** Where the policy in force comes from: the Settings page, FACTOR_POLICY, or neither. */
export type FactorPolicySource = "setting" | "environment" | "default";

export function factorPolicyWithSource(db: Db | Tx): FactorPolicy & { source: FactorPolicySource } {
  const saved = getSetting<FactorPolicy>(db, FACTOR_POLICY_KEY);
  if (saved && Array.isArray(saved.required)) return { required: saved.required.filter(isRole), source: "setting" };
  const fromEnv = env().FACTOR_POLICY;
  return fromEnv ? { required: fromEnv, source: "environment" } : { required: [...DEFAULT_FACTOR_ROLES], source: "default" };
}

export function factorPolicy(db: Db | Tx): FactorPolicy {
  return { required: factorPolicyWithSource(db).required };
}

export function factorRequiredFor(db: Db | Tx, role: Role): boolean {
  return factorPolicy(db).required.includes(role);
}
