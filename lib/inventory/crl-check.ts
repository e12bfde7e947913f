/**
 * "Check CRL": is this serial on the CRL its issuing CA publishes? Answered the way a
 * relying party would: fetch the CRL from the certificate's CRL distribution point, check
 * the CRL's signature with the issuing CA certificate from the stored chain, look for the
 * serial.
 *
 * Rules: only http and https URLs are fetched; each fetch has a 10 s timeout and the body is
 * capped at lib/pki's MAX_CRL_BYTES (read as a stream, so a huge or endless reply is cut
 * off, not buffered); every failure is an AppError with a sentence a person can act on.
 */
import "server-only";
import type { Db } from "@/db/client";
import { getCertificateBySerial } from "@/db/queries/certificates";
import { AppError } from "@/lib/errors";
import { parseCertificate, parseCertificates } from "@/lib/pki/certificate";
import { findCrlEntry, MAX_CRL_BYTES, parseCrl, verifyCrlSignature } from "@/lib/pki/crl";
import { isPkiError } from "@/lib/pki/errors";
import type { CertificateInfo } from "@/lib/pki/types";
import { revocationReason } from "@/lib/sectigo/reasons";
import { notFound } from "@/lib/domain/errors";

export const CRL_FETCH_TIMEOUT_MS = 10_000;

export interface CrlCheckResult {
  checkedAt: string;
  crlUrl: string;
  onCrl: boolean;
  reasonCode?: number;
  reasonLabel?: string;
  revokedAt?: string;
  thisUpdate: string;
  nextUpdate?: string;
  crlNumber?: string;
  /** true when the CRL verifies against the issuing CA certificate of the stored chain */
  signatureValid: boolean;
  /** false when the chain holds no certificate named as the CRL's issuer (signatureValid is then false) */
  issuerFound: boolean;
}

export interface CheckCrlOptions {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
}

function httpUrl(points: readonly string[]): string | undefined {
  for (const point of points) {
    try {
      const url = new URL(point);
      if (url.protocol === "http:" || url.protocol === "https:") return url.toString();
    } catch {
      // not a URL (e.g. an LDAP DN); try the next one
    }
  }
  return undefined;
}

function unreachable(url: string, why: string, cause?: unknown): AppError {
  return new AppError("CRL_UNAVAILABLE", `CRL fetch from ${url} failed: ${why}`, `The CRL at ${url} could not be fetched (${why}). Try again later.`, { cause });
}

async function readCapped(res: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw unreachable(url, `it is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw unreachable(url, `it is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

async function fetchCrl(url: string, options: CheckCrlOptions): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? CRL_FETCH_TIMEOUT_MS;
  let res: Response;
  try {
    res = await (options.fetchImpl ?? fetch)(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow", headers: { Accept: "application/pkix-crl, */*" } });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    throw unreachable(url, timedOut ? `no answer within ${timeoutMs / 1000} s` : "the server could not be reached", err);
  }
  const finalUrl = res.url || url;
  if (!/^https?:/i.test(finalUrl)) throw unreachable(url, "it redirected to a non-HTTP address");
  if (res.status < 200 || res.status > 299) {
    await res.body?.cancel().catch(() => undefined);
    throw unreachable(url, `HTTP ${res.status}`);
  }
  return readCapped(res, url, options.maxBytes ?? MAX_CRL_BYTES);
}

function issuerIn(chainPem: string | null, issuerDn: string): CertificateInfo | undefined {
  if (!chainPem) return undefined;
  try {
    return parseCertificates(chainPem).find((c) => c.subject.text === issuerDn);
  } catch {
    return undefined;
  }
}

/** Checks the serial against its issuer's published CRL. Throws AppError when it cannot. */
export async function checkCrl(serial: string, db: Db, options: CheckCrlOptions = {}): Promise<CrlCheckResult> {
  const row = getCertificateBySerial(db, serial);
  if (!row) throw notFound(`certificate ${serial}`, "The portal does not know this certificate; search for it or ask Sectigo first.");
  if (!row.pem) {
    throw new AppError(
      "NO_CERTIFICATE",
      `certificate ${row.serial} has no PEM`,
      "The portal knows this certificate only from a Sectigo find, without the certificate itself, so it cannot tell where its CRL is.",
    );
  }
  const info = parseCertificate(row.pem);
  const crlUrl = httpUrl(info.crlDistributionPoints);
  if (!crlUrl) {
    throw new AppError("NO_CRL_DISTRIBUTION_POINT", `certificate ${row.serial} names no http(s) CDP`, "This certificate names no http(s) CRL distribution point, so there is no CRL to check.");
  }
  const bytes = await fetchCrl(crlUrl, options);
  let crl;
  try {
    crl = parseCrl(bytes);
  } catch (err) {
    const why = isPkiError(err) ? err.message : "it is not a CRL";
    throw new AppError("CRL_INVALID", `CRL from ${crlUrl} unreadable`, `The file at ${crlUrl} is not a readable CRL: ${why}`, { cause: err });
  }
  const issuer = issuerIn(row.chainPem, crl.issuer.text);
  let signatureValid = false;
  if (issuer) {
    try {
      signatureValid = verifyCrlSignature(bytes, issuer.pem);
    } catch {
      signatureValid = false;
    }
  }
  const entry = findCrlEntry(crl, row.serial);
  const result: CrlCheckResult = {
    checkedAt: new Date().toISOString(),
    crlUrl,
    onCrl: entry !== undefined,
    thisUpdate: crl.thisUpdate,
    signatureValid,
    issuerFound: issuer !== undefined,
  };
  if (crl.nextUpdate) result.nextUpdate = crl.nextUpdate;
  if (crl.crlNumber) result.crlNumber = crl.crlNumber;
  if (entry) {
    result.revokedAt = entry.revokedAt;
    if (entry.reasonCode !== undefined) {
      result.reasonCode = entry.reasonCode;
      const label = revocationReason(entry.reasonCode)?.label;
      if (label) result.reasonLabel = label;
    }
  }
  return result;
}
