import { ssoSignInAction } from "@/app/(auth)/login/sso-actions";
import { SubmitButton } from "@/app/_components/ui/submit-button";

/** "Sign in with <provider>", below the password form when single sign-on is configured. */
export function SsoButton({ name, next }: { name: string; next: string | null }) {
  return (
    <form action={ssoSignInAction} className="flex flex-col gap-3">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <SubmitButton variant="secondary" pendingLabel="Going to your identity provider…" className="w-full" data-testid="sso-sign-in">
        Sign in with {name}
      </SubmitButton>
    </form>
  );
}
