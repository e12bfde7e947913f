// Where single sign-on comes back to once Auth.js has opened the session (its callbackUrl): on
// to the step the session waits for, carrying `next`, exactly as after a password.
import { redirect } from "next/navigation";
import { landingForStage } from "@/lib/auth/login";
import { getSessionUser, safeNextPath } from "@/lib/auth/session";

export default async function SsoLandingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw) ?? "/";
  const user = await getSessionUser();
  redirect(user ? landingForStage(user.stage, next) : "/login");
}
