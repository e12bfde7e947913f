/**
 * Indexing a downloaded batch into the inventory. Rule: public parts only — the leaf's PEM
 * and its chain's PEMs, with the decoded facts; a private key is never passed in here.
 * Runs inside the caller's write transaction (the `batch.download` outcome).
 */
import "server-only";
import type { Tx } from "@/db/client";
import { certificateInputFromInfo, upsertCertificate } from "@/db/queries/certificates";
import type { Batch } from "@/db/types";
import type { CertificateInfo } from "@/lib/pki/types";

export interface DownloadedCertificate {
  leaf: CertificateInfo;
  /** issuing CA first, then up to the root, as found in the download */
  chain: CertificateInfo[];
}

/**
 * Upserts each certificate with its batch and profile; returns the serials. A reissue batch's
 * certificates are linked to the one they replace here, so "replaced" (db/queries/expiry.ts)
 * holds from the moment the new certificate is in the inventory.
 */
export function indexBatchCertificates(
  tx: Tx,
  batch: Pick<Batch, "id" | "profileId" | "profileName" | "reissueOfSerial">,
  certificates: readonly DownloadedCertificate[],
): string[] {
  return certificates.map(({ leaf, chain }) => {
    const input = certificateInputFromInfo(leaf, {
      source: "batch",
      batchId: batch.id,
      profileId: batch.profileId,
      profileName: batch.profileName,
      chainPem: chain.length > 0 ? chain.map((c) => c.pem.trim()).join("\n") + "\n" : null,
      replacesSerial: batch.reissueOfSerial,
    });
    return upsertCertificate(tx, input).serial;
  });
}
