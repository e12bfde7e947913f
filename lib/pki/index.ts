/**
 * lib/pki: X.509, CSR, PKCS#12, ZIP and CRL parsing and formatting, to plain DTOs.
 * Everything here throws only PkiError (with a stable `code`) on bad input. Import
 * @peculiar/x509 through "@/lib/pki/x509", not from here.
 */
import "server-only";

export type * from "./types";
export { isPkiError, PkiError } from "./errors";
export {
  CERTIFICATE_LABELS,
  CRL_LABELS,
  CSR_LABELS,
  MAX_CSR_UPLOAD_BYTES,
  MAX_PEM_TEXT_BYTES,
  readPemBlocks,
  toPem,
  type PemBlockResult,
  type PemExpectation,
} from "./pem";
export {
  formatSerialColons,
  normalizeSerial,
  serialCandidates,
  serialFromDer,
  serialToDecimal,
  type NormalizeSerialOptions,
  type SerialValue,
} from "./serial";
export { parseCsr, parseCsrDer, parseCsrs, type CsrParseResult, type ParseCsrOptions } from "./csr";
export { parseCertificate, parseCertificates } from "./certificate";
export {
  MAX_PKCS12_BYTES,
  MAX_PKCS12_ITERATIONS,
  readPkcs12,
  readPkcs12Certificates,
  writePkcs12,
  type ReadPkcs12Options,
  type WritePkcs12Options,
} from "./pkcs12";
export { DEFAULT_ZIP_LIMITS, readZip, writeZip, type ZipLimits } from "./zip";
export { extractCertificateFromDownload, inspectDownload } from "./download";
export { findCrlEntry, MAX_CRL_BYTES, parseCrl, verifyCrlSignature, type CrlEntry } from "./crl";
export { findTextIssues, printable } from "./text-safety";
