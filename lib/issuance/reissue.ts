/**
 * Reissue: a new certificate for one the inventory holds, through the ordinary issuance path
 * (a single-certificate batch, or a CSR batch of one), with the batch naming the certificate
 * it replaces (`reissue_of_serial`). Indexing that batch links the new certificate back
 * (lib/inventory/index-certificates.ts); db/queries/expiry.ts then calls the old one replaced.
 *
 * Rules:
 * - A revoked certificate is not reissued: it was withdrawn on purpose, and a replacement
 *   would quietly undo that. An expired one is: renewing a lapsed VASP certificate is the
 *   common case.
 * - A certificate that came from a CSR batch is reissued from a new CSR (the portal never
 *   held its key); any other (single batch, find, import) gets a new single-certificate
 *   batch with its names and subject, as edited by the person.
 * - The CSR reissue takes exactly one CSR, checked like any upload (lib/issuance/csr-upload.ts).
 */
import "server-only";
import type { Db } from "@/db/client";
import { getBatch, IN_FLIGHT_STATES } from "@/db/queries/batches";
import { getCertificateBySerial } from "@/db/queries/certificates";
import { reissueBatchesOf, replacementsOf, type CertificateRef, type ReissueBatchRef } from "@/db/queries/reissue-links";
import type { Certificate } from "@/db/types";
import type { ActorContext } from "@/lib/domain/context";
import { InvalidInputError, notFound } from "@/lib/domain/errors";
import { AppError } from "@/lib/errors";
import { parseCertificate } from "@/lib/pki/certificate";
import { createSingleCertificate, type CreateSingleCertificateInput, type CreateSingleCertificateResult } from "./create-single";
import { previewCsrs, safeCsrFileName, uploadCsrs, type UploadCsrsResult } from "./csr-upload";

export type ReissueKind = "single" | "csr";

/** What the reissue form starts from: the old certificate's names, profile and subject. */
export interface ReissuePlan {
  serial: string;
  commonName: string;
  kind: ReissueKind;
  /** DNS names besides the common name */
  extraDnsNames: string[];
  profileId: number | null;
  /** the authority the old certificate's batch used, when the portal issued it */
  authorityId: number | null;
  subject: { organizationName: string; localityName: string; stateOrProvinceName: string; countryName: string };
  expired: boolean;
  /** reissue batches for it still in flight (a second one is allowed, but the form says so) */
  inProgress: ReissueBatchRef[];
  replacedBy: CertificateRef[];
}

export function revokedReissueMessage(commonName: string): string {
  return `${commonName} is revoked, so it is not reissued: a revocation is deliberate, and a replacement would undo it. Issue a new certificate on the New certificate page if the VASP still needs one.`;
}

/** The certificate to reissue, refused when it is unknown or revoked. */
function reissuable(db: Db, serial: string): Certificate {
  const cert = getCertificateBySerial(db, serial);
  if (!cert) throw notFound(`certificate ${serial}`, "The portal holds no certificate with that serial.");
  if (cert.status === "revoked") throw new AppError("NOT_REISSUABLE", `certificate ${cert.serial} is revoked`, revokedReissueMessage(cert.commonName));
  return cert;
}

function subjectOf(cert: Certificate): ReissuePlan["subject"] {
  let subject: { organization?: string; locality?: string; state?: string; country?: string } = {};
  try {
    if (cert.pem) subject = parseCertificate(cert.pem).subject;
  } catch {
    // An unreadable stored PEM: the person types the subject.
  }
  return {
    organizationName: subject.organization ?? "",
    localityName: subject.locality ?? "",
    stateOrProvinceName: subject.state ?? "",
    countryName: subject.country ?? "",
  };
}

/** How a certificate is reissued and what the form is prefilled with. Throws for unknown or revoked. */
export function reissuePlan(db: Db, serial: string, now: Date = new Date()): ReissuePlan {
  const cert = reissuable(db, serial);
  const batch = cert.batchId !== null ? getBatch(db, cert.batchId) : undefined;
  const names = cert.sans === "" ? [] : cert.sans.split("\n");
  return {
    serial: cert.serial,
    commonName: cert.commonName,
    kind: batch?.kind === "csr" ? "csr" : "single",
    extraDnsNames: names.filter((n) => n.toLowerCase() !== cert.commonName.toLowerCase()),
    profileId: cert.profileId ?? batch?.profileId ?? null,
    authorityId: batch?.authorityId ?? null,
    subject: subjectOf(cert),
    expired: cert.notAfter !== null && cert.notAfter < now.toISOString(),
    inProgress: reissueBatchesOf(db, cert.serial).filter((b) => IN_FLIGHT_STATES.includes(b.state)),
    replacedBy: replacementsOf(db, cert.serial),
  };
}

/** A new single-certificate batch replacing `serial`, with the names and subject as edited. */
export async function reissueSingle(ctx: ActorContext, serial: string, input: CreateSingleCertificateInput): Promise<CreateSingleCertificateResult> {
  const cert = reissuable(ctx.db, serial);
  return createSingleCertificate(ctx, input, { reissueOfSerial: cert.serial });
}

/** A CSR batch of one replacing `serial`: the new CSR must be one good CSR. */
export async function reissueWithCsr(ctx: ActorContext, serial: string, input: { csrText: string; fileName?: string }): Promise<UploadCsrsResult> {
  const cert = reissuable(ctx.db, serial);
  const profileId = cert.profileId ?? (cert.batchId !== null ? getBatch(ctx.db, cert.batchId)?.profileId : null) ?? null;
  if (profileId === null) {
    throw new AppError("NOT_REISSUABLE", `certificate ${cert.serial} has no known profile`, "The portal does not know which profile issued this certificate; upload the new CSR on the Upload CSRs page instead.");
  }
  const previews = await previewCsrs(input.csrText);
  if (previews.length !== 1) {
    throw new InvalidInputError({ csrText: [`A reissue takes exactly one CSR; the text holds ${previews.length}.`] });
  }
  const [csr] = previews;
  if (!csr?.ok) {
    throw new InvalidInputError({ csrText: [`The CSR cannot be submitted: ${csr?.problems.join(" ") || "it could not be read."}`] });
  }
  const fileName = safeCsrFileName(input.fileName || `reissue-${cert.commonName}.pem`);
  return uploadCsrs(ctx, { profileId, fileName, csrText: input.csrText, onlyValid: true, reissueOfSerial: cert.serial });
}
