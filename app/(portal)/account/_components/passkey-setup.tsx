"use client";
// Adding a passkey: name it, then the browser makes it on this device (or a security key) after
// checking the person (PIN, fingerprint or face). The recovery codes that come with a first
// factor are shown once at the end.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { addPasskeyAction, passkeyRegistrationOptionsAction } from "@/app/(portal)/account/actions";
import { createPasskey } from "@/app/_components/passkey-client";
import { useStepUp, withStepUp } from "@/app/_components/step-up";
import { Button } from "@/app/_components/ui/button";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { FactorAdded } from "./factor-added";

export function PasskeySetup({ continueHref, continueLabel }: { continueHref?: string; continueLabel?: string }) {
  const requestStepUp = useStepUp();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<{ name: string; recoveryCodes: string[] | null } | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (!name) {
      setError("Name the passkey, e.g. “Work laptop”, so you can tell it apart later.");
      return;
    }
    setBusy(true);
    setError(null);
    const result = await createPasskey(
      () => withStepUp(requestStepUp, () => passkeyRegistrationOptionsAction(null, {})),
      (response) => addPasskeyAction(null, { name, response }),
    );
    setBusy(false);
    if (result.ok) {
      form.reset();
      setAdded({ name, recoveryCodes: result.data.recoveryCodes });
      // With no codes to keep on the screen, the list can show the new passkey at once.
      if (!result.data.recoveryCodes && !continueHref) router.refresh();
    } else setError(result.message);
  };

  if (added?.recoveryCodes || (added && continueHref)) {
    return (
      <FactorAdded
        testId="passkey-added"
        recoveryCodes={added.recoveryCodes}
        continueHref={continueHref}
        continueLabel={continueLabel}
        onSaved={() => {
          setAdded(null);
          router.refresh();
        }}
      >
        Your passkey “{added.name}” is set up. Signing in can use it instead of your password and a code.
      </FactorAdded>
    );
  }

  return (
    <form onSubmit={submit} className="flex max-w-md flex-col gap-3" data-testid="passkey-setup">
      {added ? (
        <Notice tone="success" testId="passkey-added">
          Your passkey “{added.name}” is set up.
        </Notice>
      ) : null}
      {error ? (
        <Notice tone="error" testId="passkey-setup-error">
          {error}
        </Notice>
      ) : null}
      <TextField id="passkey-name" name="name" label="Passkey name" hint="Which device or key it is on, e.g. “Work laptop” or “YubiKey”." maxLength={60} />
      <div>
        <Button type="submit" variant="secondary" disabled={busy}>
          {busy ? "Waiting for your device…" : "Add a passkey"}
        </Button>
      </div>
    </form>
  );
}
