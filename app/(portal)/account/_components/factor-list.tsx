"use client";
// The account's second factors, each removable, and its recovery codes (how many are left,
// and new ones on demand, shown once).
import { regenerateRecoveryCodesAction, removeFactorAction } from "@/app/(portal)/account/actions";
import { formatTime } from "@/app/_components/format";
import { useFormAction } from "@/app/_components/use-form-action";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Notice } from "@/app/_components/ui/notice";
import type { FactorSummary } from "@/lib/auth/factors";
import { RecoveryCodesShown } from "./recovery-codes";

const KIND_LABELS: Record<FactorSummary["kind"], string> = { totp: "Authenticator app", passkey: "Passkey" };

function FactorRow({ factor, last, required }: { factor: FactorSummary; last: boolean; required: boolean }) {
  const [state, remove] = useFormAction(removeFactorAction);
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 px-4 py-3" data-testid="factor-row">
      <div className="text-sm">
        <p className="font-medium text-slate-900">{factor.name}</p>
        <p className="text-slate-600">
          {KIND_LABELS[factor.kind]} · added {formatTime(factor.createdAt)} · last used {formatTime(factor.lastUsedAt)}
        </p>
        {state && !state.ok ? (
          <div className="mt-2">
            <Notice tone="error">{state.message}</Notice>
          </div>
        ) : null}
      </div>
      <ConfirmDialog
        triggerLabel="Remove"
        triggerAriaLabel={`Remove ${factor.name}`}
        title={`Remove ${factor.name}?`}
        description={
          last
            ? required
              ? "It is your last factor and your role must have one: add another first, or this will be refused."
              : "It is your last factor: signing in will ask for your password only, and your recovery codes stop working."
            : "Signing in will no longer accept it."
        }
        confirmLabel="Remove"
        confirmVariant="danger"
        action={remove}
      >
        <input type="hidden" name="factorId" value={factor.id} />
      </ConfirmDialog>
    </li>
  );
}

export function FactorList({ factors, required }: { factors: readonly FactorSummary[]; required: boolean }) {
  if (factors.length === 0) return null;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
      {factors.map((f) => (
        <FactorRow key={f.id} factor={f} last={factors.length === 1} required={required} />
      ))}
    </ul>
  );
}

export function RecoveryCodesPanel({ left }: { left: number }) {
  const [state, regenerate] = useFormAction(regenerateRecoveryCodesAction);
  return (
    <div className="space-y-2 text-sm text-slate-800">
      <p data-testid="recovery-codes-left">
        {left === 0 ? "You have no unused recovery codes." : `You have ${left} unused recovery code${left === 1 ? "" : "s"}.`} Each signs you in once
        in place of a factor.
      </p>
      {state?.ok ? <RecoveryCodesShown codes={state.data.recoveryCodes} /> : null}
      {state && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
      <ConfirmDialog
        triggerLabel="Make new recovery codes"
        title="Make new recovery codes?"
        description="Ten new codes are shown once; every code you have now stops working."
        confirmLabel="Make new codes"
        action={regenerate}
      />
    </div>
  );
}
