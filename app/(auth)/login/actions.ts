"use server";
// Sign-in: one of the two actions not made with defineAction, because it creates the
// session defineAction checks. Throttling, auditing and the session row happen inside
// Auth.js's authorize (lib/auth/login.ts). The password is never returned.
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { LoginRefused, signIn } from "@/lib/auth/config";
import { landingAfterPassword } from "@/lib/auth/login";
import { passkeyAssertionOptions, passkeyFailureMessage } from "@/lib/auth/passkeys";
import { currentRelyingParty } from "@/lib/auth/relying-party";
import { safeNextPath } from "@/lib/auth/session";
import { describeWait } from "@/lib/auth/throttle";

export interface LoginState {
  message: string;
  /** given back so the form can show it again (React resets the form after an action) */
  email: string;
}

function messageFor(err: AuthError): string {
  if (err instanceof LoginRefused) {
    switch (err.reason) {
      case "passkey":
        return passkeyFailureMessage(err.passkeyFailure ?? "not-verified");
      case "throttled":
        return `Too many failed sign-in attempts. Wait ${describeWait(err.retryAfterSeconds ?? 60)} and try again.`;
      case "disabled":
        return "This account is disabled. Ask an administrator to enable it.";
      default:
        return "That e-mail address and password do not match an account. Check both and try again.";
    }
  }
  return "Signing in is not possible right now. Try again in a moment; if it persists, tell an administrator.";
}

export async function loginAction(_prev: LoginState | null, formData: FormData): Promise<LoginState> {
  const email = String(formData.get("email") ?? "").trim().slice(0, 254);
  const password = String(formData.get("password") ?? "");
  const next = safeNextPath(formData.get("next")) ?? "/";
  if (!email || !password) {
    return { message: "Enter your e-mail address and your password.", email };
  }
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (err) {
    // Only Auth.js errors are answers; anything else goes on.
    if (err instanceof AuthError) return { message: messageFor(err), email };
    throw err;
  }
  redirect(landingAfterPassword(getDb(), email, next));
}

/** A challenge for signing in with a passkey alone; the browser offers the passkeys it holds. */
export async function passkeySignInOptionsAction() {
  const rp = await currentRelyingParty();
  if (!rp) return { ok: false as const, message: "Passkeys cannot be used at this address. Sign in with your password." };
  return { ok: true as const, data: await passkeyAssertionOptions(getDb(), "sign-in", null, rp) };
}

/** The browser's answer to that challenge; a verified passkey signs in without a password. */
export async function passkeySignInAction(answer: string, nextPath: string | null): Promise<{ ok: false; message: string }> {
  try {
    await signIn("passkey", { response: String(answer).slice(0, 64_000), redirect: false });
  } catch (err) {
    if (err instanceof AuthError) return { ok: false, message: messageFor(err) };
    throw err;
  }
  redirect(safeNextPath(nextPath) ?? "/");
}
