"use server";
// Sign-out: one of the two actions not made with defineAction (it ends the session that
// defineAction checks). It works even when the session already ended elsewhere: the
// cookie is cleared either way.
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { signOut } from "@/lib/auth/config";
import { endSessionForLogout } from "@/lib/auth/logout";
import { currentRequestInfo } from "@/lib/auth/request-info";
import { getSessionUser } from "@/lib/auth/session";

export async function signOutAction(): Promise<void> {
  const user = await getSessionUser();
  if (user) endSessionForLogout(getDb(), user, (await currentRequestInfo()).ip);
  await signOut({ redirect: false });
  redirect("/login?signedOut=1");
}
