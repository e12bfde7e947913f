/**
 * The issuing CA's CRL (RFC 5280 v2): AKI, CRL Number, thisUpdate now, nextUpdate +7 days,
 * one entry per revoked serial with its date and reason.
 *
 * Rules (docs/sectigo-protocol.md §6.6): every entry carries a reason extension, because @peculiar/x509
 * writes an empty (invalid) extensions SEQUENCE for an entry without one; the CRL Number
 * has no helper class in @peculiar/x509, so its INTEGER is built with asn1js.
 */
import "server-only";
import * as asn1js from "asn1js";
import { x509 } from "@/lib/pki/x509";
import type { LocalCa } from "./ca";
import { RSA_SHA384 } from "./keys";

export const CRL_VALIDITY_DAYS = 7;

export interface CrlEntryInput {
  serial: string;
  revokedAt: Date;
  reasonCode: number;
}

export interface BuiltCrl {
  der: Uint8Array<ArrayBuffer>;
  thisUpdate: Date;
  crlNumber: number;
}

function crlNumberExtension(n: number): x509.Extension {
  const der = new asn1js.Integer({ value: n }).toBER(false);
  return new x509.Extension("2.5.29.20", false, der);
}

export async function buildCrl(ca: LocalCa, entries: CrlEntryInput[], crlNumber: number, now: Date): Promise<BuiltCrl> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.issuing.cert.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + CRL_VALIDITY_DAYS * 86_400_000),
    signingAlgorithm: RSA_SHA384,
    signingKey: ca.issuing.signingKey,
    extensions: [await x509.AuthorityKeyIdentifierExtension.create(ca.issuing.cert.publicKey), crlNumberExtension(crlNumber)],
    entries: entries.map((e) => ({
      serialNumber: e.serial,
      revocationDate: e.revokedAt,
      reason: e.reasonCode as x509.X509CrlReason,
    })),
  });
  return { der: new Uint8Array(crl.rawData), thisUpdate: now, crlNumber };
}

/** PEM with the label OpenSSL reads (`X509 CRL`, not the library's `CRL`). */
export function crlToPem(der: Uint8Array<ArrayBuffer>): string {
  return x509.PemConverter.encode(der, "X509 CRL");
}
