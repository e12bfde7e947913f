"use client";
// Signing in with a passkey alone: the device checks the person (PIN, fingerprint or face),
// so no password is asked. The server checks the answer (lib/auth/passkeys.ts); on success
// its action redirects and this page goes away.
import { passkeySignInAction, passkeySignInOptionsAction } from "@/app/(auth)/login/actions";
import { PasskeyButton } from "@/app/_components/passkey-button";

export function PasskeySignIn({ next }: { next: string | null }) {
  return <PasskeyButton label="Sign in with a passkey" className="w-full" getOptions={passkeySignInOptionsAction} submit={(answer) => passkeySignInAction(answer, next)} />;
}
