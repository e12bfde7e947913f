/**
 * Certificate signing requests (PKCS#10) to CsrInfo DTOs, for the upload preview and the
 * simulator. Rules kept here:
 * - every CSR's signature is verified; a forged or altered one is BAD_SIGNATURE;
 * - hostile input never escapes as anything but a PkiError, and costs well under 10 ms
 *   before signature verification (asn1js bounds depth, node count and length);
 * - in a batch, one bad block does not stop the others.
 */
import "server-only";
import { childrenOf, encoded, integer, isContext, oid, parseAsn1, sequence, set, type Asn1Node } from "./asn1-read";
import { publicKeyFacts, signatureAlgorithmName } from "./algorithms";
import { asBytes } from "./bytes";
import { csrProblems } from "./csr-problems";
import { distinguishedName, nameAttributes, nameValues } from "./dn";
import { guard, isPkiError, PkiError } from "./errors";
import { decodeExtensions, OID, readExtensionList, type RawExtension } from "./extensions";
import { bytesLookLikePem, CSR_LABELS, describeSize, MAX_CSR_UPLOAD_BYTES, readPemBlocks, toPem } from "./pem";
import { verifySignature } from "./signature";
import type { CsrInfo, PkiErrorCode } from "./types";

export interface ParseCsrOptions {
  /** Size cap of the input in bytes; default MAX_CSR_UPLOAD_BYTES. */
  maxBytes?: number;
  /**
   * Return a CSR whose signature does not verify (signatureValid false, with a problem)
   * instead of throwing BAD_SIGNATURE. For showing what a rejected CSR claims; never
   * for issuing.
   */
  allowInvalidSignature?: boolean;
}

export type CsrParseResult =
  | { index: number; ok: true; csr: CsrInfo }
  | { index: number; ok: false; error: { code: PkiErrorCode; message: string } };

const CSR_EXPECT = { labels: CSR_LABELS, noun: "CSR" } as const;
// Microsoft's pre-standard extension request attribute carries the same Extensions.
const MS_EXTENSION_REQUEST = "1.3.6.1.4.1.311.2.1.14";

function requestedExtensions(attributes: Asn1Node | undefined): RawExtension[] {
  if (!attributes) return [];
  const found: RawExtension[] = [];
  for (const attr of childrenOf(attributes, "attributes")) {
    const [type, values] = sequence(attr, "Attribute");
    const id = oid(type);
    if (id !== OID.extensionRequest && id !== MS_EXTENSION_REQUEST) continue;
    const [extensions] = set(values, "Attribute values");
    if (extensions) found.push(...readExtensionList(extensions));
  }
  return found;
}

function decodeCsr(der: Uint8Array, opts: ParseCsrOptions): CsrInfo {
  const top = sequence(parseAsn1(der), "CertificationRequest");
  const [info, sigAlg, sigValue] = top;
  if (!info || !sigAlg || !sigValue) throw new PkiError("BAD_DER", "The CSR is incomplete: it lacks its signature.");
  if (top.length > 3) throw new PkiError("BAD_DER", "The CSR has unexpected data after its signature.");
  const [version, subject, spkiNode, attributes] = sequence(info, "CertificationRequestInfo");
  if (!version || !subject || !spkiNode) throw new PkiError("BAD_DER", "The CSR is missing its subject or public key.");
  if (integer(version) !== 0n) throw new PkiError("BAD_DER", "The CSR has an unknown version; only PKCS#10 version 1 exists.");
  if (attributes && !isContext(attributes, 0)) throw new PkiError("BAD_DER", "The CSR has unexpected data after its public key.");

  const subjectAttrs = nameAttributes(subject);
  const ext = decodeExtensions(requestedExtensions(attributes));
  const key = publicKeyFacts(encoded(spkiNode), spkiNode);
  const signatureAlgorithm = signatureAlgorithmName(sigAlg);
  if (!key.supported || !key.key) {
    throw new PkiError(
      "UNSUPPORTED_KEY",
      `The CSR's public key (${key.info.algorithm}) is not supported. Use an RSA key of 2048 bits or more, or an EC P-256 or P-384 key.`,
    );
  }
  const check = verifySignature(sigAlg, encoded(info), sigValue, key.key);
  if (check === "unsupported") {
    throw new PkiError("UNSUPPORTED_KEY", `The CSR is signed with ${signatureAlgorithm}, which is not supported. Sign it with SHA-256 or stronger, using RSA or ECDSA.`);
  }
  const signatureValid = check === "valid";
  if (!signatureValid && !opts.allowInvalidSignature) {
    throw new PkiError(
      "BAD_SIGNATURE",
      "The CSR's signature does not match its contents: it was altered after it was signed, or it is forged. Generate a new CSR with the private key.",
    );
  }

  const commonNames = nameValues(subject, "2.5.4.3");
  const problems = csrProblems({
    subject: subjectAttrs,
    commonNames,
    dnsNames: ext.dnsNames,
    hasSan: ext.hasSan,
    publicKey: key.info,
    signatureAlgorithm,
  });
  if (!signatureValid) problems.unshift("The signature does not verify: this CSR was altered or forged and cannot be submitted.");

  return {
    subject: distinguishedName(subject),
    dnsNames: ext.dnsNames,
    otherSans: ext.otherSans,
    publicKey: key.info,
    signatureAlgorithm,
    signatureValid,
    requestedKeyUsage: ext.keyUsage,
    requestedExtendedKeyUsage: ext.extendedKeyUsage,
    problems,
    pem: toPem(der, "CERTIFICATE REQUEST"),
  };
}

