"use server";
// The second step of signing in: a code from the authenticator app, or a recovery code. Only
// a session that gave the right password and waits for its factor (stage "factor") gets here;
// the check is throttled and audited (lib/auth/factors.ts).
import { redirect } from "next/navigation";
import { z } from "zod";
import { writeTx } from "@/db/client";
import { defineAction } from "@/lib/actions/define-action";
import { verifyFactorCode } from "@/lib/auth/factors";
import { passkeyAssertionOptions, passkeyFailureMessage, verifyPasskeyFactor } from "@/lib/auth/passkeys";
import { requireRelyingParty } from "@/lib/auth/relying-party";
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

/** A challenge for the account's own passkeys, as the second step. */
export const passkeyFactorOptionsAction = defineAction(
  { name: "passkeyFactorOptionsAction", permission: "account.own", input: z.object({}), stages: ["factor"] },
  async (_input, { user, db }) => passkeyAssertionOptions(db, "factor", user.id, await requireRelyingParty()),
);

/** The passkey's answer as the second step: throttled and audited like a code. */
export const verifyPasskeyFactorAction = defineAction(
  {
    name: "verifyPasskeyFactorAction",
    permission: "account.own",
    input: z.object({ response: z.string().min(1).max(64_000), next: z.string().nullish() }),
    stages: ["factor"],
  },
  async (input, { user, db, ip }) => {
    const result = await verifyPasskeyFactor(db, user, input.response, await requireRelyingParty(), ip, { purpose: "factor" });
    if (!result.ok) throw new AppError("INVALID_INPUT", `passkey refused: ${result.reason}`, passkeyFailureMessage(result.reason, result.retryAfterSeconds));
    writeTx(db, (tx) => markFactorGiven(tx, user.sessionId, new Date()));
    redirect(safeNextPath(input.next) ?? "/");
  },
);
