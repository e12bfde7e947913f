"use client";
// A button that answers with one of the account's passkeys, for the second step of signing in
// and for step-up; the refusal, if any, is shown beside it.
import { useState } from "react";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { answerWithPasskey, type PasskeyOutcome } from "@/app/_components/passkey-client";
import { Button } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";

export interface PasskeyButtonProps<T> {
  label: string;
  getOptions: () => Promise<PasskeyOutcome<PublicKeyCredentialRequestOptionsJSON>>;
  submit: (answer: string) => Promise<PasskeyOutcome<T>>;
  onDone?: (data: T) => void;
  className?: string;
}

export function PasskeyButton<T>({ label, getOptions, submit, onDone, className }: PasskeyButtonProps<T>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    const result = await answerWithPasskey(getOptions, submit);
    setBusy(false);
    if (result.ok) onDone?.(result.data);
    else setError(result.message);
  };
  return (
    <div className="flex flex-col gap-3">
      {error ? (
        <Notice tone="error" testId="passkey-error">
          {error}
        </Notice>
      ) : null}
      <Button variant="secondary" className={className} onClick={run} disabled={busy}>
        {busy ? "Waiting for your passkey…" : label}
      </Button>
    </div>
  );
}
