/**
 * Reading PEM text that people paste or upload. Rules kept here:
 * - size is checked first (before any scan), against a cap callers can state to users;
 * - the scan is one linear pass over BEGIN/END markers, so no input can make it quadratic;
 * - text around and between blocks is ignored, CRLF and whitespace inside base64 are fine;
 * - a problem with one block (wrong label, bad base64, missing END) is reported for that
 *   block only; only whole-text problems (empty, too large, no block at all) throw.
 */
import "server-only";
import { PkiError } from "./errors";

/** The largest CSR text accepted (paste or file): 1 MiB, about 600 RSA-4096 CSRs. */
export const MAX_CSR_UPLOAD_BYTES = 1024 * 1024;

/** Default cap for other PEM text (certificates, chains, CRLs). */
export const MAX_PEM_TEXT_BYTES = 4 * 1024 * 1024;

/**
 * Most PEM blocks read from one text. A 1 MiB upload holds about 600 real CSRs; a text of
 * thousands of tiny broken blocks is an attack on the per-block error reporting.
 */
export const MAX_PEM_BLOCKS = 5000;

export const CSR_LABELS = ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"] as const;
export const CERTIFICATE_LABELS = ["CERTIFICATE", "X509 CERTIFICATE"] as const;
// x509's own PEM writer uses "CRL"; openssl and RFC 7468 use "X509 CRL". Accept both.
export const CRL_LABELS = ["X509 CRL", "CRL"] as const;

export interface PemExpectation {
  /** Labels accepted, e.g. CSR_LABELS. The first one is quoted in messages. */
  labels: readonly string[];
  /** What the caller wants, for messages: "CSR", "certificate", "CRL". */
  noun: string;
  /** Size cap in bytes of the UTF-8 text; default MAX_PEM_TEXT_BYTES. */
  maxBytes?: number;
}

export type PemBlockResult =
  | { index: number; label: string; ok: true; der: Uint8Array }
  | { index: number; label: string; ok: false; error: PkiError };

const MARKER = /-----(BEGIN|END) ([^\r\n-]{0,64})-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/** "1 MiB", "512 KiB": a size cap as people read it. */
export function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** Throws TOO_LARGE when a text exceeds `maxBytes` of UTF-8, cheaply for huge strings. */
export function checkTextSize(text: string, maxBytes: number, noun: string): void {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so a long string fails fast.
  if (text.length > maxBytes || Buffer.byteLength(text, "utf8") > maxBytes) {
    throw new PkiError(
      "TOO_LARGE",
      `The ${noun} text is larger than the ${describeSize(maxBytes)} limit. Split it into smaller uploads.`,
    );
  }
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 512);
  // A DER SEQUENCE starts with 0x30 ("0") and a length byte; text does not follow "0" with control bytes.
  if (sample.charCodeAt(0) === 0x30 && /[\u0000-\u0008\u000e-\u001f\u0080-\u00ff\ufffd]/.test(sample.slice(1, 3))) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) control++;
  }
  return control > 0 && control / Math.max(sample.length, 1) > 0.05;
}

function noBlockError(text: string, exp: PemExpectation): PkiError {
  const label = exp.labels[0] ?? "PEM";
  if (looksBinary(text)) {
    return new PkiError(
      "NO_PEM_BLOCK",
      `This looks like binary (DER) data, not PEM text. Upload the ${exp.noun} as a PEM file with its -----BEGIN ${label}----- line, or convert it first (for example with openssl -inform DER -outform PEM).`,
    );
  }
  const compact = text.replace(/\s+/g, "");
  if (compact.length >= 64 && BASE64_BODY.test(compact)) {
    return new PkiError(
      "NO_PEM_BLOCK",
      `The text looks like base64 without its PEM lines. Paste the ${exp.noun} including its -----BEGIN ${label}----- and -----END ${label}----- lines.`,
    );
  }
  return new PkiError(
    "NO_PEM_BLOCK",
    `The text has no PEM block. Paste the ${exp.noun} including its -----BEGIN ${label}----- line.`,
  );
}

/** Line numbers for increasing offsets in one pass (markers arrive in order). */
function lineCounter(text: string): (offset: number) => number {
  let pos = 0;
  let line = 1;
  return (offset) => {
    for (let i = text.indexOf("\n", pos); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
      line++;
      pos = i + 1;
    }
    return line;
  };
}

