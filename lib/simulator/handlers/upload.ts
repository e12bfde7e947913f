/**
 * Endpoint J: CSR batch upload (multipart: `profileId`, `csrBatchRequest` JSON, one `files`
 * part). The file is PEM text with one or many CSRs (part type text/plain,
 * application/octet-stream or application/x-x509-ca-cert) or, only with part type
 * application/zip, a ZIP of .csr/.pem files (docs/sectigo-protocol.md §2.6).
 *
 * Rules: the body is capped at 5 MiB (413 beyond). A file without any CSR is a 400. Otherwise
 * the batch is always created, like the real CA: a malformed or forged CSR makes it end
 * NOT_ACCEPTABLE naming the CSR, and a CSR without a SAN dNSName makes it end BROKEN with
 * Sectigo's own message.
 */
import "server-only";
import { parseCsrs } from "@/lib/pki/csr";
import { isPkiError } from "@/lib/pki/errors";
import { readZip } from "@/lib/pki/zip";
import type { PublicKeyInfo } from "@/lib/pki/types";
import { csrBatchRequestSchema } from "@/lib/sectigo/schemas";
import { BATCH_STATUS } from "@/lib/sectigo/schemas";
import { toBatchResponse } from "../batch-view";
import type { CsrBatchInput } from "../batches";
import { authorityForProfile, AUTHORITIES } from "../catalog";
import { badRequest, SimulatorError } from "../errors";
import { readBody, sendJson } from "../http";
import type { HandlerContext } from "../router";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const MISSING_DNS_NAME = "Cert subject name error: SubjectAlternativeName dNSName value is missing";

const TEXT_TYPES = new Set(["", "text/plain", "application/octet-stream", "application/x-x509-ca-cert"]);
const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 4096;
const EC_CURVES = new Set(["P-256", "P-384"]);

function keyAllowed(key: PublicKeyInfo): boolean {
  if (key.algorithm === "RSA") return (key.size ?? 0) >= MIN_RSA_BITS && (key.size ?? 0) <= MAX_RSA_BITS;
  return key.algorithm === "EC" && EC_CURVES.has(key.curve ?? "");
}

interface CsrText {
  source: string;
  text: string;
}

async function readForm(ctx: HandlerContext): Promise<FormData> {
  const contentType = ctx.req.headers["content-type"] ?? "";
  if (!/^multipart\/form-data;/i.test(contentType)) {
    throw badRequest("The upload must be multipart/form-data with the parts profileId, csrBatchRequest and files.");
  }
  const body = await readBody(ctx.req, MAX_UPLOAD_BYTES);
  try {
    return await new Request("http://simulator.invalid/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    throw badRequest("The upload is not valid multipart/form-data.");
  }
}

async function partText(value: FormDataEntryValue | null): Promise<string | undefined> {
  if (value === null) return undefined;
  return typeof value === "string" ? value : value.text();
}

async function csrTexts(file: File): Promise<CsrText[]> {
  const type = file.type.split(";")[0]?.trim().toLowerCase() ?? "";
  if (TEXT_TYPES.has(type)) return [{ source: file.name || "the file", text: await file.text() }];
  if (type !== "application/zip") {
    throw badRequest(`Unsupported file type ${type}: send PEM text (text/plain or application/octet-stream) or a ZIP (application/zip).`);
  }
  const entries = readZip(new Uint8Array(await file.arrayBuffer()), { maxEntries: 1000, maxTotalBytes: MAX_UPLOAD_BYTES * 4 });
  return entries
    .filter((e) => /\.(csr|pem)$/i.test(e.name))
    .map((e) => ({ source: e.name, text: new TextDecoder().decode(e.data) }));
}

/** Parses every CSR and decides the batch's fate: signable CSRs, or the one reason it fails. */
async function examine(texts: CsrText[]): Promise<Pick<CsrBatchInput, "size" | "csrs" | "outcome">> {
  const csrs: CsrBatchInput["csrs"] = [];
  const unacceptable: string[] = [];
  let missingDns = false;
  let n = 0;
  for (const { source, text } of texts) {
    const results = await parseCsrs(text, { maxBytes: MAX_UPLOAD_BYTES });
    for (const r of results) {
      n += 1;
      const label = texts.length > 1 ? `CSR ${n} (${source})` : `CSR ${n}`;
      if (!r.ok) {
        unacceptable.push(`${label}: ${r.error.message}`);
        continue;
      }
      const { csr } = r;
      if (!csr.signatureValid) {
        unacceptable.push(`${label}: its signature does not verify (forged or altered)`);
      } else if (!keyAllowed(csr.publicKey)) {
        const key = `${csr.publicKey.algorithm}${csr.publicKey.curve ? ` ${csr.publicKey.curve}` : csr.publicKey.size ? `-${csr.publicKey.size}` : ""}`;
        unacceptable.push(`${label}: key ${key} is not allowed by the profile; use RSA 2048 to 4096 bits or EC P-256/P-384`);
      } else if (csr.dnsNames.length === 0) {
        missingDns = true;
      } else {
        csrs.push({ pem: csr.pem, dnsNames: csr.dnsNames });
      }
    }
  }
  if (n === 0) throw badRequest("The file holds no certificate signing request (-----BEGIN CERTIFICATE REQUEST-----).");
  if (unacceptable.length > 0) return { size: n, csrs: [], outcome: { status: BATCH_STATUS.NOT_ACCEPTABLE, reason: unacceptable.join("; ") } };
  if (missingDns) return { size: n, csrs: [], outcome: { status: BATCH_STATUS.BROKEN, reason: MISSING_DNS_NAME } };
  return { size: n, csrs };
}

export async function uploadCsrBatch(ctx: HandlerContext): Promise<void> {
  const form = await readForm(ctx);
  const requestText = await partText(form.get("csrBatchRequest"));
  let request: unknown;
  try {
    request = requestText === undefined ? undefined : JSON.parse(requestText);
  } catch {
    throw badRequest("The csrBatchRequest part is not valid JSON.");
  }
  const parsed = csrBatchRequestSchema.safeParse(request);
  if (!parsed.success) {
    throw badRequest('The csrBatchRequest part must be JSON {"profileId": number, "batchType": "BATCH", "profileParams": {}}.');
  }
  const field = await partText(form.get("profileId"));
  if (field === undefined || !/^\d+$/.test(field.trim())) throw badRequest("The profileId field is missing or not a number.");
  if (Number(field.trim()) !== parsed.data.profileId) {
    throw badRequest("The profileId field and the profileId of csrBatchRequest differ.");
  }
  const authority = authorityForProfile(parsed.data.profileId);
  if (!authority) {
    const known = AUTHORITIES.map((a) => a.profile.id).join(", ");
    throw new SimulatorError("UNKNOWN_PROFILE", 400, `unknown profile: ${parsed.data.profileId} is not one of ${known}.`);
  }
  const files = form.getAll("files").filter((f): f is File => typeof f !== "string");
  if (files.length !== 1 || form.getAll("files").length !== 1) throw badRequest("Send exactly one file part named files.");
  const file = files[0] as File;

  let examined: Awaited<ReturnType<typeof examine>>;
  try {
    examined = await examine(await csrTexts(file));
  } catch (err) {
    if (isPkiError(err)) {
      if (err.code === "TOO_LARGE") throw new SimulatorError("PAYLOAD_TOO_LARGE", 413, err.message);
      throw badRequest(err.message);
    }
    throw err;
  }
  const batch = await ctx.core.engine.createCsrBatch({ authority, batchName: file.name || "csr-upload", ...examined });
  sendJson(ctx.res, 201, toBatchResponse(batch));
}
