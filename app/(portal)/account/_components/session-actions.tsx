"use client";
// The two ways out: one other browser's session, or every session of the account.
import { endSessionAction, signOutEverywhereAction } from "@/app/(portal)/account/actions";
import { useFormAction } from "@/app/_components/use-form-action";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";

export function EndSessionButton({ sessionRef, device }: { sessionRef: string; device: string }) {
  const [state, action] = useFormAction(endSessionAction);
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="ref" value={sessionRef} />
      <SubmitButton variant="secondary" size="sm" aria-label={`Sign out ${device}`} pendingLabel="Signing out…">
        Sign out
      </SubmitButton>
      {state && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
    </form>
  );
}

export function SignOutEverywhere({ others }: { others: number }) {
  const [state, action] = useFormAction(signOutEverywhereAction);
  return (
    <div className="space-y-2">
      <ConfirmDialog
        triggerLabel="Sign out everywhere"
        triggerVariant="secondary"
        title="Sign out everywhere?"
        description={`Every session of your account ends now: ${others === 0 ? "this browser" : `this browser and ${others} other${others === 1 ? "" : "s"}`}. You will have to sign in again here too.`}
        confirmLabel="Sign out everywhere"
        confirmVariant="danger"
        action={action}
      />
      {state && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
    </div>
  );
}
