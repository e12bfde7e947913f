"use server";
// Staff account actions: admin only (users.manage), each audited with its change in one
// transaction (lib/auth/staff.ts). Passwords go back only as the one-time value to show.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { ROLES } from "@/lib/auth/rbac";
import { changeRole, createStaff, resetFactors, resetPassword, setDisabled } from "@/lib/auth/staff";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password";

const PAGE = "/admin/users";
const userId = z.coerce.number({ message: "Pick an account." }).int().positive("Pick an account.");
const role = z.enum(ROLES, { message: "Choose one of the four roles." });

const createUserInput = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter the person's e-mail address.")
    .max(254, "Use at most 254 characters.")
    .regex(/^[^\s@]+@[^\s@]+$/, "Enter an e-mail address such as name@example.org."),
  name: z.string().trim().min(1, "Enter the person's name.").max(120, "Use at most 120 characters."),
  role,
  // Empty: the portal generates one and shows it once. The policy (length, not the e-mail) is checked by createStaff.
  password: z.string().max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`).optional().default(""),
});

export const createUserAction = defineAction(
  { name: "createUserAction", stepUp: true, permission: "users.manage", input: createUserInput },
  async (input, { user, db, ip }) => {
    const created = await createStaff(db, user, input, { ip });
    revalidatePath(PAGE);
    return { email: created.member.email, role: created.member.role, generatedPassword: created.generatedPassword };
  },
);

export const changeRoleAction = defineAction(
  { name: "changeRoleAction", stepUp: true, permission: "users.manage", input: z.object({ userId, role }) },
  (input, { user, db, ip }) => {
    const member = changeRole(db, user, input.userId, input.role, { ip });
    revalidatePath(PAGE);
    return { email: member.email, role: member.role };
  },
);

export const setDisabledAction = defineAction(
  {
    name: "setDisabledAction",
    stepUp: true,
    permission: "users.manage",
    input: z.object({ userId, disabled: z.enum(["true", "false"]).transform((v) => v === "true") }),
  },
  (input, { user, db, ip }) => {
    const member = setDisabled(db, user, input.userId, input.disabled, { ip });
    revalidatePath(PAGE);
    return { email: member.email, disabled: member.disabled };
  },
);

export const resetPasswordAction = defineAction(
  { name: "resetPasswordAction", stepUp: true, permission: "users.manage", input: z.object({ userId }) },
  async (input, { user, db, ip }) => {
    const reset = await resetPassword(db, user, input.userId, { ip });
    revalidatePath(PAGE);
    return { email: reset.member.email, password: reset.password };
  },
);

export const resetFactorsAction = defineAction({ name: "resetFactorsAction", stepUp: true, permission: "users.manage", input: z.object({ userId }) }, (input, { user, db, ip }) => {
  const member = resetFactors(db, user, input.userId, { ip });
  revalidatePath(PAGE);
  return { email: member.email };
});
