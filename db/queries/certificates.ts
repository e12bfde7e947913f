/**
 * The certificate inventory (public parts only): lookup by serial, upsert that merges what is
 * learnt from batches, finds and imports, and marking a revocation. Search lives in
 * certificate-search.ts and is re-exported here, so `@/db/queries/certificates` is the one
 * import for the inventory.
 */
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { certificates, type Certificate } from "@/db/schema";
import { type CertificateSource, type CertificateStatus } from "@/db/enums";
import { systemClock, toIso, type Clock } from "@/db/time";
import { normalizeSerial } from "@/lib/pki/serial";
import type { CertificateInfo } from "@/lib/pki/types";

export * from "@/db/queries/certificate-search";

// Prepared once per connection: lookups are on the µs scale (docs/operations.md §7, P1).
const bySerial = preparedPerConnection((db) =>
  db
    .select()
    .from(certificates)
    .where(eq(certificates.serial, sql.placeholder("serial")))
    .prepare(),
);

/** One certificate by serial in any usual form; undefined when unknown or not a serial. */
export function getCertificateBySerial(db: Db, serial: string): Certificate | undefined {
  let canonical: string;
  try {
    canonical = normalizeSerial(serial);
  } catch {
    return undefined;
  }
  return bySerial(db).get({ serial: canonical });
}

export interface CertificateInput {
  /** any usual form; stored canonical (upper-case hex) */
  serial: string;
  commonName: string;
  sans?: readonly string[];
  subjectDn?: string | null;
  issuerDn?: string | null;
  notBefore?: Date | string | null;
  notAfter?: Date | string | null;
  profileId?: number | null;
  profileName?: string | null;
  batchId?: number | null;
  status?: CertificateStatus;
  source: CertificateSource;
  sectigoStatus?: string | null;
  /** what Sectigo's find said: its creationDate and deviceId */
  sectigoCreatedAt?: string | null;
  sectigoDeviceId?: string | null;
  pem?: string | null;
  chainPem?: string | null;
  fingerprintSha256?: string | null;
  keyAlgorithm?: string | null;
  keySize?: number | null;
  revokedAt?: Date | string | null;
  revocationReason?: number | null;
  revokedBy?: number | null;
  /** a reissue's certificate: the canonical serial of the one it replaces */
  replacesSerial?: string | null;
}

/** The inventory fields of a decoded certificate (lib/pki), for indexing a download. */
export function certificateInputFromInfo(
  info: CertificateInfo,
  extra: Pick<CertificateInput, "source" | "batchId" | "profileId" | "profileName" | "chainPem" | "sectigoStatus" | "replacesSerial">,
): CertificateInput {
  return {
    serial: info.serial,
    commonName: info.subject.commonName ?? info.dnsNames[0] ?? info.subject.text,
    sans: info.dnsNames,
    subjectDn: info.subject.text,
    issuerDn: info.issuer.text,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    pem: info.pem,
    fingerprintSha256: info.fingerprints.sha256,
    keyAlgorithm: info.publicKey.algorithm,
    keySize: info.publicKey.size ?? null,
    ...extra,
  };
}

