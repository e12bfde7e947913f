"use server";
// Server actions of the certificate pages. Every export is a public POST endpoint, made with
// defineAction: session, then permission (certificates.read for finding and checking;
// certificates.revoke — operator, admin — for anything that revokes), then the zod input.
// The domain (lib/inventory, lib/revocation) writes the audit intent before each Sectigo
// call and the outcome after it.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { sectigoConnection } from "@/lib/connection";
import { AppError, isUserFacingError } from "@/lib/errors";
import { askSectigo, checkCrl } from "@/lib/inventory";
import { bulkRevoke, checkRevocationWithSectigo, previewRevocation, revokeCertificate, type BulkRevokeProgress, type RevokeResult } from "@/lib/revocation";
import { fourEyesPolicy, revocationPath } from "@/lib/revocation/four-eyes-policy";
import { COMMENT_MAX, emergencyRevocation, requestRevocation } from "@/lib/revocation/requests";
import { bulkJobs, type BulkJobView } from "./_lib/bulk-jobs";

/** The most certificates one bulk revoke takes: one page of results at the largest size. */
const MAX_BULK = 100;

const serialText = z.string().trim().min(1, "Give a serial number.").max(200, "That is too long for a serial number.");
const reasonCode = z.coerce
  .number({ error: "Pick a reason." })
  .int("Pick a reason.")
  .refine((n) => n >= 0 && n <= 10 && n !== 7, "Pick one of the listed reasons.");

export const askSectigoAction = defineAction(
  {
    name: "askSectigoAction",
    permission: "certificates.read",
    input: z.object({
      by: z.enum(["commonName", "serial"], { error: "Choose whether the text is a common name or a serial." }),
      value: z.string().trim().min(1, "Type the exact common name or serial to ask Sectigo about.").max(253, "That is too long."),
    }),
  },
  async (input, { db, actor, ip }) => {
    const { client } = await sectigoConnection();
    const result = await askSectigo(
      { db, client, actor, ip },
      input.by === "serial" ? { serial: input.value } : { commonName: input.value },
    );
    if (result.added > 0 || result.updated > 0) {
      revalidatePath("/certificates");
      revalidatePath("/");
    }
    return { ...result, by: input.by, value: input.value };
  },
);

export const checkCrlAction = defineAction(
  { name: "checkCrlAction", permission: "certificates.read", input: z.object({ serial: serialText }) },
  async (input, { db }) => checkCrl(input.serial, db),
);

/** A revocation that now waits for a second person (docs/security.md S20). */
export interface RequestedRevocation {
  serial: string;
  outcome: "requested";
  message: string;
  requestId: number;
}

const comment = z.string().trim().max(COMMENT_MAX, `At most ${COMMENT_MAX} characters.`).optional();

function revalidateCertificate(serial: string): void {
  revalidatePath(`/certificates/${encodeURIComponent(serial)}`);
  revalidatePath("/certificates");
  revalidatePath("/approvals");
  revalidatePath("/");
}

export const revokeCertificateAction = defineAction(
  {
    name: "revokeCertificateAction",
    stepUp: true,
    permission: "certificates.revoke",
    input: z.object({
      serial: serialText,
      reasonCode,
      confirmation: z.string().max(300, "That is longer than any common name."),
      comment,
    }),
  },
  async (input, { db, actor, ip }): Promise<RevokeResult | RequestedRevocation> => {
    // The policy decides on the server, whatever the dialog offered.
    const path = revocationPath(fourEyesPolicy(db), "single", input.reasonCode);
    const asked = { kind: "single" as const, serials: [input.serial], reasonCode: input.reasonCode, comment: input.comment ?? "", confirmation: input.confirmation };
    if (path === "request") {
      const request = requestRevocation({ db, actor, ip }, asked);
      const serial = (JSON.parse(request.serials) as string[])[0] ?? input.serial;
      revalidateCertificate(serial);
      return {
        serial,
        outcome: "requested",
        requestId: request.id,
        message: `Revocation request #${request.id} is waiting for a second person on the Approvals page. Nothing was sent to Sectigo yet.`,
      };
    }
    const { client } = await sectigoConnection();
    if (path === "emergency") {
      const done = await emergencyRevocation({ db, client, actor, ip }, asked);
      const result = done.results.results[0]!;
      revalidateCertificate(result.serial);
      return { ...result, warning: `Revoked at once as key compromise: request #${done.request.id} stays flagged until a second person acknowledges it on the Approvals page.` };
    }
    const result = await revokeCertificate({ db, client, actor, ip }, input);
    revalidateCertificate(result.serial);
    return result;
  },
);

