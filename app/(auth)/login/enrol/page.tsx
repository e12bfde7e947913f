// Enrolment right after the password, for an account whose role must have a second factor and
// has none (stage "enrol"): nothing else of the portal opens until one is set up.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
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
      intro={`As ${ROLE_LABELS[user.role].toLowerCase()}, ${user.email} must have a second factor before using the portal: a code from an authenticator app on your phone, asked after your password each time you sign in.`}
    >
      <TotpSetup continueHref={next ?? "/"} continueLabel="Continue to the portal" />
    </StepPage>
  );
}
