/**
 * Signed exports (docs/security.md S21): an export's exact bytes with a detached Ed25519
 * signature (RFC 8032) over them, shipped together as one ZIP with the signed checkpoint the
 * export ends at and the public key:
 *
 *   <file>                       the export, byte for byte as signed
 *   <file>.sig                   the 64 raw signature bytes (what `openssl pkeyutl -sigfile` reads)
 *   audit-checkpoint-<seq>.json  {checkpoint, signature, publicKey}
 *   audit-public-key.pem         the key, SPKI PEM
 *
 * Why one ZIP and not a second download: the signature must cover the bytes actually served,
 * and a certificate export read twice may differ (the inventory changes). Generated once, in
 * one request, the file and its signature cannot drift apart. The price: a signed export is
 * built in memory (a plain export streams), so very large ones are better filtered by date.
 */
import "server-only";
import { writeZip } from "@/lib/pki/zip";
import { checkpointFileOf, type AuditCheckpointRow } from "@/lib/audit/checkpoints";
import type { AuditSigningKey } from "@/lib/audit/signing-key";

export const PUBLIC_KEY_FILE = "audit-public-key.pem";

export interface SignedBundle {
  zip: Uint8Array;
  /** base64 of the export's signature */
  signature: string;
}

/** Reads an export's text chunks into the exact bytes that are signed and shipped. */
export function exportBytes(chunks: Iterable<string>): Buffer {
  return Buffer.concat(Array.from(chunks, (chunk) => Buffer.from(chunk, "utf8")));
}

export function checkpointFileName(checkpoint: Pick<AuditCheckpointRow, "seq">): string {
  return `audit-checkpoint-${checkpoint.seq}.json`;
}

export function signedBundle(fileName: string, bytes: Uint8Array, key: AuditSigningKey, checkpoint: AuditCheckpointRow): SignedBundle {
  const signature = key.sign(bytes);
  const zip = writeZip([
    { name: fileName, data: bytes },
    { name: `${fileName}.sig`, data: signature },
    { name: checkpointFileName(checkpoint), data: Buffer.from(`${JSON.stringify(checkpointFileOf(checkpoint), null, 2)}\n`) },
    { name: PUBLIC_KEY_FILE, data: Buffer.from(key.pem) },
  ]);
  return { zip, signature: signature.toString("base64") };
}

/** The headers that name the signature and checkpoint of an export. */
export function evidenceHeaders(checkpoint: AuditCheckpointRow | null, signature?: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (checkpoint) headers["X-Audit-Checkpoint"] = `${checkpoint.seq}:${checkpoint.headHash}`;
  if (signature) headers["X-Audit-Signature"] = signature;
  return headers;
}
