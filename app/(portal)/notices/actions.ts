"use server";
// "Send now" on the e-mail log (admin: notices.send): runs the daily notice job at once, on
// behalf of the person pressing it, who is named in its `notice.send` audit entry.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { sendNoticesNow } from "@/lib/notices";

export const sendNoticesNowAction = defineAction(
  { name: "sendNoticesNowAction", permission: "notices.send", input: z.object({}) },
  async (_input, { db, actor, ip }) => {
    const result = await sendNoticesNow(db, actor, ip);
    revalidatePath("/notices");
    return result;
  },
);
