/**
 * An operator's download of a batch ZIP from Sectigo, while Sectigo keeps it. Audited as
 * `batch.download` by the operator. The ZIP of a single-certificate batch holds the private
 * key, encrypted with the PKCS#12 password that was shown once: only roles with
 * batches.download may get here, and the bytes are handed to the browser, never stored.
 *
 * Rule: the portal offers only what can work. Sectigo refuses the ZIP of a batch one of
 * whose certificates is revoked ("cannot get certs in status REVOKED"), so such a download
 * is refused here, before any call, with the same sentence the batch page shows.
 */
import "server-only";
import { getBatch } from "@/db/queries/batches";
import { countRevokedInBatch } from "@/db/queries/certificates";
import { withSectigoCall } from "@/lib/audit/sectigo-call";
import { AppError } from "@/lib/errors";
import { sectigoFailureMessage } from "@/lib/sectigo/user-message";
import type { ActorContext } from "@/lib/domain/context";
import { asUserFacing, notFound } from "@/lib/domain/errors";

/** The sentence for a batch with `revoked` revoked certificates (the page and the route share it). */
export function revokedZipMessage(revoked: number): string {
  const which = revoked === 1 ? "One certificate of this batch is revoked" : `${revoked} certificates of this batch are revoked`;
  return `${which}, and Sectigo refuses the ZIP of such a batch (“cannot get certs in status REVOKED”), so the portal does not ask for it. Download each certificate's PEM from its page instead.`;
}

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
  const revoked = countRevokedInBatch(ctx.db, batchId);
  if (revoked > 0) throw new AppError("NOT_DOWNLOADABLE", `batch ${batchId} has ${revoked} revoked certificate(s)`, revokedZipMessage(revoked));
  const context = { operation: "download" as const, subject: `batch ${sectigoBatchId}` };
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
        // The sentence the person was shown; the batch page reads it back after the redirect.
        onFailure: (_tx, failure) => ({ userMessage: sectigoFailureMessage(failure.error, context) }),
      },
      () => ctx.client.download(sectigoBatchId),
    );
  } catch (err) {
    throw asUserFacing(err, context);
  }
}
