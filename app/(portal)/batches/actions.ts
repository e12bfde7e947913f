"use server";
// Batch actions: issue one certificate (batches.create), preview and upload CSRs
// (csr.upload), and "Check now" on a batch (batches.create). Each is a public POST endpoint;
// defineAction checks the session and permission (auditing refusals) before anything runs.
// The PKCS#12 password goes back exactly once, in the create result, and nowhere else.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/define-action";
import { advanceBatch, createSingleCertificate, previewCsrs, uploadCsrs } from "@/lib/issuance";
import { connectionContext, fieldProblems } from "./_lib/action-support";
import { toProgressView } from "./_lib/progress";
import { batchIdInput, createSingleCertificateInput, previewCsrsInput, uploadCsrsInput } from "./_lib/inputs";

export const createSingleCertificateAction = defineAction(
  { name: "createSingleCertificateAction", permission: "batches.create", input: createSingleCertificateInput },
  async (input, context) => {
    try {
      const { batch, pkcs12Password } = await createSingleCertificate(await connectionContext(context), input);
      revalidatePath("/batches");
      return {
        kind: "created" as const,
        batch: { id: batch.id, sectigoBatchId: batch.sectigoBatchId, batchName: batch.batchName, commonName: batch.commonName },
        pkcs12Password,
      };
    } catch (err) {
      // The domain's field errors (a profile's required subject field, …) belong beside
      // their fields; defineAction would flatten them into one message.
      const problems = fieldProblems(err);
      if (problems) return { kind: "invalid" as const, ...problems };
      throw err;
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
      const problems = fieldProblems(err);
      if (problems) return { kind: "invalid" as const, ...problems };
      throw err;
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
