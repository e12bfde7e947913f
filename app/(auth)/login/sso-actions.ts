"use server";
// Single sign-on's first step: off to the identity provider, with `next` as where to come back
// to. Everything after (matching the account, the session row, the audit entry) happens when the
// provider sends the person back to Auth.js's callback (lib/auth/sso.ts).
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { safeNextPath } from "@/lib/auth/session";
import { SSO_PROVIDER_ID } from "@/lib/auth/sso";
import { env } from "@/lib/env";

export async function ssoSignInAction(formData: FormData): Promise<void> {
  if (!env().sso) redirect("/login");
  const next = safeNextPath(formData.get("next")) ?? "/";
  // Back through /login/sso, which sends the new session to its factor step or enrolment first.
  const landing = next === "/" ? "/login/sso" : `/login/sso?next=${encodeURIComponent(next)}`;
  // Throws Next's redirect to the provider's authorization endpoint.
  await signIn(SSO_PROVIDER_ID, { redirectTo: landing });
}
