// The frame of a sign-in step after the password (second factor, enrolment): a heading, what
// the step is for, the step itself in a card, and a way out that signs the session out.
import type { ReactNode } from "react";
import { signOutAction } from "@/app/(portal)/actions";
import { SubmitButton } from "@/app/_components/ui/submit-button";

export function StepPage({ title, intro, wide = false, children, footer }: { title: string; intro: ReactNode; wide?: boolean; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className={`w-full space-y-6 ${wide ? "max-w-lg" : "max-w-sm"}`}>
        <div className="text-center">
          <p className="text-sm font-medium uppercase tracking-wide text-slate-500">TRISA CA Portal</p>
          <h1 className="mt-1 text-2xl font-semibold text-slate-900">{title}</h1>
          <p className="mt-2 text-sm text-slate-700">{intro}</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
        {footer ? <p className="text-center text-sm text-slate-700">{footer}</p> : null}
        <form action={signOutAction} className="text-center">
          <SubmitButton variant="secondary" size="sm" pendingLabel="Signing out…">
            Cancel and sign out
          </SubmitButton>
        </form>
      </div>
    </main>
  );
}
