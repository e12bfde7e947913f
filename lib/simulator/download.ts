/**
 * The download ZIP of a batch (docs/sectigo-protocol.md §4.6): a single-certificate batch gives ONE
 * entry `<cn>.p12` (the PKCS#12 made at issuance, encrypted with the batch password); a
 * CSR batch gives one `<cn>.pem` per certificate holding the leaf, issuing and root CA.
 *
 * Like cathy, a batch whose certificate was revoked (and so wiped) cannot be downloaded
 * any more: 500 "cannot get certs in status REVOKED".
 */
import "server-only";
import { writeZip } from "@/lib/pki/zip";
import { BATCH_STATUS } from "@/lib/sectigo/schemas";
import type { LocalCa } from "./ca";
import { SimulatorError } from "./errors";
import type { BatchRecord, CertificateRecord, SimulatorState } from "./state";

export function buildDownload(state: Readonly<SimulatorState>, batch: BatchRecord, ca: LocalCa): Uint8Array {
  if (batch.status !== BATCH_STATUS.READY_FOR_DOWNLOAD) {
    throw new SimulatorError("NOT_DOWNLOADABLE", 400, "batch is not in downloadable state");
  }
  const found = batch.serials.map((serial) => state.certificates.find((c) => c.serial === serial));
  const certs = found.filter((c): c is CertificateRecord => c !== undefined);
  if (certs.length === 0 || certs.length !== found.length) {
    throw new SimulatorError("CERTIFICATE_UNAVAILABLE", 500, `The certificates of batch ${batch.batchId} are missing from the simulator state.`);
  }
  const revoked = certs.find((c) => c.status === BATCH_STATUS.REVOKED);
  if (revoked) {
    throw new SimulatorError("CERTIFICATE_UNAVAILABLE", 500, `cannot get certs in status REVOKED (certificate ${revoked.serial} was revoked and its material wiped)`);
  }
  if (batch.kind === "single") {
    const cert = certs[0];
    if (certs.length !== 1 || !cert?.p12Base64) {
      throw new SimulatorError("CERTIFICATE_UNAVAILABLE", 500, `The key material of batch ${batch.batchId} is no longer available.`);
    }
    return writeZip([{ name: cert.fileName, data: new Uint8Array(Buffer.from(cert.p12Base64, "base64")) }]);
  }
  const chain = `${ca.issuing.pem.trim()}\n${ca.root.pem.trim()}\n`;
  return writeZip(
    certs.map((c) => ({ name: c.fileName, data: new TextEncoder().encode(`${c.pem.trim()}\n${chain}`) })),
  );
}
