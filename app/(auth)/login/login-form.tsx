"use client";
import { useActionState } from "react";
import { loginAction, type LoginState } from "@/app/(auth)/login/actions";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";

export function LoginForm({ next }: { next: string | null }) {
  const [state, formAction] = useActionState<LoginState | null, FormData>(loginAction, null);
  return (
    <form action={formAction} className="flex flex-col gap-4">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {state ? (
        <Notice tone="error" testId="login-error">
          {state.message}
        </Notice>
      ) : null}
      <TextField
        // React 19 resets the form after an action: give the e-mail back, never the password.
        key={state?.email ?? ""}
        id="login-email"
        name="email"
        type="email"
        label="E-mail address"
        autoComplete="username"
        required
        autoFocus
        defaultValue={state?.email ?? ""}
      />
      <TextField id="login-password" name="password" type="password" label="Password" autoComplete="current-password" required />
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}
