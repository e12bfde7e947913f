// The second step of signing in, for an account with a second factor: the password was right,
// the session waits (stage "factor") until a code from the app or a recovery code is given.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signOutAction } from "@/app/(portal)/actions";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { getSessionUser, safeNextPath } from "@/lib/auth/session";
import { FactorForm } from "./factor-form";

export const metadata: Metadata = { title: "Second factor" };

export default async function FactorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  const user = await getSessionUser();
  if (!user) redirect("/login");
  if (user.stage !== "factor") redirect(user.stage === "enrol" ? "/login/enrol" : (next ?? "/"));
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="text-sm font-medium uppercase tracking-wide text-slate-500">TRISA CA Portal</p>
          <h1 className="mt-1 text-2xl font-semibold text-slate-900">Your second factor</h1>
          <p className="mt-2 text-sm text-slate-700">Signing in as {user.email}.</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <FactorForm next={next} />
        </div>
        <p className="text-center text-sm text-slate-700">
          Lost your app and your recovery codes? An administrator can reset your factors on Staff accounts.
        </p>
        <form action={signOutAction} className="text-center">
          <SubmitButton variant="secondary" size="sm" pendingLabel="Signing out…">
            Cancel and sign out
          </SubmitButton>
        </form>
      </div>
    </main>
  );
}
