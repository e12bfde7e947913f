"use server";
// The second step of signing in: a code from the authenticator app, or a recovery code. Only
// a session that gave the right password and waits for its factor (stage "factor") gets here;
// the check is throttled and audited (lib/auth/factors.ts).
import { redirect } from "next/navigation";
import { z } from "zod";
import { writeTx } from "@/db/client";
import { defineAction } from "@/lib/actions/define-action";
import { verifyFactorCode } from "@/lib/auth/factors";
import { safeNextPath } from "@/lib/auth/next-path";
import { markFactorGiven } from "@/lib/auth/sessions";
import { describeWait } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";

export const verifyFactorAction = defineAction(
  {
    name: "verifyFactorAction",
    permission: "account.own",
    input: z.object({ code: z.string().trim().min(1, "Type the code from your app, or a recovery code.").max(40), next: z.string().optional() }),
    stages: ["factor"],
  },
  (input, { user, db, ip }) => {
    const result = verifyFactorCode(db, user, input.code, ip, { purpose: "sign-in" });
    if (!result.ok) {
      throw new AppError(
        "INVALID_INPUT",
        `second factor refused: ${result.reason}`,
        result.reason === "throttled"
          ? `Too many wrong codes. Wait ${describeWait(result.retryAfterSeconds ?? 60)} and try again.`
          : "That code is not right, or it was used already. Type the 6 digits your app shows now, or one of your recovery codes.",
      );
    }
    writeTx(db, (tx) => markFactorGiven(tx, user.sessionId, new Date()));
    const next = safeNextPath(input.next) ?? "/";
    redirect(result.method === "recovery-code" ? `/account?recoveryCodesLeft=${result.recoveryCodesLeft}` : next);
  },
);