function wrongLabelMessage(label: string, exp: PemExpectation): string {
  const want = exp.labels[0] ?? "PEM";
  if (/PRIVATE KEY/.test(label)) {
    return `Block is a ${label}, not a ${exp.noun}. Do not share private keys; paste the ${exp.noun} (-----BEGIN ${want}-----) instead.`;
  }
  return `Block is a ${label || "PEM block without a label"}, not a ${exp.noun}. Paste the ${exp.noun} (-----BEGIN ${want}-----) instead.`;
}

/** Strict base64 of a block body; whitespace is allowed anywhere, headers (RFC 1421) skipped. */
function decodeBody(body: string): Uint8Array | null {
  const lines = body.split(/\r?\n|\r/);
  const kept = lines.filter((l) => !/^[A-Za-z0-9-]+:/.test(l.trim()));
  const compact = kept.join("").replace(/[\s]+/g, "");
  if (compact.length === 0 || compact.length % 4 === 1 || !BASE64_BODY.test(compact)) return null;
  return new Uint8Array(Buffer.from(compact, "base64"));
}

/**
 * Splits a text into PEM blocks of the expected kind. Throws PkiError EMPTY_INPUT,
 * TOO_LARGE or NO_PEM_BLOCK for the whole text; per-block problems are results.
 */
export function readPemBlocks(text: string, exp: PemExpectation): PemBlockResult[] {
  if (typeof text !== "string" || text.trim() === "") {
    throw new PkiError("EMPTY_INPUT", `The ${exp.noun} text is empty. Paste at least one ${exp.noun}.`);
  }
  checkTextSize(text, exp.maxBytes ?? MAX_PEM_TEXT_BYTES, exp.noun);

  const results: PemBlockResult[] = [];
  const lineOf = lineCounter(text);
  let open: { label: string; bodyStart: number; line: number } | null = null;
  const fail = (label: string, error: PkiError) => results.push({ index: results.length, label, ok: false, error });

  for (const m of text.matchAll(MARKER)) {
    if (results.length >= MAX_PEM_BLOCKS) {
      throw new PkiError("TOO_LARGE", `The ${exp.noun} text has more than ${MAX_PEM_BLOCKS} PEM blocks. Split it into smaller uploads.`);
    }
    const kind = m[1];
    const label = (m[2] ?? "").trim();
    const at = m.index ?? 0;
    if (kind === "BEGIN") {
      if (open) {
        fail(open.label, new PkiError("NO_PEM_BLOCK", `The ${open.label} block on line ${open.line} has no -----END ${open.label}----- line; it may have been cut off.`));
      }
      open = { label, bodyStart: at + m[0].length, line: lineOf(at) };
      continue;
    }
    if (!open) continue; // a stray END line is garbage around blocks
    if (label !== open.label) {
      fail(open.label, new PkiError("NO_PEM_BLOCK", `The ${open.label} block on line ${open.line} ends with -----END ${label}-----; the BEGIN and END labels must match.`));
      open = null;
      continue;
    }
    const blockLabel = open.label;
    const body = text.slice(open.bodyStart, at);
    const line = open.line;
    open = null;
    if (!exp.labels.includes(blockLabel)) {
      fail(blockLabel, new PkiError("WRONG_PEM_LABEL", wrongLabelMessage(blockLabel, exp)));
      continue;
    }
    const der = decodeBody(body);
    if (!der) {
      fail(blockLabel, new PkiError("BAD_BASE64", `The ${exp.noun} on line ${line} is not valid base64. Paste it again without editing the lines between BEGIN and END.`));
      continue;
    }
    results.push({ index: results.length, label: blockLabel, ok: true, der });
  }
  if (open) {
    fail(open.label, new PkiError("NO_PEM_BLOCK", `The ${open.label} block on line ${open.line} has no -----END ${open.label}----- line; it may have been cut off.`));
  }
  if (results.length === 0) throw noBlockError(text, exp);
  return results;
}

/** The DER of the first good block, or else the first block's error. */
export function readSinglePem(text: string, exp: PemExpectation): Uint8Array {
  const blocks = readPemBlocks(text, exp);
  for (const block of blocks) if (block.ok) return block.der;
  const first = blocks[0];
  if (first && !first.ok) throw first.error;
  throw noBlockError(text, exp);
}

/** PEM text with 64-character lines and a trailing newline, as openssl writes it. */
export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** True when a byte buffer holds PEM text rather than DER (an upload can be either). */
export function bytesLookLikePem(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString("latin1");
  return head.includes("-----BEGIN ");
}
