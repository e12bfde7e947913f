/**
 * What an administrator changes on the Settings page (docs/security.md S16): which roles must
 * hold a second factor, and whether a single sign-on's own multi-factor claim counts as one.
 *
 * Rules:
 * - A change and its `settings.changed` entry ({ key, before, after }) commit in one
 *   transaction. Saving what is already in force writes nothing and records nothing
 *   (`changed: false`): "in force" is what the portal does, so the same roles as
 *   FACTOR_POLICY do not turn into a saved setting.
 * - A policy that newly asks administrators for a factor is refused while the administrator
 *   saving it has none: whoever makes the rule shows first that it can be met on this portal,
 *   rather than being the first one held at enrolment. They set up their own on Your account.
 */
import "server-only";
import { writeTx, type Db, type Tx } from "@/db/client";
import { setSetting } from "@/db/queries/settings";
import { countActiveWithoutFactor } from "@/db/queries/users";
import { systemClock, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { actorOf } from "@/lib/auth/denials";
import { FACTOR_POLICY_KEY, factorPolicyWithSource, type FactorPolicy, type FactorPolicySource } from "@/lib/auth/factor-policy";
import { hasFactor } from "@/lib/auth/factors";
import { singleSignOnConfigured, TRUST_IDP_MFA_KEY, trustsIdpMfa } from "@/lib/auth/idp-trust";
import { ROLES, type Role } from "@/lib/auth/rbac";
import type { SessionUser } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { noticeRecipients, RECIPIENTS_KEY } from "@/lib/notices/recipients";
import { FOUR_EYES_KEY, fourEyesPolicy, type FourEyesPolicy } from "@/lib/revocation/four-eyes-policy";

export interface SettingsOptions {
  clock?: Clock;
  ip?: string | null;
}

export interface FactorPolicyChange {
  changed: boolean;
  /** the roles in force after the call, in the order of ROLES */
  required: Role[];
  source: FactorPolicySource;
}

export interface IdpTrustChange {
  changed: boolean;
  trusted: boolean;
}

function recordChange(tx: Tx, by: SessionUser, key: string, before: unknown, after: unknown, options: SettingsOptions, extra: Record<string, unknown> = {}): void {
  const clock = options.clock ?? systemClock;
  setSetting(tx, key, after, by.id, clock);
  appendAudit(
    tx,
    {
      actor: actorOf(by),
      action: "settings.changed",
      outcome: "succeeded",
      target: { type: "setting", id: key },
      ip: options.ip ?? null,
      details: { key, before, after, ...extra },
    },
    { clock },
  );
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

export interface SettingsOverview {
  factorPolicy: { required: Role[]; source: FactorPolicySource };
  /** active accounts of each role without a second factor: who a new policy would send to enrolment */
  withoutFactor: Record<Role, number>;
  /** the administrator looking has a second factor (asking administrators for one needs it) */
  yourFactor: boolean;
  trustIdpMfa: boolean;
  singleSignOn: boolean;
  fourEyes: FourEyesPolicy;
  /** who receives the expiry digest by e-mail */
  noticeRecipients: string[];
}

export function settingsOverview(db: Db, viewerId: number): SettingsOverview {
  const policy = factorPolicyWithSource(db);
  const counts = countActiveWithoutFactor(db);
  return {
    factorPolicy: { required: ROLES.filter((r) => policy.required.includes(r)), source: policy.source },
    withoutFactor: Object.fromEntries(ROLES.map((r) => [r, counts[r] ?? 0])) as Record<Role, number>,
    yourFactor: hasFactor(db, viewerId),
    trustIdpMfa: trustsIdpMfa(db),
    singleSignOn: singleSignOnConfigured(),
    fourEyes: fourEyesPolicy(db),
    noticeRecipients: noticeRecipients(db),
  };
}

export function saveFactorPolicy(db: Db, by: SessionUser, roles: readonly Role[], options: SettingsOptions = {}): FactorPolicyChange {
  const required = ROLES.filter((r) => roles.includes(r));
  return writeTx(db, (tx) => {
    const before = factorPolicyWithSource(tx);
    if (sameRoles(before.required, required)) return { changed: false, required: ROLES.filter((r) => before.required.includes(r)), source: before.source };
    if (required.includes("admin") && !before.required.includes("admin") && !hasFactor(tx, by.id)) {
      throw new AppError(
        "OWN_FACTOR_FIRST",
        `admin ${by.id} without a factor tried to require one of admins`,
        "Set up your own second factor on Your account first, then save again: this policy would send every administrator without one, you included, to set one up at their next sign-in.",
      );
    }
    const after: FactorPolicy = { required };
    // What was in force, and from where: without a saved setting, the stored value was nothing.
    recordChange(tx, by, FACTOR_POLICY_KEY, { required: before.required }, after, options, { beforeSource: before.source });
    return { changed: true, required, source: "setting" };
  });
}

export function saveIdpTrust(db: Db, by: SessionUser, trusted: boolean, options: SettingsOptions = {}): IdpTrustChange {
  return writeTx(db, (tx) => {
    const before = trustsIdpMfa(tx);
    if (before === trusted) return { changed: false, trusted };
    recordChange(tx, by, TRUST_IDP_MFA_KEY, before, trusted, options);
    return { changed: true, trusted };
  });
}

export interface FourEyesChange {
  changed: boolean;
  policy: FourEyesPolicy;
}

/** When revocations wait for a second person (docs/security.md S20). */
export function saveFourEyesPolicy(db: Db, by: SessionUser, policy: FourEyesPolicy, options: SettingsOptions = {}): FourEyesChange {
  return writeTx(db, (tx) => {
    const before = fourEyesPolicy(tx);
    const same = (Object.keys(before) as (keyof FourEyesPolicy)[]).every((k) => before[k] === policy[k]);
    if (same) return { changed: false, policy: before };
    recordChange(tx, by, FOUR_EYES_KEY, before, policy, options);
    return { changed: true, policy };
  });
}

export interface NoticeRecipientsChange {
  changed: boolean;
  recipients: string[];
}

/** Who receives the expiry digest by e-mail (lib/notices/recipients.ts parses and checks the list). */
export function saveNoticeRecipients(db: Db, by: SessionUser, recipients: readonly string[], options: SettingsOptions = {}): NoticeRecipientsChange {
  return writeTx(db, (tx) => {
    const before = noticeRecipients(tx);
    if (before.length === recipients.length && before.every((r, i) => r === recipients[i])) return { changed: false, recipients: before };
    recordChange(tx, by, RECIPIENTS_KEY, before, [...recipients], options);
    return { changed: true, recipients: [...recipients] };
  });
}
