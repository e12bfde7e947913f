"use client";
// Which roles must have a second factor (docs/security.md S16). The boxes start at the policy
// in force, and the line above them says where it comes from; saving the roles already in
// force changes nothing and says so.
import Link from "next/link";
import { saveFactorPolicyAction } from "@/app/(portal)/admin/settings/actions";
import { useKeptChoice } from "@/app/(portal)/admin/settings/_components/kept-choice";
import { useFormAction } from "@/app/_components/use-form-action";
import { focusRing } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import type { FactorPolicySource } from "@/lib/auth/factor-policy";
import { isRole, ROLE_LABELS, ROLES, type Role } from "@/lib/auth/rbac";

const SOURCE_TEXT: Record<FactorPolicySource, string> = {
  setting: "saved on this page (the FACTOR_POLICY environment variable no longer applies).",
  environment: "set by the FACTOR_POLICY environment variable, until different roles are saved here.",
  default: "the portal's default: neither this page nor FACTOR_POLICY has set one.",
};

function roleList(roles: readonly Role[]): string {
  return roles.length === 0 ? "no role" : roles.map((r) => ROLE_LABELS[r]).join(", ");
}

function withoutText(n: number): string {
  if (n === 0) return "Every active account has one.";
  return n === 1 ? "1 active account has none yet." : `${n} active accounts have none yet.`;
}

export interface FactorPolicyFormProps {
  required: Role[];
  source: FactorPolicySource;
  withoutFactor: Record<Role, number>;
  yourFactor: boolean;
}

export function FactorPolicyForm({ required, source, withoutFactor, yourFactor }: FactorPolicyFormProps) {
  const [state, formAction] = useFormAction(saveFactorPolicyAction);
  const [ticked, submit] = useKeptChoice(state, required, (formData) => formData.getAll("required").filter(isRole), formAction);
  return (
    <section aria-labelledby="factors-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="factors-heading" className="text-lg font-semibold text-slate-900">
        Second factors
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-700" data-testid="policy-in-force">
        In force now: <span className="font-medium">{roleList(required)}</span> — {SOURCE_TEXT[source]}
      </p>
      {!yourFactor && !required.includes("admin") ? (
        <div className="mt-3 max-w-3xl">
          <Notice tone="warning" testId="own-factor-first">
            You have no second factor yet. Before administrators can be asked for one, set up yours on{" "}
            <Link href="/account" prefetch={false} className={`rounded underline underline-offset-2 ${focusRing}`}>
              Your account
            </Link>
            .
          </Notice>
        </div>
      ) : null}
      <form action={submit} className="mt-4 flex max-w-3xl flex-col gap-4">
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-2 text-sm font-medium text-slate-800">Must have a second factor</legend>
          {ROLES.map((role) => (
            <div key={role} className="flex items-start gap-3">
              <input
                type="checkbox"
                id={`factor-${role}`}
                name="required"
                value={role}
                defaultChecked={ticked.includes(role)}
                aria-describedby={`factor-${role}-hint`}
                className="row-box mt-0.5 shrink-0"
              />
              <div className="min-w-0">
                <label htmlFor={`factor-${role}`} className="text-sm font-medium text-slate-900">
                  {ROLE_LABELS[role]}
                </label>
                <p id={`factor-${role}-hint`} className="text-xs text-slate-600" data-testid={`without-factor-${role}`}>
                  {withoutText(withoutFactor[role])}
                </p>
              </div>
            </div>
          ))}
        </fieldset>
        <p className="text-xs text-slate-600">
          An account of a ticked role that has no factor is asked to set one up right after its password, at its next sign-in, and can do
          nothing else until it has one. Sessions already open go on.
        </p>
        {state ? (
          state.ok ? (
            state.data.changed ? (
              <Notice tone="success" testId="policy-result">
                Saved. Must have a second factor: {roleList(state.data.required)}.
              </Notice>
            ) : (
              <Notice tone="info" testId="policy-result">
                Nothing changed: these are already the roles that must have a second factor.
              </Notice>
            )
          ) : (
            <Notice tone="error" testId="policy-result">
              {state.message}
            </Notice>
          )
        ) : null}
        <div>
          <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
        </div>
      </form>
    </section>
  );
}
