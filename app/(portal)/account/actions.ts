"use server";
// A person's own sessions (account.own, every role): sign out one other browser, or all of
// them including this one. Each is audited (lib/auth/own-sessions.ts).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { signOut } from "@/lib/auth/config";
import { endAllOwnSessions, endOwnSession } from "@/lib/auth/own-sessions";

export const endSessionAction = defineAction(
  { name: "endSessionAction", permission: "account.own", input: z.object({ ref: z.string().trim().min(1, "Pick a session.").max(64) }) },
  (input, { user, db, ip }) => {
    const device = endOwnSession(db, user, input.ref, ip);
    revalidatePath("/account");
    return { device };
  },
);

export const signOutEverywhereAction = defineAction(
  { name: "signOutEverywhereAction", permission: "account.own", input: z.object({}) },
  async (_input, { user, db, ip }) => {
    endAllOwnSessions(db, user, ip);
    await signOut({ redirect: false });
    redirect("/login?signedOut=everywhere");
  },
);
