"use server";
// Batch actions: issue one certificate (batches.create), preview and upload CSRs
// (csr.upload), reissue a certificate (the same two, with the old serial), "Check now" on a batch, Retry of a failed create, and the two ways to settle
// an unknown one (batches.create). Each is a public POST endpoint; defineAction checks the
// session and permission (auditing refusals) before anything runs. The PKCS#12 password goes
// back exactly once, in the create or retry result, and nowhere else.
// A create or upload that failed at Sectigo comes back as data ({ kind: "failed" }) rather
// than an error, so the form can name the batch row that holds the failure and link to it.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/define-action";
import { can } from "@/lib/auth/rbac";
import { AppError } from "@/lib/errors";
import {
  advanceBatch,
  batchSubmitFailure,
  closeUnknownBatch,
  createSingleCertificate,
  getBatchDto,
  linkUnknownBatch,
  previewCsrs,
  reissueSingle,
  reissueWithCsr,
  retryCsrUpload,
  retrySingleCertificate,
  uploadCsrs,
} from "@/lib/issuance";
import { connectionContext, fieldProblems } from "./_lib/action-support";
import { toProgressView } from "./_lib/progress";
import { batchIdInput, closeUnknownInput, createSingleCertificateInput, linkUnknownInput, previewCsrsInput, reissueWithCsrInput, uploadCsrsInput } from "./_lib/inputs";

/** A failed create/upload as data the form shows: the sentence and the batch row to open. */
function submitFailed(err: unknown) {
  const failure = batchSubmitFailure(err);
  return failure ? { kind: "failed" as const, message: failure.message, batchId: failure.localBatchId, outcome: failure.outcome } : null;
}

/**
 * The answer of a create or upload that failed in a way the form shows: the domain's field
 * errors (a profile's required subject field, …) belong beside their fields, where
 * defineAction would flatten them into one message; a submit that did not go through left
 * a batch row, so the list changes. Anything else is rethrown.
 */
function submitErrorAnswer(err: unknown) {
  const problems = fieldProblems(err);
  if (problems) return { kind: "invalid" as const, ...problems };
  const failed = submitFailed(err);
  if (failed) {
    revalidatePath("/batches");
    return failed;
  }
  throw err;
}

export const createSingleCertificateAction = defineAction(
  { name: "createSingleCertificateAction", permission: "batches.create", input: createSingleCertificateInput },
  async (input, context) => {
    try {
      const { reissueOf, ...fields } = input;
      const ctx = await connectionContext(context);
      const { batch, pkcs12Password } = reissueOf ? await reissueSingle(ctx, reissueOf, fields) : await createSingleCertificate(ctx, fields);
      revalidatePath("/batches");
      if (reissueOf) revalidatePath(`/certificates/${encodeURIComponent(reissueOf)}`);
      return {
        kind: "created" as const,
        batch: { id: batch.id, sectigoBatchId: batch.sectigoBatchId, batchName: batch.batchName, commonName: batch.commonName },
        pkcs12Password,
      };
    } catch (err) {
      return submitErrorAnswer(err);
    }
  },
);

export const previewCsrsAction = defineAction(
  { name: "previewCsrsAction", permission: "csr.upload", input: previewCsrsInput },
  async (input) => {
    try {
      return { kind: "preview" as const, items: await previewCsrs(input.csrText) };
    } catch (err) {
      const problems = fieldProblems(err);
      if (problems) return { kind: "invalid" as const, ...problems };
      throw err;
    }
  },
);

export const uploadCsrsAction = defineAction(
  { name: "uploadCsrsAction", permission: "csr.upload", input: uploadCsrsInput },
  async (input, context) => {
    let target: string;
    try {
      const result = await uploadCsrs(await connectionContext(context), { ...input, onlyValid: true });
      revalidatePath("/batches");
      target = `/batches/${result.batch.id}?submitted=${result.submitted}&skipped=${result.skipped}`;
    } catch (err) {
      return submitErrorAnswer(err);
    }
    redirect(target);
  },
);

/**
 * A CSR batch of one that reissues a certificate. Both permissions apply: a CSR upload
 * (csr.upload, checked by defineAction) that also starts a batch (batches.create).
 */
export const reissueWithCsrAction = defineAction(
  { name: "reissueWithCsrAction", permission: "csr.upload", input: reissueWithCsrInput },
  async (input, context) => {
    if (!can(context.user.role, "batches.create")) {
      throw new AppError("FORBIDDEN", `role ${context.user.role} lacks batches.create`, "Your role may not start batches, so it cannot reissue a certificate.");
    }
    let target: string;
    try {
      const result = await reissueWithCsr(await connectionContext(context), input.serial, { csrText: input.csrText, fileName: input.fileName });
      revalidatePath("/batches");
      revalidatePath(`/certificates/${encodeURIComponent(input.serial)}`);
      target = `/batches/${result.batch.id}?submitted=${result.submitted}&skipped=${result.skipped}`;
    } catch (err) {
      return submitErrorAnswer(err);
    }
    redirect(target);
  },
);

export const checkBatchNowAction = defineAction(
  { name: "checkBatchNowAction", permission: "batches.create", input: batchIdInput },
  async (input, context) => {
    const { db, client } = await connectionContext(context);
    const batch = await advanceBatch(db, client, input.batchId);
    revalidatePath(`/batches/${input.batchId}`);
    return toProgressView(batch);
  },
);

export const retryBatchAction = defineAction(
  { name: "retryBatchAction", permission: "batches.create", input: batchIdInput },
  async (input, context) => {
    const batch = getBatchDto(context.db, input.batchId);
    if (!batch) throw new AppError("NOT_FOUND", `batch ${input.batchId} not found`, `Batch ${input.batchId} does not exist.`);
    // No revalidatePath here: it would re-render the batch page at once, and the panel with
    // the new password (shown once) would go with the "failed" state it belongs to. The
    // panel refreshes the page when the person says the password is stored.
    try {
      const ctx = await connectionContext(context);
      if (batch.kind === "single") {
        const { pkcs12Password } = await retrySingleCertificate(ctx, batch.id);
        return { kind: "retried" as const, pkcs12Password: pkcs12Password as string | null };
      }
      await retryCsrUpload(ctx, batch.id);
      return { kind: "retried" as const, pkcs12Password: null };
    } catch (err) {
      const failed = submitFailed(err);
      if (failed) return failed;
      throw err;
    }
  },
);

export const linkUnknownBatchAction = defineAction(
  { name: "linkUnknownBatchAction", permission: "batches.create", input: linkUnknownInput },
  async (input, context) => {
    // No revalidatePath, as for Retry: a single certificate's password is on screen until stored.
    const { batch, pkcs12Password } = await linkUnknownBatch(await connectionContext(context), input.batchId, input.sectigoBatchId);
    return { kind: "linked" as const, sectigoBatchId: batch.sectigoBatchId, commonName: batch.commonName ?? batch.batchName, pkcs12Password };
  },
);

export const closeUnknownBatchAction = defineAction(
  { name: "closeUnknownBatchAction", permission: "batches.create", input: closeUnknownInput },
  async (input, context) => {
    try {
      // No Sectigo call: closing is the person's word, recorded with their reason.
      closeUnknownBatch(context, input.batchId, input.reason);
    } catch (err) {
      const problems = fieldProblems(err);
      if (problems) return { kind: "invalid" as const, ...problems };
      throw err;
    }
    revalidatePath(`/batches/${input.batchId}`);
    return { kind: "closed" as const };
  },
);