/** A CSR from DER bytes. Throws PkiError. */
export function parseCsrDer(der: Uint8Array, opts: ParseCsrOptions = {}): CsrInfo {
  return guard("BAD_DER", "The CSR could not be decoded: it is not a valid PKCS#10 certificate request.", () =>
    decodeCsr(asBytes(der), opts),
  );
}

function firstCsrDer(text: string, maxBytes: number): Uint8Array {
  const blocks = readPemBlocks(text, { ...CSR_EXPECT, maxBytes });
  for (const block of blocks) if (block.ok) return block.der;
  const first = blocks[0];
  if (first && !first.ok) throw first.error;
  throw new PkiError("NO_PEM_BLOCK", "The text has no CSR.");
}

/**
 * One CSR: PEM text (the first CERTIFICATE REQUEST block), or bytes holding PEM or DER.
 * Rejects with a PkiError.
 */
export async function parseCsr(input: string | Uint8Array, opts: ParseCsrOptions = {}): Promise<CsrInfo> {
  const maxBytes = opts.maxBytes ?? MAX_CSR_UPLOAD_BYTES;
  if (typeof input === "string") return parseCsrDer(firstCsrDer(input, maxBytes), opts);
  if (!(input instanceof Uint8Array)) throw new PkiError("EMPTY_INPUT", "No CSR was given.");
  if (input.byteLength === 0) throw new PkiError("EMPTY_INPUT", "The CSR file is empty.");
  if (input.byteLength > maxBytes) {
    throw new PkiError("TOO_LARGE", `The CSR file is larger than the ${describeSize(maxBytes)} limit. Split it into smaller uploads.`);
  }
  if (bytesLookLikePem(input)) return parseCsrDer(firstCsrDer(Buffer.from(input).toString("utf8"), maxBytes), opts);
  return parseCsrDer(input, opts);
}

/** How many CSRs to parse between yields to the event loop, so a big paste does not stall the server. */
const YIELD_EVERY = 50;

/**
 * Every CSR in a pasted text or uploaded file. Whole-text problems (empty, too large, no
 * PEM block) reject; a bad block gives `{ ok: false, error }` at its index.
 */
export async function parseCsrs(text: string, opts: { maxBytes?: number } = {}): Promise<CsrParseResult[]> {
  const blocks = readPemBlocks(text, { ...CSR_EXPECT, maxBytes: opts.maxBytes ?? MAX_CSR_UPLOAD_BYTES });
  const results: CsrParseResult[] = [];
  for (const block of blocks) {
    if (block.index > 0 && block.index % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    if (!block.ok) {
      results.push({ index: block.index, ok: false, error: block.error.toJSON() });
      continue;
    }
    try {
      results.push({ index: block.index, ok: true, csr: parseCsrDer(block.der) });
    } catch (err) {
      const e = isPkiError(err) ? err : new PkiError("BAD_DER", "The CSR could not be decoded.", { cause: err });
      results.push({ index: block.index, ok: false, error: e.toJSON() });
    }
  }
  return results;
}
