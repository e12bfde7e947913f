"use server";
// Server actions of the audit page. Every export is a public POST endpoint: each is made with
// defineAction, which checks the session and the permission before anything runs.
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { env } from "@/lib/env";
import { runVerification } from "./_lib/verification";

export const verifyAuditChainAction = defineAction(
  { name: "verifyAuditChainAction", permission: "audit.verify", input: z.object({}) },
  (_input, { db, actor, ip }) => runVerification(db, actor, ip, { publicKey: auditSigningKey(env()) }),
);
