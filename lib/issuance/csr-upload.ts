/**
 * CSR upload (docs/sectigo-protocol.md §2.6): a preview of every CSR in a
 * pasted text or file, and the submission of one PEM text file to Sectigo.
 *
 * Rules:
 * - The server re-parses what it submits; the preview the browser showed is never trusted.
 * - A CSR is "good" when it decodes, its signature verifies and lib/pki reports no problem
 *   for it (a missing DNS SAN, a CN that is not a host name, a weak key… each makes the CA
 *   refuse the batch or the certificate useless). `onlyValid` (the default) submits only
 *   the good ones and refuses when there are none; without it every CSR block that decodes
 *   as PEM is sent as it is and Sectigo judges (a forged or SAN-less CSR then makes the
 *   batch NOT_ACCEPTABLE or BROKEN, which the batch page shows with Sectigo's reason).
 * - Whole-text problems (empty, over MAX_CSR_UPLOAD_BYTES, no PEM block) are INVALID_INPUT.
 */
import "server-only";
import { getBatch } from "@/db/queries/batches";
import { AppError } from "@/lib/errors";
import { createHash } from "node:crypto";
import { encoded, parseAsn1, sequence } from "@/lib/pki/asn1-read";
import { parseCsrDer } from "@/lib/pki/csr";
import { isPkiError, PkiError } from "@/lib/pki/errors";
import { CSR_LABELS, MAX_CSR_UPLOAD_BYTES, readPemBlocks, toPem } from "@/lib/pki/pem";
import { printable } from "@/lib/pki/text-safety";
import type { CsrInfo, PkiErrorCode } from "@/lib/pki/types";
import { findProfile } from "@/lib/sectigo/profiles";
import { getBatchDto, type BatchDto } from "./batch-dto";
import type { ActorContext } from "@/lib/domain/context";
import { InvalidInputError, notFound } from "@/lib/domain/errors";
import { isRetryableRow, notRetryable, submitBatch } from "./submit";

export { MAX_CSR_UPLOAD_BYTES };

export interface CsrPreview {
  /** position of the PEM block in the text, from 0 */
  index: number;
  /** decodes, signature valid, and no problem: safe to submit */
  ok: boolean;
  commonName: string | null;
  dnsNames: string[];
  keyAlgorithm: string | null;
  keySize: number | null;
  signatureValid: boolean;
  problems: string[];
  error?: { code: PkiErrorCode; message: string };
  /** the index of the earlier CSR in the same text that this one repeats (key, or subject and names) */
  duplicateOf?: number;
}

interface ParsedBlock {
  preview: CsrPreview;
  /** the block's DER as PEM, when the block was a readable PEM CSR block */
  pem: string | null;
  /** for finding repeats in one text: the subject DN and a hash of the public key, when decoded */
  subject?: string;
  keyId?: string | null;
}

const YIELD_EVERY = 50;

function previewOf(index: number, csr: CsrInfo): CsrPreview {
  const preview: CsrPreview = {
    index,
    ok: csr.signatureValid && csr.problems.length === 0,
    commonName: csr.subject.commonName ?? null,
    dnsNames: csr.dnsNames,
    keyAlgorithm: csr.publicKey.curve ? `${csr.publicKey.algorithm} ${csr.publicKey.curve}` : csr.publicKey.algorithm,
    keySize: csr.publicKey.size ?? null,
    signatureValid: csr.signatureValid,
    problems: csr.problems,
  };
  if (!csr.signatureValid) {
    preview.error = {
      code: "BAD_SIGNATURE",
      message: "The CSR's signature does not match its contents: it was altered after it was signed, or it is forged.",
    };
  }
  return preview;
}

function failedPreview(index: number, error: PkiError): CsrPreview {
  return {
    index,
    ok: false,
    commonName: null,
    dnsNames: [],
    keyAlgorithm: null,
    keySize: null,
    signatureValid: false,
    problems: [error.message],
    error: error.toJSON(),
  };
}

