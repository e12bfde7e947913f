/**
 * One certificate in full for its detail page: everything lib/pki decodes from the stored
 * PEM, the chain, the status with its revocation (time, reason, who), the batch it came
 * from, revocation attempts, and its history from the audit log.
 *
 * Rules:
 * - A certificate known only from a Sectigo find has no PEM; `missing` then lists what the
 *   portal does not know, so the page can say so instead of showing blanks.
 * - The history is the certificate's own audit entries and those of the batch that issued it
 *   (created, uploaded, downloaded, resolved…), merged in the order they were written.
 * - `unsettled` is the last revocation when Sectigo's answer to it was lost (outcome
 *   unknown), so the page can offer "Check with Sectigo".
 */
import "server-only";
import type { Db } from "@/db/client";
import { getBatch, IN_FLIGHT_STATES } from "@/db/queries/batches";
import { getCertificateBySerial } from "@/db/queries/certificates";
import { reissueBatchesOf, replacementsOf, replacementStateOf, type CertificateRef, type ReissueBatchRef } from "@/db/queries/reissue-links";
import type { ReplacementState } from "@/db/queries/expiry";
import { listRevocations } from "@/db/queries/revocations";
import { getUserEmail } from "@/db/queries/users";
import { type RevocationOutcome, type Certificate } from "@/db/types";
import { listAudit } from "@/lib/audit/query";
import type { AuditEntry } from "@/lib/audit/types";
import { parseCertificate, parseCertificates } from "@/lib/pki/certificate";
import type { CertificateInfo } from "@/lib/pki/types";
import { revocationReason } from "@/lib/sectigo/reasons";
import { rowDtoFromCertificate, type CertificateRowDto } from "./certificate-dto";

export interface ChainCertificateDto {
  subject: string;
  issuer: string;
  serial: string;
  notAfter: string;
  pem: string;
}

export interface CertificateDetailDto extends CertificateRowDto {
  /** everything lib/pki decodes; null when the PEM is unknown (or unreadable, see `decodeError`) */
  decoded: CertificateInfo | null;
  decodeError: string | null;
  /** the leaf PEM, when known */
  pem: string | null;
  /** issuing CA first */
  chain: ChainCertificateDto[];
  /** leaf + chain as one PEM text, for download; null when the leaf is unknown */
  fullChainPem: string | null;
  subjectDn: string | null;
  issuerDn: string | null;
  /** the status text Sectigo's find last returned */
  sectigoStatus: string | null;
  fingerprintSha256: string | null;
  keyAlgorithm: string | null;
  keySize: number | null;
  revocation: {
    revokedAt: string | null;
    reasonCode: number | null;
    reasonLabel: string | null;
    revokedBy: { id: number; email: string } | null;
  } | null;
  batch: { id: number; sectigoBatchId: number | null; batchName: string; kind: string } | null;
  revocations: { id: number; reasonCode: number; outcome: RevocationOutcome; requestedAt: string; completedAt: string | null; error: string | null }[];
  /** audit entries that target this serial or its batch, newest first */
  history: AuditEntry[];
  /** the last revocation, when its outcome is unknown and the certificate is not revoked */
  unsettled: { id: number; reasonCode: number; requestedAt: string; requestedBy: { id: number; email: string } | null; error: string | null } | null;
  /** true when the portal knows this certificate only from a Sectigo find */
  knownOnlyFromFind: boolean;
  /** what the portal does not know about it, in words */
  missing: string[];
  /** its reissue links: what it replaces, what replaces it, and the reissue batches made for it */
  reissue: ReissueLinks;
}

export interface ReissueLinks {
  /** the certificate this one replaces; `commonName` null when the inventory no longer holds it */
  replaces: { serial: string; commonName: string | null } | null;
  replacedBy: CertificateRef[];
  /** reissue batches for this certificate still in flight, newest first */
  inProgress: ReissueBatchRef[];
  state: ReplacementState;
}

function reissueLinks(db: Db, row: Certificate): ReissueLinks {
  const replaced = row.replacesSerial ? getCertificateBySerial(db, row.replacesSerial) : undefined;
  return {
    replaces: row.replacesSerial ? { serial: row.replacesSerial, commonName: replaced?.commonName ?? null } : null,
    replacedBy: replacementsOf(db, row.serial),
    inProgress: reissueBatchesOf(db, row.serial).filter((b) => IN_FLIGHT_STATES.includes(b.state)),
    state: replacementStateOf(db, row.serial),
  };
}

