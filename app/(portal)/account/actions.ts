"use server";
// A person's own account (account.own, every role), each change audited:
// - sessions: sign out one other browser, or all of them including this one
//   (lib/auth/own-sessions.ts);
// - second factors: set up an authenticator app (also while a session waits for its first
//   factor, stage "enrol"), remove a factor, make new recovery codes (lib/auth/factors.ts);
// - calendar feeds of upcoming expiries (lib/calendar/feeds.ts): making one hands out read
//   access to certificate names, so it asks for a fresh proof like adding a factor; revoking
//   one only takes access away, so it never waits for one.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { writeTx } from "@/db/client";
import { defineAction } from "@/lib/actions/define-action";
import { signOut } from "@/lib/auth/config";
import { confirmTotp, regenerateRecoveryCodes, removeFactor, startTotpEnrolment } from "@/lib/auth/factors";
import { endAllOwnSessions, endOwnSession } from "@/lib/auth/own-sessions";
import { addPasskey, passkeyAssertionOptions, passkeyRegistrationOptions, PASSKEY_NAME_MAX } from "@/lib/auth/passkeys";
import { requireRelyingParty } from "@/lib/auth/relying-party";
import { stepUp, stepUpWithPasskey } from "@/lib/auth/step-up";
import { markFactorGiven } from "@/lib/auth/sessions";
import { createFeed, revokeFeed } from "@/lib/calendar/feeds";
import { env } from "@/lib/env";

const factorId = z.coerce.number({ message: "Pick a factor." }).int().positive("Pick a factor.");

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

// Adding a factor asks for a fresh proof in a full session: a borrowed session must not be
// able to add its own way back in.
export const startTotpAction = defineAction({ name: "startTotpAction", permission: "account.own", input: z.object({}), stages: ["enrol"], stepUp: true }, async (_input, { user, db }) => {
  const enrolment = await startTotpEnrolment(db, user);
  return {
    factorId: enrolment.factorId,
    secret: enrolment.secret,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(enrolment.qrSvg).toString("base64")}`,
  };
});

export const confirmTotpAction = defineAction(
  {
    name: "confirmTotpAction",
    permission: "account.own",
    input: z.object({ factorId, code: z.string().trim().min(1, "Type the 6-digit code your app shows.").max(20) }),
    stages: ["enrol"],
  },
  (input, { user, db, ip }) => {
    const confirmed = confirmTotp(db, user, input, ip);
    // The code just given is a factor: the session may now be used, and step-up counts from now.
    // No revalidation here: a refresh would take the one-time recovery codes off the screen;
    // the form refreshes the page once they are saved.
    writeTx(db, (tx) => markFactorGiven(tx, user.sessionId, new Date()));
    return { recoveryCodes: confirmed.recoveryCodes };
  },
);

/** Options for making a passkey on this device (a challenge the server keeps for 5 minutes). */
export const passkeyRegistrationOptionsAction = defineAction(
  { name: "passkeyRegistrationOptionsAction", permission: "account.own", input: z.object({}), stages: ["enrol"], stepUp: true },
  async (_input, { user, db }) => passkeyRegistrationOptions(db, user, await requireRelyingParty()),
);

export const addPasskeyAction = defineAction(
  {
    name: "addPasskeyAction",
    permission: "account.own",
    input: z.object({
      name: z.string().trim().min(1, "Name the passkey, e.g. “Work laptop”.").max(PASSKEY_NAME_MAX, `At most ${PASSKEY_NAME_MAX} characters.`),
      response: z.string().min(1).max(64_000),
    }),
    stages: ["enrol"],
    stepUp: true,
  },
  async (input, { user, db, ip }) => {
    const added = await addPasskey(db, user, input, await requireRelyingParty(), ip);
    // Made with user verification: a factor given now, as after a first TOTP code. No
    // revalidation: the one-time recovery codes must stay on the screen until saved.
    writeTx(db, (tx) => markFactorGiven(tx, user.sessionId, new Date()));
    return { recoveryCodes: added.recoveryCodes };
  },
);

export const removeFactorAction = defineAction({ name: "removeFactorAction", permission: "account.own", input: z.object({ factorId }), stepUp: true }, (input, { user, db, ip }) => {
  removeFactor(db, user, input.factorId, ip);
  revalidatePath("/account");
  return {};
});

export const regenerateRecoveryCodesAction = defineAction(
  { name: "regenerateRecoveryCodesAction", permission: "account.own", input: z.object({}), stepUp: true },
  (_input, { user, db, ip }) => {
    const codes = regenerateRecoveryCodes(db, user, ip);
    revalidatePath("/account");
    return { recoveryCodes: codes };
  },
);

/**
 * The step-up dialog's answer: a code from the app or a recovery code (or, for an account
 * without a factor, the password). The field is named `secret` so that a refused answer is
 * never sent back to the form.
 */
export const stepUpAction = defineAction(
  { name: "stepUpAction", permission: "account.own", input: z.object({ secret: z.string().min(1, "Type your code.").max(1024) }) },
  async (input, { user, db, ip }) => {
    await stepUp(db, user, input.secret, ip);
    return {};
  },
);

/** A challenge for step-up with one of the person's passkeys. */
export const passkeyStepUpOptionsAction = defineAction({ name: "passkeyStepUpOptionsAction", permission: "account.own", input: z.object({}) }, async (_input, { user, db }) =>
  passkeyAssertionOptions(db, "step-up", user.id, await requireRelyingParty()),
);

export const passkeyStepUpAction = defineAction(
  { name: "passkeyStepUpAction", permission: "account.own", input: z.object({ response: z.string().min(1).max(64_000) }) },
  async (input, { user, db, ip }) => {
    await stepUpWithPasskey(db, user, input.response, await requireRelyingParty(), ip);
    return {};
  },
);

export const createCalendarFeedAction = defineAction(
  { name: "createCalendarFeedAction", permission: "certificates.read", input: z.object({}), stepUp: true },
  (_input, { user, db, actor, ip }) => {
    const feed = createFeed(db, { ...actor, id: user.id, role: user.role }, ip);
    revalidatePath("/account");
    // The portal's public address when configured; the browser's own origin otherwise.
    return { id: feed.id, path: feed.path, publicUrl: env().AUTH_URL?.replace(/\/+$/, "") ?? null };
  },
);

export const revokeCalendarFeedAction = defineAction(
  { name: "revokeCalendarFeedAction", permission: "account.own", input: z.object({ feedId: z.coerce.number({ message: "Pick a feed." }).int().positive("Pick a feed.") }) },
  (input, { user, db, actor, ip }) => {
    revokeFeed(db, { ...actor, id: user.id, role: user.role }, input.feedId, ip);
    revalidatePath("/account");
    return {};
  },
);