async function parseBlocks(text: string): Promise<ParsedBlock[]> {
  let blocks;
  try {
    blocks = readPemBlocks(text, { labels: CSR_LABELS, noun: "CSR", maxBytes: MAX_CSR_UPLOAD_BYTES });
  } catch (err) {
    if (isPkiError(err)) throw new InvalidInputError({ csrText: [err.message] }, err.message);
    throw err;
  }
  const parsed: ParsedBlock[] = [];
  for (const block of blocks) {
    // Signature checks cost ~1 ms each: let other requests in during a big paste.
    if (block.index > 0 && block.index % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    if (!block.ok) {
      parsed.push({ preview: failedPreview(block.index, block.error), pem: null });
      continue;
    }
    const pem = toPem(block.der, "CERTIFICATE REQUEST");
    try {
      // Decode forged CSRs too, so the preview shows what they claim; `ok` stays false.
      const csr = parseCsrDer(block.der, { allowInvalidSignature: true });
      parsed.push({ preview: previewOf(block.index, csr), pem, subject: csr.subject.text, keyId: publicKeyId(block.der) });
    } catch (err) {
      const e = isPkiError(err) ? err : new PkiError("BAD_DER", "The CSR could not be decoded.", { cause: err });
      parsed.push({ preview: failedPreview(block.index, e), pem });
    }
  }
  flagDuplicates(parsed);
  return parsed;
}

/** The DER SubjectPublicKeyInfo of a CSR, hashed; null when it cannot be read (the block already has a problem). */
function publicKeyId(der: Uint8Array): string | null {
  try {
    const [info] = sequence(parseAsn1(der), "CertificationRequest");
    const spki = sequence(info, "CertificationRequestInfo")[2];
    return spki ? createHash("sha256").update(encoded(spki)).digest("hex") : null;
  } catch {
    return null;
  }
}

/** The subject and names a CSR asks for, as one comparable text (case of DNS names ignored). */
function requestKey(p: CsrPreview, subject: string): string {
  return JSON.stringify([subject, [...new Set(p.dnsNames.map((n) => n.toLowerCase()))].sort()]);
}

/**
 * Flags repeats within one paste: a CSR whose public key, or whose subject and DNS names,
 * an earlier CSR of the same text already has is a problem (the later one is skipped), so a
 * paste with duplicates neither counts them as good nor submits one key or name twice.
 */
function flagDuplicates(blocks: ParsedBlock[]): void {
  const keys = new Map<string, number>();
  const requests = new Map<string, number>();
  for (const block of blocks) {
    if (block.subject === undefined) continue; // not decoded: already a problem of its own
    const p = block.preview;
    // Only a good CSR claims its key and names: a bad one before it must not push it out.
    const claims = p.ok;
    const problems: string[] = [];
    const key = block.keyId ?? null;
    const firstKey = key !== null ? keys.get(key) : undefined;
    if (firstKey !== undefined) problems.push(`Same public key as CSR #${firstKey + 1} in this text: each certificate needs its own key pair.`);
    else if (key !== null && claims) keys.set(key, p.index);
    const request = requestKey(p, block.subject);
    const firstRequest = requests.get(request);
    if (firstRequest !== undefined) problems.push(`Same subject and DNS names as CSR #${firstRequest + 1} in this text: it would be issued twice.`);
    else if (claims) requests.set(request, p.index);
    if (problems.length > 0) {
      p.problems = [...p.problems, ...problems];
      p.ok = false;
      p.duplicateOf = firstKey ?? firstRequest;
    }
  }
}

/** The preview table of a pasted text or file (no Sectigo call). Throws InvalidInputError for the whole text. */
export async function previewCsrs(text: string): Promise<CsrPreview[]> {
  return (await parseBlocks(text)).map((b) => b.preview);
}

export interface UploadCsrsInput {
  profileId: number;
  fileName: string;
  csrText: string;
  /** default true: submit only the good CSRs */
  onlyValid?: boolean;
  /** a reissue: the canonical serial the batch replaces (lib/issuance/reissue.ts checks it) */
  reissueOfSerial?: string;
}

export interface UploadCsrsResult {
  batch: BatchDto;
  submitted: number;
  skipped: number;
}

/** A file name safe to send and show: the base name, printable, at most 100 characters, ending .pem/.csr. */
export function safeCsrFileName(name: string): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[^A-Za-z0-9._ -]+/g, "_").replace(/^[.\s]+/, "").trim().slice(0, 100);
  if (clean === "") return "csrs.pem";
  return /\.(pem|csr|txt)$/i.test(clean) ? clean : `${clean}.pem`;
}

