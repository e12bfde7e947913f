"use server";
// Server actions of the Sectigo connection page. Every export is a public POST endpoint, made
// with defineAction: session and permission (connection.reauthenticate, admin only) first.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { sectigoConnection } from "@/lib/connection";
import { reauthenticate } from "./_lib/reauthenticate";

export const reauthenticateAction = defineAction(
  { name: "reauthenticateAction", stepUp: true, permission: "connection.reauthenticate", input: z.object({}) },
  async (_input, { db, actor, ip }) => {
    const { client, endpoint } = await sectigoConnection();
    const result = await reauthenticate({ db, actor, ip, endpoint, client });
    revalidatePath("/connection");
    return result;
  },
);
