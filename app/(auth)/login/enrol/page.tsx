// Enrolment right after the password, for an account whose role must have a second factor and
// has none (stage "enrol"): nothing else of the portal opens until one is set up.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasskeySetup } from "@/app/(portal)/account/_components/passkey-setup";
import { TotpSetup } from "@/app/(portal)/account/_components/totp-setup";
import { StepPage } from "../_components/step-page";
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
    <StepPage
      wide
      title="Set up a second factor"
      intro={`As ${ROLE_LABELS[user.role].toLowerCase()}, ${user.email} must have a second factor before using the portal: a passkey on this device or a security key (it can then sign you in on its own), or an authenticator app on your phone whose code is asked after your password.`}
    >
      <div className="flex flex-col gap-6">
        <section aria-labelledby="enrol-passkey" className="space-y-2">
          <h2 id="enrol-passkey" className="font-medium text-slate-900">
            A passkey on this device
          </h2>
          <PasskeySetup continueHref={next ?? "/"} continueLabel="Continue to the portal" />
        </section>
        <section aria-labelledby="enrol-app" className="space-y-2 border-t border-slate-200 pt-4">
          <h2 id="enrol-app" className="font-medium text-slate-900">
            Or an authenticator app
          </h2>
          <TotpSetup continueHref={next ?? "/"} continueLabel="Continue to the portal" />
        </section>
      </div>
    </StepPage>
  );
}
