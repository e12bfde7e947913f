/**
 * What is inside a certificate download ZIP.
 * - `extractCertificateFromDownload` applies GDS's extraction rules (docs/sectigo-protocol.md §4.7)
 *   with GDS's own error texts at the front of each message: the name must end in .zip,
 *   the archive must hold exactly one file, and that file is a PKCS#12 opened with the
 *   batch password.
 * - `inspectDownload` decodes every file of any download (a PKCS#12 per single-cert batch,
 *   or PEM chains per CSR batch) for people and the CLI; it never returns a private key.
 */
import "server-only";
import { parseCertificate, parseCertificates } from "./certificate";
import { isPkiError, PkiError } from "./errors";
import { bytesLookLikePem } from "./pem";
import { readPkcs12, readPkcs12Certificates } from "./pkcs12-read";
import { printable } from "./text-safety";
import type { DownloadEntryInfo, DownloadInspection, Pkcs12Contents } from "./types";
import { readZip, type ZipLimits } from "./zip";

/** A download holds one file per certificate; batches are far smaller than this. */
const DOWNLOAD_LIMITS: ZipLimits = { maxEntries: 10_000, maxEntryBytes: 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024 };

/**
 * The certificate and key of a single-certificate download, GDS-style. Throws PkiError
 * NOT_A_ZIP_NAME, ZIP_ENTRY_COUNT, WRONG_PASSWORD, BAD_PKCS12 or a ZIP error.
 */
export function extractCertificateFromDownload(zipBytes: Uint8Array, fileName: string, password: string): Pkcs12Contents {
  const shown = printable(fileName, 120);
  if (!/\.zip$/i.test(fileName)) {
    throw new PkiError("NOT_A_ZIP_NAME", `cannot write .zip format to ${shown}: a certificate download must be a .zip file.`);
  }
  const entries = readZip(zipBytes, DOWNLOAD_LIMITS);
  if (entries.length === 0) {
    throw new PkiError("ZIP_ENTRY_COUNT", "zip archive contains no providers: the download holds no certificate file.");
  }
  if (entries.length > 1) {
    throw new PkiError(
      "ZIP_ENTRY_COUNT",
      `multiple providers in zip, is this a provider pool? The download holds ${entries.length} files; a single-certificate download holds one .p12.`,
    );
  }
  const entry = entries[0] as (typeof entries)[number];
  return readPkcs12(entry.data, password);
}

function inEntry<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isPkiError(err)) throw new PkiError(err.code, `${printable(name, 80)}: ${err.message}`, { cause: err });
    throw err;
  }
}

function inspectEntry(name: string, data: Uint8Array, password: string | undefined): DownloadEntryInfo {
  if (/\.(p12|pfx)$/i.test(name)) {
    if (password === undefined) {
      throw new PkiError("WRONG_PASSWORD", `${printable(name, 80)} is a PKCS#12 file; give the batch's PKCS#12 password to open it.`);
    }
    return { name, kind: "pkcs12", certificates: inEntry(name, () => readPkcs12Certificates(data, password)) };
  }
  if (bytesLookLikePem(data)) {
    return { name, kind: "pem", certificates: inEntry(name, () => parseCertificates(Buffer.from(data).toString("utf8"))) };
  }
  if (/\.(cer|crt|der)$/i.test(name)) {
    return { name, kind: "der", certificates: [inEntry(name, () => parseCertificate(data))] };
  }
  throw new PkiError("BAD_ZIP", `${printable(name, 80)} is neither a PKCS#12 file nor a certificate; the download is not one this portal knows.`);
}

/** Every file of a download ZIP decoded to certificates (public parts only). Throws PkiError. */
export function inspectDownload(zipBytes: Uint8Array, password?: string): DownloadInspection {
  return { entries: readZip(zipBytes, DOWNLOAD_LIMITS).map((e) => inspectEntry(e.name, e.data, password)) };
}
