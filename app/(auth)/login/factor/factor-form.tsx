"use client";
import { verifyFactorAction } from "@/app/(auth)/login/factor/actions";
import { useFormAction } from "@/app/_components/use-form-action";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";

export function FactorForm({ next }: { next: string | null }) {
  const [state, action] = useFormAction(verifyFactorAction);
  return (
    <form action={action} className="flex flex-col gap-4">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {state && !state.ok ? (
        <Notice tone="error" testId="factor-error">
          {state.message}
        </Notice>
      ) : null}
      <TextField
        id="factor-code"
        name="code"
        label="Code"
        hint="The 6 digits your authenticator app shows, or one of your recovery codes."
        autoComplete="one-time-code"
        required
        autoFocus
      />
      <SubmitButton pendingLabel="Checking…" className="w-full">
        Continue
      </SubmitButton>
    </form>
  );
}
