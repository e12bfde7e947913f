// The signed-in shell: product name, Simulator badge, who is signed in, sign-out, and the
// navigation a role may use. requireUser() here sends people without a session to the
// login page; it is not the authorization — every page, action and route checks its own
// permission on the server.
import Link from "next/link";
import { PortalNav } from "@/app/_components/nav";
import { NAV_ITEMS } from "@/app/_components/nav-items";
import { Badge, RoleBadge } from "@/app/_components/ui/badge";
import { focusRing } from "@/app/_components/ui/button";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { signOutAction } from "@/app/(portal)/actions";
import { can } from "@/lib/auth/rbac";
import { requireUser } from "@/lib/auth/session";
import { stepUpMethods } from "@/lib/auth/step-up";
import { getDb } from "@/db/client";
import { StepUpProvider } from "@/app/_components/step-up";
import { env } from "@/lib/env";
import { waitingCountsThisRequest } from "@/app/(portal)/_lib/waiting-counts";
import { needsAttention } from "@/lib/expiry/watch";
import { countBadge } from "@/lib/expiry/count-words";

export default async function PortalLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const user = await requireUser();
  const waiting = can(user.role, "certificates.revoke") ? waitingCountsThisRequest() : null;
  const expiring = can(user.role, "certificates.read") ? needsAttention(getDb()) : null;
  const links = NAV_ITEMS.filter((item) => can(user.role, item.permission)).map(({ href, label }) => ({
    href,
    label,
    ...(href === "/approvals" && waiting ? { waiting: waiting.pending + waiting.emergencies } : {}),
    ...(href === "/expiry" && expiring ? { waiting: expiring, waitingText: countBadge(expiring), waitingLabel: "without a replacement" } : {}),
  }));
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className={`sr-only rounded bg-white px-3 py-2 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 ${focusRing}`}>
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link href="/" prefetch={false} className={`rounded text-lg font-semibold text-slate-900 ${focusRing}`}>
            TRISA CA Portal
          </Link>
          {env().embeddedSimulator ? (
            <Badge tone="amber" title="Certificates come from the embedded Sectigo simulator, not from Sectigo.">
              Simulator
            </Badge>
          ) : null}
          <div className="ml-auto flex flex-wrap items-center gap-x-3 gap-y-2">
            <p className="flex items-center gap-2 text-sm text-slate-700" data-testid="signed-in-as">
              <span className="sr-only">Signed in as</span>
              <span className="max-w-[12rem] truncate font-medium" title={user.email}>
                {user.name}
              </span>
              <RoleBadge role={user.role} />
            </p>
            <Link href="/account" prefetch={false} className={`rounded text-sm text-slate-700 underline-offset-2 hover:underline ${focusRing}`}>
              Your account
            </Link>
            <form action={signOutAction}>
              <SubmitButton variant="secondary" size="sm" pendingLabel="Signing out…">
                Sign out
              </SubmitButton>
            </form>
          </div>
        </div>
        <PortalNav links={links} />
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        <StepUpProvider methods={stepUpMethods(getDb(), user.id)}>{children}</StepUpProvider>
      </main>
    </div>
  );
}