function userRef(db: Db, id: number | null): { id: number; email: string } | null {
  if (id === null) return null;
  const row = getUserEmail(db, id);
  return row ?? null;
}

function missingFacts(row: Certificate): string[] {
  const missing: string[] = [];
  if (!row.pem) missing.push("the certificate itself (PEM), so its extensions, key and fingerprints");
  if (!row.notAfter) missing.push("its validity dates");
  if (row.profileId === null) missing.push("the profile that issued it");
  if (row.batchId === null) missing.push("the batch it came from");
  if (row.status === "revoked" && !row.revokedAt) missing.push("when it was revoked and why");
  return missing;
}

const HISTORY_LIMIT = 200;

function historyOf(db: Db, serial: string, batchId: number | null): AuditEntry[] {
  const own = listAudit(db, { target: { type: "certificate", id: serial } }, { limit: HISTORY_LIMIT }).entries;
  if (batchId === null) return own;
  const batch = listAudit(db, { target: { type: "batch", id: String(batchId) } }, { limit: HISTORY_LIMIT }).entries;
  // seq is the order the log was written in: one order for both lists.
  return [...own, ...batch].sort((a, b) => b.seq - a.seq).slice(0, HISTORY_LIMIT);
}

function chainOf(chainPem: string | null): ChainCertificateDto[] {
  if (!chainPem) return [];
  try {
    return parseCertificates(chainPem).map((c) => ({ subject: c.subject.text, issuer: c.issuer.text, serial: c.serial, notAfter: c.notAfter, pem: c.pem }));
  } catch {
    return [];
  }
}

/** The detail of a certificate by serial in any usual form; null when the inventory does not hold it. */
export function getCertificateDetail(db: Db, serial: string): CertificateDetailDto | null {
  const row = getCertificateBySerial(db, serial);
  if (!row) return null;
  let decoded: CertificateInfo | null = null;
  let decodeError: string | null = null;
  if (row.pem) {
    try {
      decoded = parseCertificate(row.pem);
    } catch (err) {
      decodeError = err instanceof Error ? err.message : "The stored certificate could not be decoded.";
    }
  }
  const chain = chainOf(row.chainPem);
  const batchRow = row.batchId !== null ? getBatch(db, row.batchId) : undefined;
  const revoked = row.status === "revoked";
  const revocationRows = listRevocations(db, { serial: row.serial, limit: 20 });
  const last = revocationRows[0];
  return {
    ...rowDtoFromCertificate(row),
    decoded,
    decodeError,
    pem: row.pem,
    chain,
    fullChainPem: row.pem ? [row.pem.trim(), ...chain.map((c) => c.pem.trim())].join("\n") + "\n" : null,
    subjectDn: row.subjectDn,
    issuerDn: row.issuerDn,
    sectigoStatus: row.sectigoStatus,
    fingerprintSha256: row.fingerprintSha256,
    keyAlgorithm: row.keyAlgorithm,
    keySize: row.keySize,
    revocation: revoked
      ? {
          revokedAt: row.revokedAt,
          reasonCode: row.revocationReason,
          reasonLabel: row.revocationReason !== null ? (revocationReason(row.revocationReason)?.label ?? null) : null,
          revokedBy: userRef(db, row.revokedBy),
        }
      : null,
    batch: batchRow ? { id: batchRow.id, sectigoBatchId: batchRow.sectigoBatchId, batchName: batchRow.batchName, kind: batchRow.kind } : null,
    revocations: revocationRows.map((r) => ({
      id: r.id,
      reasonCode: r.reasonCode,
      outcome: r.outcome,
      requestedAt: r.requestedAt,
      completedAt: r.completedAt,
      error: r.error,
    })),
    history: historyOf(db, row.serial, row.batchId),
    unsettled:
      !revoked && last?.outcome === "unknown"
        ? { id: last.id, reasonCode: last.reasonCode, requestedAt: last.requestedAt, requestedBy: userRef(db, last.requestedBy), error: last.error }
        : null,
    knownOnlyFromFind: row.source === "find" && !row.pem,
    missing: missingFacts(row),
    reissue: reissueLinks(db, row),
  };
}
