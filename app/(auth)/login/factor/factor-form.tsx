"use client";
import { passkeyFactorOptionsAction, verifyFactorAction, verifyPasskeyFactorAction } from "@/app/(auth)/login/factor/actions";
import { PasskeyButton } from "@/app/_components/passkey-button";
import { useFormAction } from "@/app/_components/use-form-action";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";

/** `passkey`: the account has one, so it is offered first (it needs no typing). */
export function FactorForm({ next, passkey }: { next: string | null; passkey: boolean }) {
  const [state, action] = useFormAction(verifyFactorAction);
  return (
    <div className="flex flex-col gap-4">
      {passkey ? (
        <>
          <PasskeyButton
            label="Use a passkey"
            className="w-full"
            getOptions={() => passkeyFactorOptionsAction(null, {})}
            submit={(response) => verifyPasskeyFactorAction(null, { response, next })}
          />
          <p className="text-center text-xs uppercase tracking-wide text-slate-500">or type a code</p>
        </>
      ) : null}
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
          hint={passkey ? "From your authenticator app, or one of your recovery codes." : "The 6 digits your authenticator app shows, or one of your recovery codes."}
          autoComplete="one-time-code"
          required
          autoFocus={!passkey}
        />
        <SubmitButton pendingLabel="Checking…" className="w-full">
          Continue
        </SubmitButton>
      </form>
    </div>
  );
}
