"use server";
// Settings actions: admin only (settings.manage), with a fresh proof of the person, each change
// audited with it in one transaction (lib/auth/settings.ts). Unchecked boxes are not posted, so
// a missing field means "none".
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { ROLES } from "@/lib/auth/rbac";
import { saveFactorPolicy, saveFourEyesPolicy, saveIdpTrust, saveNoticeRecipients } from "@/lib/auth/settings";
import { parseRecipientList } from "@/lib/notices";

const PAGE = "/admin/settings";

const factorPolicyInput = z.object({
  required: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(ROLES, { message: "Choose among the four roles." })).max(ROLES.length, "Choose among the four roles."),
  ),
});

const idpTrustInput = z.object({
  trust: z
    .enum(["true"], { message: "Tick the box or leave it empty." })
    .optional()
    .transform((v) => v === "true"),
});

export const saveFactorPolicyAction = defineAction(
  { name: "saveFactorPolicyAction", stepUp: true, permission: "settings.manage", input: factorPolicyInput },
  (input, { user, db, ip }) => {
    const result = saveFactorPolicy(db, user, input.required, { ip });
    revalidatePath(PAGE);
    return result;
  },
);

export const saveIdpTrustAction = defineAction(
  { name: "saveIdpTrustAction", stepUp: true, permission: "settings.manage", input: idpTrustInput },
  (input, { user, db, ip }) => {
    const result = saveIdpTrust(db, user, input.trust, { ip });
    revalidatePath(PAGE);
    return result;
  },
);

const box = z
  .enum(["true"], { message: "Tick the box or leave it empty." })
  .optional()
  .transform((v) => v === "true");

const fourEyesInput = z.object({
  single: box,
  bulk: box,
  emergencyKeyCompromise: box,
  requestHours: z.coerce
    .number({ message: "Give a number of hours." })
    .int("Give a whole number of hours.")
    .min(1, "At least 1 hour.")
    .max(168, "At most 168 hours (a week)."),
});

export const saveFourEyesAction = defineAction(
  { name: "saveFourEyesAction", stepUp: true, permission: "settings.manage", input: fourEyesInput },
  (input, { user, db, ip }) => {
    const result = saveFourEyesPolicy(db, user, input, { ip });
    revalidatePath(PAGE);
    return result;
  },
);

const noticeRecipientsInput = z.object({
  recipients: z
    .string({ message: "List the addresses, one per line." })
    .max(20_000, "The list is too long; use a mailing list.")
    .transform((text, ctx) => {
      const list = parseRecipientList(text);
      for (const problem of list.problems) ctx.addIssue({ code: "custom", message: problem });
      return list.recipients;
    }),
});

export const saveNoticeRecipientsAction = defineAction(
  { name: "saveNoticeRecipientsAction", stepUp: true, permission: "settings.manage", input: noticeRecipientsInput },
  (input, { user, db, ip }) => {
    const result = saveNoticeRecipients(db, user, input.recipients, { ip });
    revalidatePath(PAGE);
    return result;
  },
);