function isoOrNull(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

/**
 * Inserts or merges a certificate by serial and returns the stored row. Merging never loses
 * what is known: missing values keep the stored ones, a revoked certificate stays revoked,
 * and a `find`-only record is upgraded (never downgraded) by a batch or import.
 */
export function upsertCertificate(tx: Tx | Db, input: CertificateInput, clock: Clock = systemClock): Certificate {
  const now = toIso(clock());
  const values = {
    serial: normalizeSerial(input.serial),
    commonName: input.commonName,
    sans: (input.sans ?? []).join("\n"),
    subjectDn: input.subjectDn ?? null,
    issuerDn: input.issuerDn ?? null,
    notBefore: isoOrNull(input.notBefore),
    notAfter: isoOrNull(input.notAfter),
    profileId: input.profileId ?? null,
    profileName: input.profileName ?? null,
    batchId: input.batchId ?? null,
    status: input.status ?? "valid",
    source: input.source,
    sectigoStatus: input.sectigoStatus ?? null,
    sectigoCreatedAt: input.sectigoCreatedAt ?? null,
    sectigoDeviceId: input.sectigoDeviceId ?? null,
    pem: input.pem ?? null,
    chainPem: input.chainPem ?? null,
    fingerprintSha256: input.fingerprintSha256 ?? null,
    keyAlgorithm: input.keyAlgorithm ?? null,
    keySize: input.keySize ?? null,
    revokedAt: isoOrNull(input.revokedAt),
    revocationReason: input.revocationReason ?? null,
    revokedBy: input.revokedBy ?? null,
    replacesSerial: input.replacesSerial ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const keep = (column: string) => sql.raw(`coalesce(excluded.${column}, certificates.${column})`);
  const keepOld = (column: string) => sql.raw(`coalesce(certificates.${column}, excluded.${column})`);
  const row = tx
    .insert(certificates)
    .values(values)
    .onConflictDoUpdate({
      target: certificates.serial,
      set: {
        commonName: sql.raw("excluded.common_name"),
        sans: sql.raw("CASE WHEN excluded.sans <> '' THEN excluded.sans ELSE certificates.sans END"),
        subjectDn: keep("subject_dn"),
        issuerDn: keep("issuer_dn"),
        notBefore: keep("not_before"),
        notAfter: keep("not_after"),
        profileId: keep("profile_id"),
        profileName: keep("profile_name"),
        batchId: keep("batch_id"),
        status: sql.raw("CASE WHEN certificates.status = 'revoked' THEN 'revoked' ELSE excluded.status END"),
        source: sql.raw(
          "CASE WHEN certificates.source = 'batch' OR excluded.source = 'find' AND certificates.source <> 'find' THEN certificates.source ELSE excluded.source END",
        ),
        sectigoStatus: keep("sectigo_status"),
        sectigoCreatedAt: keep("sectigo_created_at"),
        sectigoDeviceId: keep("sectigo_device_id"),
        pem: keep("pem"),
        chainPem: keep("chain_pem"),
        fingerprintSha256: keep("fingerprint_sha256"),
        keyAlgorithm: keep("key_algorithm"),
        keySize: keep("key_size"),
        revokedAt: keepOld("revoked_at"),
        revocationReason: keepOld("revocation_reason"),
        revokedBy: keepOld("revoked_by"),
        // Once a reissue's certificate is linked, a later find or import must not unlink it.
        replacesSerial: keepOld("replaces_serial"),
        updatedAt: sql.raw("excluded.updated_at"),
      },
    })
    .returning()
    .get();
  return row;
}

/** Marks a certificate revoked (first revocation wins); false when the serial is not in the inventory. */
export function markCertificateRevoked(
  tx: Tx | Db,
  serial: string,
  revocation: { at: Date | string; reasonCode: number; by: number | null },
): boolean {
  const at = toIso(revocation.at);
  const result = tx
    .update(certificates)
    .set({
      status: "revoked",
      revokedAt: sql`coalesce(${certificates.revokedAt}, ${at})`,
      revocationReason: sql`coalesce(${certificates.revocationReason}, ${revocation.reasonCode})`,
      revokedBy: sql`coalesce(${certificates.revokedBy}, ${revocation.by})`,
      updatedAt: at,
    })
    .where(eq(certificates.serial, normalizeSerial(serial)))
    .run();
  return result.changes > 0;
}

/** How many of the batch's certificates are revoked. */
export function countRevokedInBatch(db: Db, batchId: number): number {
  return db
    .select({ serial: certificates.serial })
    .from(certificates)
    .where(and(eq(certificates.batchId, batchId), eq(certificates.status, "revoked")))
    .all().length;
}
