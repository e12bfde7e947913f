/**
 * An operator's download of a batch ZIP from Sectigo, while Sectigo keeps it. Audited as
 * `batch.download` by the operator. The ZIP of a single-certificate batch holds the private
 * key, encrypted with the PKCS#12 password that was shown once: only roles with
 * batches.download may get here, and the bytes are handed to the browser, never stored.
 */
import "server-only";
import { getBatch } from "@/db/queries/batches";
import { withSectigoCall } from "@/lib/audit/sectigo-call";
import { AppError } from "@/lib/errors";
import type { ActorContext } from "./context";
import { asUserFacing, notFound } from "./errors";

export async function downloadBatchZip(ctx: ActorContext, batchId: number): Promise<{ fileName: string; data: Uint8Array }> {
  const row = getBatch(ctx.db, batchId);
  if (!row) throw notFound(`batch ${batchId}`, `Batch ${batchId} does not exist.`);
  const sectigoBatchId = row.sectigoBatchId;
  if (sectigoBatchId === null) {
    throw new AppError("NOT_DOWNLOADABLE", `batch ${batchId} has no Sectigo id`, `Batch ${batchId} was never accepted by Sectigo, so there is nothing to download.`);
  }
  if (row.state === "rejected" || row.state === "errored") {
    throw new AppError("NOT_DOWNLOADABLE", `batch ${batchId} is ${row.state}`, `Batch ${batchId} was ${row.state} by Sectigo and has no certificates to download.`);
  }
  try {
    return await withSectigoCall(
      {
        db: ctx.db,
        actor: ctx.actor,
        action: "batch.download",
        ip: ctx.ip ?? null,
        target: { type: "batch", id: row.id },
        details: { sectigoBatchId, localBatchId: row.id, purpose: "operator" },
        resultDetails: (zip) => ({ fileName: zip.fileName, bytes: zip.data.byteLength }),
      },
      () => ctx.client.download(sectigoBatchId),
    );
  } catch (err) {
    throw asUserFacing(err, { operation: "download", subject: `batch ${sectigoBatchId}` });
  }
}
