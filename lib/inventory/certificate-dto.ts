/**
 * The inventory's row DTO: what a search result, a batch's certificate list or the dashboard
 * shows for one certificate. Public facts only — never a PEM body, never anything secret.
 */
import "server-only";
import {
  certificateDisplayStatus,
  type CertificateDisplayStatus,
  type CertificateListItem,
} from "@/db/queries/certificates";
import type { CertificateSource, Certificate } from "@/db/types";

export interface CertificateRowDto {
  /** canonical upper-case hex, no colons */
  serial: string;
  commonName: string;
  dnsNames: string[];
  /**
   * display status: valid, expiring (within 30 days), expired, revoked, or unknown (no
   * not-after known, e.g. a certificate learnt only from Sectigo's find: never "valid")
   */
  status: CertificateDisplayStatus;
  notAfter: string | null;
  notBefore: string | null;
  profileId: number | null;
  profileName: string | null;
  /** the portal's batch id (for a link to /batches/<id>), null when not issued through the portal */
  batchId: number | null;
  /** batch: indexed from a download; find: known only from a Sectigo find; import */
  source: CertificateSource;
  revokedAt: string | null;
  revocationReason: number | null;
  /** what Sectigo's find last said: its status text, creationDate and deviceId */
  sectigoStatus: string | null;
  sectigoCreatedAt: string | null;
  sectigoDeviceId: string | null;
  /** a reissue: the serial of the certificate this one replaces */
  replacesSerial: string | null;
  /** the serial of the newest certificate that replaces this one, where the caller looked it up */
  replacedBySerial?: string | null;
}

export function rowDtoFromListItem(item: CertificateListItem): CertificateRowDto {
  return {
    serial: item.serial,
    commonName: item.commonName,
    dnsNames: item.sans,
    status: item.displayStatus,
    notAfter: item.notAfter,
    notBefore: item.notBefore,
    profileId: item.profileId,
    profileName: item.profileName,
    batchId: item.batchId,
    source: item.source,
    revokedAt: item.revokedAt,
    revocationReason: item.revocationReason,
    sectigoStatus: item.sectigoStatus,
    sectigoCreatedAt: item.sectigoCreatedAt,
    sectigoDeviceId: item.sectigoDeviceId,
    replacesSerial: item.replacesSerial,
  };
}

export function rowDtoFromCertificate(row: Certificate, now: Date = new Date()): CertificateRowDto {
  return {
    serial: row.serial,
    commonName: row.commonName,
    dnsNames: row.sans === "" ? [] : row.sans.split("\n"),
    status: certificateDisplayStatus(row, now),
    notAfter: row.notAfter,
    notBefore: row.notBefore,
    profileId: row.profileId,
    profileName: row.profileName,
    batchId: row.batchId,
    source: row.source,
    revokedAt: row.revokedAt,
    revocationReason: row.revocationReason,
    sectigoStatus: row.sectigoStatus,
    sectigoCreatedAt: row.sectigoCreatedAt,
    sectigoDeviceId: row.sectigoDeviceId,
    replacesSerial: row.replacesSerial,
  };
}
