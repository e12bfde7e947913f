// The second step of signing in, for an account with a second factor: the password was right,
// the session waits (stage "factor") until a code from the app or a recovery code is given.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { StepPage } from "../_components/step-page";
import { getDb } from "@/db/client";
import { hasPasskey } from "@/lib/auth/passkeys";
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
    <StepPage
      title="Your second factor"
      intro={`Signing in as ${user.email}.`}
      footer="Lost your app and your recovery codes? An administrator can reset your factors on Staff accounts."
    >
      <FactorForm next={next} passkey={hasPasskey(getDb(), user.id)} />
    </StepPage>
  );
}