export async function uploadCsrs(ctx: ActorContext, input: UploadCsrsInput): Promise<UploadCsrsResult> {
  const profile = findProfile(input.profileId);
  if (!profile) throw new InvalidInputError({ profileId: ["Choose profile 17 (CipherTrace EE) or 85 (CipherTrace End Entity Certificate)."] });
  const blocks = await parseBlocks(input.csrText);
  const onlyValid = input.onlyValid ?? true;
  const chosen = blocks.filter((b) => b.pem !== null && (!onlyValid || b.preview.ok));
  if (chosen.length === 0) {
    throw new AppError(
      "NO_VALID_CSR",
      `none of ${blocks.length} CSR block(s) can be submitted`,
      onlyValid
        ? `None of the ${blocks.length} CSR(s) can be submitted: each has a problem shown in the preview. Fix them and upload again.`
        : "No CSR in the text could be read. Paste PEM CSRs (-----BEGIN CERTIFICATE REQUEST-----).",
    );
  }
  const submitted = chosen.length;
  const skipped = blocks.length - submitted;
  const fileName = safeCsrFileName(input.fileName);
  const fileText = chosen.map((b) => b.pem).join("");
  const commonNames = chosen.slice(0, 50).map((b) => printable(b.preview.commonName ?? "(none)", 80));
  const dnsNames = [...new Set(chosen.flatMap((b) => b.preview.dnsNames))].slice(0, 200);
  const localId = await submitBatch(ctx, {
    action: "csr.upload",
    operation: "upload",
    subject: `profile ${profile.id}`,
    details: {
      profileId: profile.id,
      profileName: profile.name,
      fileName,
      batchName: fileName,
      submitted,
      skipped,
      commonNames,
      ...(input.reissueOfSerial ? { reissueOf: input.reissueOfSerial } : {}),
    },
    row: {
      insert: {
        kind: "csr",
        batchName: fileName,
        profileId: profile.id,
        profileName: profile.name,
        commonName: submitted === 1 ? (chosen[0]?.preview.commonName ?? null) : null,
        dnsNames,
        size: submitted,
        createdBy: ctx.actor.id,
        // Public data, kept so a failed upload can be sent again as it was.
        csrText: fileText,
        reissueOfSerial: input.reissueOfSerial ?? null,
      },
    },
    size: submitted,
    call: () => ctx.client.uploadCsrBatch(profile.id, fileName, fileText),
  });

  const batch = getBatchDto(ctx.db, localId);
  if (!batch) throw new Error(`batch ${localId} vanished after the upload`);
  return { batch, submitted, skipped };
}

/**
 * Sends a failed CSR upload again: the same CSR text (as it was submitted), profile and
 * file name, under a new audit intent. Only an upload that Sectigo refused or never
 * received qualifies (see retrySingleCertificate), and only while its text is kept.
 */
export async function retryCsrUpload(ctx: ActorContext, batchId: number): Promise<UploadCsrsResult> {
  const row = getBatch(ctx.db, batchId);
  if (!row || row.kind !== "csr") throw notFound(`CSR batch ${batchId}`, `There is no CSR batch ${batchId}.`);
  if (!isRetryableRow(row)) throw notRetryable(batchId);
  const profile = row.profileId !== null ? findProfile(row.profileId) : undefined;
  if (!row.csrText || !profile) {
    throw new AppError("NOT_RETRYABLE", `batch ${batchId} has no stored CSR text`, csrNotKeptMessage(batchId));
  }
  const fileText = row.csrText;
  const submitted = row.size ?? 0;
  const localId = await submitBatch(ctx, {
    action: "csr.upload",
    operation: "upload",
    subject: `profile ${profile.id}`,
    details: {
      profileId: profile.id,
      profileName: profile.name,
      fileName: row.batchName,
      batchName: row.batchName,
      submitted,
      skipped: 0,
      ...(row.reissueOfSerial ? { reissueOf: row.reissueOfSerial } : {}),
    },
    row: { retry: batchId },
    size: submitted,
    call: () => ctx.client.uploadCsrBatch(profile.id, row.batchName, fileText),
  });
  const batch = getBatchDto(ctx.db, localId);
  if (!batch) throw new Error(`batch ${localId} vanished after the upload`);
  return { batch, submitted, skipped: 0 };
}

export function csrNotKeptMessage(batchId: number): string {
  return `Batch ${batchId} cannot be sent again from here: the portal did not keep its CSRs (uploads made before it started keeping them). Upload the CSR file again on the Upload CSRs page.`;
}
