"use server";
// Deciding revocation requests (docs/security.md S20). Each is a public POST endpoint: session,
// the revoke permission (operator, admin), a fresh factor for the irreversible ones, then the
// domain checks who may decide (never the requester) and audits every refusal.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { sectigoConnection } from "@/lib/connection";
import { acknowledgeEmergency, approveRequest, COMMENT_MAX, rejectRequest, withdrawRequest } from "@/lib/revocation/requests";

const requestId = z.coerce.number({ message: "Pick a request." }).int().positive("Pick a request.");
const note = z.string().trim().max(COMMENT_MAX, `At most ${COMMENT_MAX} characters.`).default("");

/**
 * After a decision the request leaves the waiting list, taking its card along: the page is
 * opened again naming it, and says what became of it.
 */
function decided(requestId: number, serials: readonly string[]): never {
  revalidatePath("/approvals");
  revalidatePath("/certificates");
  revalidatePath("/");
  for (const serial of serials) revalidatePath(`/certificates/${encodeURIComponent(serial)}`);
  redirect(`/approvals?done=${requestId}`);
}

export const approveRequestAction = defineAction(
  {
    name: "approveRequestAction",
    stepUp: true,
    permission: "certificates.revoke",
    input: z.object({ requestId, confirmation: z.string().max(300, "That is longer than any common name.") }),
  },
  async (input, { db, actor, ip }) => {
    const { client } = await sectigoConnection();
    const { request, results } = await approveRequest({ db, client, actor, ip }, input.requestId, input.confirmation);
    decided(request.id, results.results.map((r) => r.serial));
  },
);

export const rejectRequestAction = defineAction(
  { name: "rejectRequestAction", stepUp: true, permission: "certificates.revoke", input: z.object({ requestId, note }) },
  (input, { db, actor, ip }) => {
    const request = rejectRequest({ db, actor, ip }, input.requestId, input.note);
    decided(request.id, JSON.parse(request.serials) as string[]);
  },
);

export const withdrawRequestAction = defineAction(
  { name: "withdrawRequestAction", permission: "certificates.revoke", input: z.object({ requestId }) },
  (input, { db, actor, ip }) => {
    const request = withdrawRequest({ db, actor, ip }, input.requestId);
    decided(request.id, JSON.parse(request.serials) as string[]);
  },
);

export const acknowledgeEmergencyAction = defineAction(
  { name: "acknowledgeEmergencyAction", stepUp: true, permission: "certificates.revoke", input: z.object({ requestId, note }) },
  (input, { db, actor, ip }) => {
    const request = acknowledgeEmergency({ db, actor, ip }, input.requestId, input.note);
    decided(request.id, []);
  },
);
