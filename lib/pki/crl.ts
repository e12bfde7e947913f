/**
 * Certificate revocation lists: parsed to CrlInfo, and checked against their issuer with
 * node:crypto, so a page can check a certificate the way a relying party would. The
 * simulator writes CRLs; lib/pki only reads them. Accepts "X509 CRL" PEM (openssl's
 * label), "CRL" PEM (@peculiar/x509's) and DER.
 */
import "server-only";
import * as asn1js from "asn1js";
import {
  explicit,
  integer,
  integerBytes,
  isContext,
  isUniversal,
  parseAsn1,
  primitiveBytes,
  sequence,
  TAG,
  type Asn1Node,
  encoded,
  bigIntFromTwosComplement,
} from "./asn1-read";
import { publicKeyFacts } from "./algorithms";
import { certificatePartsFromDer, timeValue } from "./certificate";
import { distinguishedName } from "./dn";
import { guard, PkiError } from "./errors";
import { OID, readExtensionList } from "./extensions";
import { bytesLookLikePem, CERTIFICATE_LABELS, CRL_LABELS, readSinglePem } from "./pem";
import { normalizeSerial, serialFromDer } from "./serial";
import { verifySignature } from "./signature";
import type { CrlInfo } from "./types";

/** Larger than any CRL this portal meets (the simulator's are a few KiB). */
export const MAX_CRL_BYTES = 4 * 1024 * 1024;
// An entry is about six ASN.1 nodes; asn1js's default of 10,000 nodes would stop near 1,600.
const CRL_MAX_NODES = 500_000;

export type CrlEntry = CrlInfo["entries"][number];

function crlDer(input: string | Uint8Array): Uint8Array {
  const expect = { labels: CRL_LABELS, noun: "CRL", maxBytes: MAX_CRL_BYTES };
  if (typeof input === "string") return readSinglePem(input, expect);
  if (input.byteLength === 0) throw new PkiError("EMPTY_INPUT", "The CRL is empty.");
  if (input.byteLength > MAX_CRL_BYTES) throw new PkiError("TOO_LARGE", "The CRL is larger than 4 MiB.");
  if (bytesLookLikePem(input)) return readSinglePem(Buffer.from(input).toString("utf8"), expect);
  return input;
}

function isTime(node: Asn1Node | undefined): boolean {
  return node instanceof asn1js.UTCTime || node instanceof asn1js.GeneralizedTime;
}

interface CrlParts {
  info: CrlInfo;
  tbs: Asn1Node;
  signatureAlgorithm: Asn1Node;
  signature: Asn1Node;
}

function decodeCrl(der: Uint8Array): CrlParts {
  const [tbs, signatureAlgorithm, signature] = sequence(parseAsn1(der, { maxNodes: CRL_MAX_NODES }), "CertificateList");
  if (!tbs || !signatureAlgorithm || !signature) throw new PkiError("BAD_DER", "The CRL is incomplete.");
  const f = sequence(tbs, "TBSCertList");
  let i = f[0] && isUniversal(f[0], TAG.INTEGER) ? 1 : 0;
  i++; // inner signature algorithm
  const issuer = f[i++];
  const thisUpdate = f[i++];
  if (!issuer) throw new PkiError("BAD_DER", "The CRL has no issuer.");
  const info: CrlInfo = { issuer: distinguishedName(issuer), thisUpdate: timeValue(thisUpdate), entries: [] };
  if (isTime(f[i])) info.nextUpdate = timeValue(f[i++]);
  if (f[i] && isUniversal(f[i] as Asn1Node, TAG.SEQUENCE)) {
    for (const revoked of sequence(f[i++], "revokedCertificates")) {
      const [serial, date, extensions] = sequence(revoked, "revokedCertificate");
      const entry: CrlEntry = { serial: serialFromDer(integerBytes(serial)).hex, revokedAt: timeValue(date) };
      for (const ext of extensions ? readExtensionList(extensions) : []) {
        if (ext.oid !== OID.crlReason) continue;
        const reason = parseAsn1(ext.value);
        if (!(reason instanceof asn1js.Enumerated)) throw new PkiError("BAD_DER", "A CRL entry has a malformed reason code.");
        entry.reasonCode = Number(bigIntFromTwosComplement(primitiveBytes(reason)));
      }
      info.entries.push(entry);
    }
  }
  const extNode = f.slice(i).find((n) => isContext(n, 0));
  for (const ext of extNode ? readExtensionList(explicit(extNode, 0)) : []) {
    if (ext.oid === OID.crlNumber) info.crlNumber = integer(parseAsn1(ext.value)).toString(10);
  }
  return { info, tbs, signatureAlgorithm, signature };
}

function crlParts(input: string | Uint8Array): CrlParts {
  const der = crlDer(input);
  return guard("BAD_DER", "The data is not a valid certificate revocation list (CRL).", () => decodeCrl(der));
}

/** A CRL from PEM text or DER/PEM bytes. Throws PkiError. */
export function parseCrl(input: string | Uint8Array): CrlInfo {
  return crlParts(input).info;
}

/** The entry for a serial (any form normalizeSerial reads), if the CRL lists it. */
export function findCrlEntry(crl: CrlInfo, serial: string): CrlEntry | undefined {
  const wanted = normalizeSerial(serial);
  return crl.entries.find((e) => e.serial === wanted);
}

/**
 * True when the CRL is signed by the issuer certificate's key and names it as issuer.
 * Throws PkiError when either input cannot be read.
 */
export function verifyCrlSignature(crlInput: string | Uint8Array, issuer: string | Uint8Array): boolean {
  const crl = crlParts(crlInput);
  const issuerDer = typeof issuer === "string" ? readSinglePem(issuer, { labels: CERTIFICATE_LABELS, noun: "certificate" }) : issuer;
  const cert = certificatePartsFromDer(issuerDer);
  if (cert.info.subject.text !== crl.info.issuer.text) return false;
  const key = publicKeyFacts(cert.spki, parseAsn1(cert.spki)).key;
  if (!key) return false;
  return guard("BAD_DER", "The CRL signature could not be checked.", () => verifySignature(crl.signatureAlgorithm, encoded(crl.tbs), crl.signature, key) === "valid");
}
