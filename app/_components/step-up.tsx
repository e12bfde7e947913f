"use client";
// Step-up in the browser: an action refused with STEP_UP_REQUIRED (lib/auth/step-up.ts) opens
// this dialog, which asks for a passkey or a code from the authenticator app (or the password,
// for an account without a factor); once it is right, the same action runs again. The server decides
// each time: the dialog only collects the proof.
import { createContext, useCallback, useContext, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { passkeyStepUpAction, passkeyStepUpOptionsAction, stepUpAction } from "@/app/(portal)/account/actions";
import { PasskeyButton } from "@/app/_components/passkey-button";
import { Button } from "@/app/_components/ui/button";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import type { StepUpMethods } from "@/lib/auth/step-up";
import { STEP_UP_REQUIRED } from "@/lib/auth/step-up-window";

type RequestStepUp = () => Promise<boolean>;

const StepUpContext = createContext<RequestStepUp | null>(null);

/** Asks for the proof; resolves true once the server accepted it, false when cancelled. */
export function useStepUp(): RequestStepUp | null {
  return useContext(StepUpContext);
}

/** Runs `run`; when the server asks for a fresh factor, asks the person once and runs it again. */
export async function withStepUp<R extends { ok: boolean; code?: string }>(requestStepUp: RequestStepUp | null, run: () => Promise<R>): Promise<R> {
  const first = await run();
  if (first.ok || first.code !== STEP_UP_REQUIRED || !requestStepUp) return first;
  return (await requestStepUp()) ? run() : first;
}

export function StepUpProvider({ methods, children }: { methods: StepUpMethods; children: ReactNode }) {
  const method = methods.secret;
  const dialog = useRef<HTMLDialogElement>(null);
  const settle = useRef<((ok: boolean) => void) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  const request = useCallback<RequestStepUp>(() => {
    settle.current?.(false);
    setError(null);
    dialog.current?.showModal();
    return new Promise<boolean>((resolve) => {
      settle.current = resolve;
    });
  }, []);

  const finish = (ok: boolean) => {
    dialog.current?.close();
    settle.current?.(ok);
    settle.current = null;
  };

  // A plain submit handler, not a form action: the action that asked for the step-up is still
  // pending in its transition, and React would keep this form's status pending along with it.
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    const result = await stepUpAction(null, new FormData(form));
    setBusy(false);
    if (result.ok) {
      form.reset();
      finish(true);
    } else setError(result.message);
  };

  return (
    <StepUpContext.Provider value={request}>
      {children}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onCancel={() => finish(false)}
        className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form onSubmit={submit} className="flex flex-col gap-4 p-5">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            Confirm it is you
          </h2>
          <p className="text-sm text-slate-700">
            {method === "code"
              ? methods.passkey
                ? "This change needs your second factor: use your passkey, or type a code from your app or a recovery code. It then counts for 10 minutes."
                : "This change needs your second factor. Type the 6 digits your authenticator app shows, or a recovery code; it then counts for 10 minutes."
              : "This change needs your password again; it then counts for 10 minutes."}
          </p>
          {methods.passkey ? (
            <PasskeyButton
              label="Use a passkey"
              getOptions={() => passkeyStepUpOptionsAction(null, {})}
              submit={(response) => passkeyStepUpAction(null, { response })}
              onDone={() => finish(true)}
            />
          ) : null}
          {error ? (
            <Notice tone="error" testId="step-up-error">
              {error}
            </Notice>
          ) : null}
          <TextField
            id="step-up-secret"
            name="secret"
            type={method === "code" ? "text" : "password"}
            label={method === "code" ? "Code" : "Password"}
            autoComplete={method === "code" ? "one-time-code" : "current-password"}
            inputMode={method === "code" ? "numeric" : undefined}
            required
            autoFocus={!methods.passkey}
          />
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" size="sm" onClick={() => finish(false)}>
              Cancel
            </Button>
            <Button type="submit" size="sm" disabled={busy}>
              {busy ? "Checking…" : "Confirm"}
            </Button>
          </div>
        </form>
      </dialog>
    </StepUpContext.Provider>
  );
}
