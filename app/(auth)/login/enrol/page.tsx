// Enrolment right after the password, for an account whose role must have a second factor and
// has none (stage "enrol"): nothing else of the portal opens until one is set up.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signOutAction } from "@/app/(portal)/actions";
import { TotpSetup } from "@/app/(portal)/account/_components/totp-setup";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { ROLE_LABELS } from "@/lib/auth/rbac";
import { getSessionUser, safeNextPath } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Set up a second factor" };

export default async function EnrolPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  const user = await getSessionUser();
  if (!user) redirect("/login");
  if (user.stage === "factor") redirect("/login/factor");
  if (user.stage === "full") redirect(next ?? "/");
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-lg space-y-6">
        <div className="text-center">
          <p className="text-sm font-medium uppercase tracking-wide text-slate-500">TRISA CA Portal</p>
          <h1 className="mt-1 text-2xl font-semibold text-slate-900">Set up a second factor</h1>
          <p className="mt-2 text-sm text-slate-700">
            As {ROLE_LABELS[user.role].toLowerCase()}, {user.email} must have a second factor before using the portal: a code from an authenticator
            app on your phone, asked after your password each time you sign in.
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <TotpSetup continueHref={next ?? "/"} continueLabel="Continue to the portal" />
        </div>
        <form action={signOutAction} className="text-center">
          <SubmitButton variant="secondary" size="sm" pendingLabel="Signing out…">
            Cancel and sign out
          </SubmitButton>
        </form>
      </div>
    </main>
  );
}
