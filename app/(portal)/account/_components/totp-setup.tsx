"use client";
// Setting up an authenticator app: make a secret, scan it (or type it), confirm with the first
// code; the recovery codes that come with a first factor are shown once at the end.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { confirmTotpAction, startTotpAction } from "@/app/(portal)/account/actions";
import { fieldErrors, useFormAction } from "@/app/_components/use-form-action";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { FactorAdded } from "./factor-added";

/**
 * `hidden`: the account already has an app. The component stays mounted even then, so that the
 * page's refresh after confirming does not take the one-time recovery codes off the screen.
 */
export function TotpSetup({ continueHref, continueLabel, hidden = false }: { continueHref?: string; continueLabel?: string; hidden?: boolean }) {
  const [started, start] = useFormAction(startTotpAction);
  const [confirmed, confirm] = useFormAction(confirmTotpAction);
  const [dismissed, setDismissed] = useState(false);
  const router = useRouter();

  if (confirmed?.ok && !dismissed) {
    return (
      <FactorAdded
        testId="totp-added"
        recoveryCodes={confirmed.data.recoveryCodes}
        continueHref={continueHref}
        continueLabel={continueLabel}
        onSaved={() => {
          setDismissed(true);
          router.refresh();
        }}
      >
        Your authenticator app is set up. From now on, signing in asks for a code from it.
      </FactorAdded>
    );
  }

  if (hidden) return null;

  if (!started?.ok) {
    return (
      <form action={start} className="space-y-2">
        {started && !started.ok ? <Notice tone="error">{started.message}</Notice> : null}
        <SubmitButton pendingLabel="Preparing…">Set up an authenticator app</SubmitButton>
      </form>
    );
  }

  const { factorId, secret, qrDataUrl } = started.data;
  return (
    <div className="space-y-4" data-testid="totp-setup">
      <ol className="list-decimal space-y-3 pl-5 text-sm text-slate-800">
        <li>
          In your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Aegis…), add an account by scanning this code:
          {/* A generated SVG as an image, so nothing in it can run; next/image has nothing to optimise in a data: URL. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={qrDataUrl} alt="QR code for your authenticator app" width={184} height={184} className="mt-2 rounded border border-slate-200 bg-white" />
        </li>
        <li>
          Or type this key into the app instead (time-based, 6 digits, 30 seconds):
          <code data-testid="totp-secret" className="mt-1 block select-all break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm text-slate-900">
            {secret.match(/.{1,4}/g)?.join(" ")}
          </code>
        </li>
        <li>Type the code the app shows to finish.</li>
      </ol>
      <form action={confirm} className="flex max-w-xs flex-col gap-3">
        <input type="hidden" name="factorId" value={factorId} />
        {confirmed && !confirmed.ok && !confirmed.fieldErrors ? <Notice tone="error">{confirmed.message}</Notice> : null}
        <TextField id="totp-first-code" name="code" label="Code from the app" inputMode="numeric" autoComplete="one-time-code" required errors={fieldErrors(confirmed, "code")} />
        <SubmitButton pendingLabel="Checking…">Confirm</SubmitButton>
      </form>
    </div>
  );
}