/**
 * "Check with Sectigo" on a certificate whose last revocation got no answer: it may settle
 * that revocation (and mark the certificate revoked), so it needs the revoke permission.
 */
export const checkRevocationAction = defineAction(
  { name: "checkRevocationAction", permission: "certificates.revoke", input: z.object({ serial: serialText }) },
  async (input, { db, actor, ip }) => {
    const { client } = await sectigoConnection();
    const result = await checkRevocationWithSectigo({ db, client, actor, ip }, input.serial);
    if (result.outcome !== "nothing-to-check") {
      revalidatePath(`/certificates/${encodeURIComponent(result.serial)}`);
      revalidatePath("/certificates");
      revalidatePath("/");
    }
    return result;
  },
);

export const previewRevocationAction = defineAction(
  {
    name: "previewRevocationAction",
    permission: "certificates.revoke",
    input: z.object({ serials: z.array(serialText).min(1, "Select at least one certificate.").max(MAX_BULK, `Select at most ${MAX_BULK} certificates at once.`) }),
  },
  async (input, { db }) => previewRevocation(db, input.serials),
);

export const startBulkRevokeAction = defineAction(
  {
    name: "startBulkRevokeAction",
    stepUp: true,
    permission: "certificates.revoke",
    input: z.object({
      serials: z.array(serialText).min(1, "Select at least one certificate.").max(MAX_BULK, `Select at most ${MAX_BULK} certificates at once.`),
      reasonCode,
      confirmation: z.string().trim().max(20),
      comment,
    }),
  },
  async (input, { db, actor, ip, user }): Promise<{ jobId: string; total: number } | { requestId: number; message: string }> => {
    const serials = [...new Set(input.serials)];
    // Refused here too, before any job starts, so a wrong count is an answer, not a stopped job.
    if (input.confirmation !== String(serials.length)) {
      throw new AppError(
        "CONFIRMATION_MISMATCH",
        "bulk revoke confirmation does not match the count",
        `Type the number of selected certificates (${serials.length}) to confirm.`,
      );
    }
    const path = revocationPath(fourEyesPolicy(db), "bulk", input.reasonCode);
    const asked = { kind: "bulk" as const, serials, reasonCode: input.reasonCode, comment: input.comment ?? "", confirmation: input.confirmation };
    if (path === "request") {
      const request = requestRevocation({ db, actor, ip }, asked);
      revalidatePath("/approvals");
      revalidatePath("/");
      const count = (JSON.parse(request.serials) as string[]).length;
      return {
        requestId: request.id,
        message: `Revocation request #${request.id} for ${count} certificate${count === 1 ? "" : "s"} is waiting for a second person on the Approvals page. Nothing was sent to Sectigo yet.`,
      };
    }
    const { client } = await sectigoConnection();
    const ctx = { db, client, actor, ip };
    const jobId = bulkJobs().start(
      user.id,
      serials.length,
      async ({ onResult }) => {
        // No revalidatePath here: this runs after the response; the page refreshes itself when
        // the job ends (the certificate pages are dynamic, nothing is cached).
        const report = (progress: BulkRevokeProgress) => {
          if (progress.result) onResult(progress.result);
        };
        if (path === "emergency") return (await emergencyRevocation(ctx, asked, undefined, report)).results;
        return bulkRevoke(ctx, { serials, reasonCode: input.reasonCode, confirmation: input.confirmation }, report);
      },
      (err) => {
        if (isUserFacingError(err)) return err.userMessage;
        console.error(`[startBulkRevokeAction] user ${user.id}: bulk revoke stopped (${err instanceof Error ? err.name : "error"})`);
        return "The bulk revoke stopped on a server error. Each certificate already handled is recorded in the audit log; search again to see their state.";
      },
    );
    return { jobId, total: serials.length };
  },
);

export const bulkRevokeProgressAction = defineAction(
  { name: "bulkRevokeProgressAction", permission: "certificates.revoke", input: z.object({ jobId: z.string().min(1).max(100) }) },
  async (input, { user }): Promise<BulkJobView> => {
    const job = bulkJobs().get(input.jobId, user.id);
    if (!job) {
      throw new AppError("NOT_FOUND", "bulk revoke job not found", "This bulk revoke is no longer tracked (the portal restarted or an hour passed). Search again to see the certificates' state.");
    }
    return job;
  },
);
