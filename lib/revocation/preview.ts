/**
 * The impact preview of a revoke (single or bulk): what each serial is, whether it expired,
 * whether it is revoked already. Read-only; serials the inventory does not hold are listed
 * in `unknown`, in the form they were given.
 */
import "server-only";
import type { Db } from "@/db/client";
import { getCertificateBySerial } from "@/db/queries/certificates";
import { activeRevocation } from "@/db/queries/revocations";
import { getBatch } from "@/db/queries/batches";
import { toIso } from "@/db/time";

export interface RevocationPreviewItem {
  serial: string;
  commonName: string;
  notAfter: string | null;
  expired: boolean;
  alreadyRevoked: boolean;
  batchId: number | null;
  profileId: number | null;
  profileName: string | null;
}

export interface RevocationPreview {
  items: RevocationPreviewItem[];
  unknown: string[];
}

export function previewRevocation(db: Db, serials: readonly string[], now: Date = new Date()): RevocationPreview {
  const items: RevocationPreviewItem[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  const nowIso = toIso(now);
  for (const given of serials) {
    const row = getCertificateBySerial(db, given);
    if (!row) {
      if (!unknown.includes(given)) unknown.push(given);
      continue;
    }
    if (seen.has(row.serial)) continue;
    seen.add(row.serial);
    const batch = row.profileId === null && row.batchId !== null ? getBatch(db, row.batchId) : undefined;
    items.push({
      serial: row.serial,
      commonName: row.commonName,
      notAfter: row.notAfter,
      expired: row.notAfter !== null && row.notAfter < nowIso,
      alreadyRevoked: row.status === "revoked" || activeRevocation(db, row.serial)?.outcome === "succeeded",
      batchId: row.batchId,
      profileId: row.profileId ?? batch?.profileId ?? null,
      profileName: row.profileName ?? batch?.profileName ?? null,
    });
  }
  return { items, unknown };
}
