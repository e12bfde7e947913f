import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/app/(auth)/login/login-form";
import { PasskeySignIn } from "@/app/(auth)/login/passkey-sign-in";
import { SsoButton } from "@/app/(auth)/login/sso-button";
import { Badge } from "@/app/_components/ui/badge";
import { Notice } from "@/app/_components/ui/notice";
import { getCurrentUser, safeNextPath } from "@/lib/auth/session";
import { ssoRefusalMessage } from "@/lib/auth/sso-refusal";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

const ENDED: Record<string, string> = {
  idle: "You were signed out after 30 minutes without activity. Sign in again to continue.",
  expired: "Sessions last at most 12 hours. Sign in again to continue.",
};
const ENDED_OTHERWISE = "Your session has ended. Sign in again to continue.";

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  if (await getCurrentUser()) redirect(next ?? "/");

  const ended = first(params.ended);
  const signedOutWhere = first(params.signedOut);
  const signedOut = signedOutWhere === "1" || signedOutWhere === "everywhere";
  const sso = env().sso;
  // Only with single sign-on configured: otherwise the page stays exactly as it was.
  const ssoProblem = sso ? ssoRefusalMessage({ sso: first(params.sso), email: first(params.email), error: first(params.error) }) : null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-sm font-medium uppercase tracking-wide text-slate-500">TRISA Global Directory Service</p>
          <h1 className="mt-1 text-2xl font-semibold text-slate-900">Sign in to the CA Portal</h1>
          {env().embeddedSimulator ? (
            <p className="mt-2">
              <Badge tone="amber" title="Certificates come from the embedded Sectigo simulator, not from Sectigo.">
                Simulator
              </Badge>
            </p>
          ) : null}
        </div>
        <div className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          {signedOut ? (
            <Notice tone="success">{signedOutWhere === "everywhere" ? "You have signed out on every device." : "You have signed out."}</Notice>
          ) : null}
          {!signedOut && ended ? <Notice tone="info">{ENDED[ended] ?? ENDED_OTHERWISE}</Notice> : null}
          {ssoProblem ? (
            <Notice tone="error" testId="sso-error">
              {ssoProblem}
            </Notice>
          ) : null}
          <LoginForm next={next} />
          <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200" />
            or
            <span className="h-px flex-1 bg-slate-200" />
          </div>
          <PasskeySignIn next={next} />
          {sso ? <SsoButton name={sso.name} next={next} /> : null}
        </div>
        <p className="mt-4 text-center text-xs text-slate-600">
          Staff accounts are made by a portal administrator. Forgot your password? Ask an administrator to reset it.
        </p>
      </div>
    </main>
  );
}
