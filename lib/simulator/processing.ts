/**
 * The slow part of issuing a batch — key generation, signing, PKCS#12 — done outside the
 * state lock, returning certificate records for the engine to commit in one change.
 *
 * Rule: the single-certificate key exists only in memory here and leaves inside a
 * PKCS#12 encrypted with the batch password; nothing else keeps it.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { writePkcs12 } from "@/lib/pki/pkcs12-write";
import { x509 } from "@/lib/pki/x509";
import { findProfile } from "@/lib/sectigo/profiles";
import { BATCH_STATUS } from "@/lib/sectigo/schemas";
import type { LocalCa } from "./ca";
import { authorityForProfile } from "./catalog";
import { commonNameOf, goStyleDn, sectigoDate } from "./format";
import { dnsNamesFromParam, issueLeaf, subjectFromParams, type IssuedCertificate } from "./issue";
import { generateRsaKey } from "./keys";
import type { Pkcs12Format, RsaKeyBits } from "./options";
import type { BatchRecord, CertificateRecord } from "./state";

export interface IssuanceContext {
  ca: LocalCa;
  publicUrl: string;
  now: Date;
  leafKeyBits: RsaKeyBits;
  pkcs12Format: Pkcs12Format;
}

export type IssuanceOutcome =
  | { ok: true; certificates: CertificateRecord[] }
  | { ok: false; status: typeof BATCH_STATUS.REJECTED | typeof BATCH_STATUS.NOT_ACCEPTABLE | typeof BATCH_STATUS.BROKEN; reason: string };

/**
 * A ZIP entry name from a common name: lower-cased, spaces to "_" (as cathy names it), and
 * anything outside [a-z0-9._*-] replaced, so a hostile CN cannot name a path.
 */
export function entryStem(commonName: string, fallback: string): string {
  const stem = commonName
    .toLowerCase()
    .replace(/ /g, "_")
    .replace(/[^a-z0-9._*-]/g, "_")
    .replace(/^\.+/, "");
  return stem || fallback;
}

function uniqueName(stem: string, ext: string, taken: Set<string>): string {
  let name = `${stem}${ext}`;
  for (let i = 2; taken.has(name); i++) name = `${stem}-${i}${ext}`;
  taken.add(name);
  return name;
}

function record(batch: BatchRecord, issued: IssuedCertificate, fileName: string, now: Date): CertificateRecord {
  return {
    serial: issued.serial,
    deviceId: randomUUID(),
    batchId: batch.batchId,
    profileId: batch.profileId,
    authorityId: batch.authorityId,
    subjectDn: goStyleDn(issued.cert.subjectName),
    commonName: commonNameOf(issued.cert.subjectName),
    creationDate: sectigoDate(now),
    pem: issued.pem,
    fileName,
    status: BATCH_STATUS.READY_FOR_DOWNLOAD,
  };
}

async function issueSingle(batch: BatchRecord, ctx: IssuanceContext): Promise<IssuanceOutcome> {
  const profile = findProfile(batch.profileId);
  const params = batch.pendingParams;
  if (!profile || !params?.pkcs12Password) {
    return { ok: false, status: BATCH_STATUS.REJECTED, reason: "The batch lost its parameters before issuance; create it again." };
  }
  const key = await generateRsaKey(ctx.leafKeyBits);
  const issued = await issueLeaf({
    ca: ctx.ca,
    subject: subjectFromParams(profile, params),
    publicKey: key.publicKeyDer,
    dnsNames: dnsNamesFromParam(params.dNSName),
    publicUrl: ctx.publicUrl,
    now: ctx.now,
  });
  const p12 = await writePkcs12({
    privateKeyPem: key.privateKeyPem,
    certificatePems: [issued.pem, ctx.ca.issuing.pem, ctx.ca.root.pem],
    password: params.pkcs12Password,
    format: ctx.pkcs12Format,
  });
  const fileName = `${entryStem(params.commonName ?? "", issued.serial.toLowerCase())}.p12`;
  const cert = { ...record(batch, issued, fileName, ctx.now), p12Base64: Buffer.from(p12).toString("base64") };
  return { ok: true, certificates: [cert] };
}

async function issueCsrs(batch: BatchRecord, ctx: IssuanceContext): Promise<IssuanceOutcome> {
  const taken = new Set<string>();
  const certificates: CertificateRecord[] = [];
  for (const pending of batch.pendingCsrs ?? []) {
    const csr = new x509.Pkcs10CertificateRequest(pending.pem);
    const issued = await issueLeaf({
      ca: ctx.ca,
      subject: csr.subjectName,
      publicKey: csr.publicKey,
      dnsNames: pending.dnsNames,
      publicUrl: ctx.publicUrl,
      now: ctx.now,
    });
    const stem = entryStem(commonNameOf(issued.cert.subjectName), issued.serial.toLowerCase());
    certificates.push(record(batch, issued, uniqueName(stem, ".pem", taken), ctx.now));
  }
  if (certificates.length === 0) {
    return { ok: false, status: BATCH_STATUS.REJECTED, reason: "The batch holds no certificate signing request." };
  }
  return { ok: true, certificates };
}

/** Issues a due batch; a failure becomes a REJECTED outcome with a reason, never a throw. */
export async function issueBatch(batch: BatchRecord, ctx: IssuanceContext): Promise<IssuanceOutcome> {
  if (batch.pendingOutcome) return { ok: false, ...batch.pendingOutcome };
  if (!authorityForProfile(batch.authorityId)) {
    return { ok: false, status: BATCH_STATUS.REJECTED, reason: `unknown profile: authority ${batch.authorityId}` };
  }
  try {
    return batch.kind === "single" ? await issueSingle(batch, ctx) : await issueCsrs(batch, ctx);
  } catch (err) {
    const why = err instanceof Error && err.message ? err.message : "unknown error";
    return { ok: false, status: BATCH_STATUS.REJECTED, reason: `Issuance failed: ${why}` };
  }
}
