/**
 * X.509 certificates to CertificateInfo DTOs, synchronously. The certificate is walked
 * with asn1js rather than read through @peculiar/x509 so that the serial's sign, unusual
 * SAN entries and exact encodings are seen as they are; fingerprints are over the DER
 * exactly as given, matching `openssl x509 -fingerprint`.
 */
import "server-only";
import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import { explicit, encoded, integerBytes, isContext, parseAsn1, sequence, type Asn1Node } from "./asn1-read";
import { publicKeyFacts, signatureAlgorithmName } from "./algorithms";
import { asBytes, bytesEqual, toColonHex } from "./bytes";
import { distinguishedName } from "./dn";
import { guard, isPkiError, PkiError } from "./errors";
import { decodeExtensions, readExtensionList, type RawExtension } from "./extensions";
import { bytesLookLikePem, CERTIFICATE_LABELS, MAX_PEM_TEXT_BYTES, readPemBlocks, readSinglePem, toPem } from "./pem";
import { serialFromDer } from "./serial";
import type { CertificateInfo } from "./types";

const CERT_EXPECT = { labels: CERTIFICATE_LABELS, noun: "certificate" } as const;

export function timeValue(node: Asn1Node | undefined): string {
  if (!(node instanceof asn1js.UTCTime) && !(node instanceof asn1js.GeneralizedTime)) {
    throw new PkiError("BAD_DER", "A date in the structure is neither UTCTime nor GeneralizedTime.");
  }
  const date = node.toDate();
  if (Number.isNaN(date.getTime())) throw new PkiError("BAD_DER", "A date in the structure is not a valid time.");
  return date.toISOString();
}

/** The parts of a certificate that other lib/pki modules need besides the DTO. */
export interface CertificateParts {
  info: CertificateInfo;
  spki: Uint8Array;
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  extensions: RawExtension[];
}

function decodeCertificate(der: Uint8Array): CertificateParts {
  const top = sequence(parseAsn1(der), "Certificate");
  const [tbs, sigAlg, sigValue] = top;
  if (!tbs || !sigAlg || !sigValue || top.length > 3) throw new PkiError("BAD_DER", "The certificate is incomplete or has extra data.");
  const fields = sequence(tbs, "TBSCertificate");
  let i = isContext(fields[0] as Asn1Node, 0) ? 1 : 0;
  const serialNode = fields[i++];
  i++; // inner signature algorithm; the outer one is what openssl reports
  const issuer = fields[i++];
  const validity = fields[i++];
  const subject = fields[i++];
  const spkiNode = fields[i++];
  if (!serialNode || !issuer || !validity || !subject || !spkiNode) {
    throw new PkiError("BAD_DER", "The certificate is missing required fields.");
  }
  const [notBefore, notAfter] = sequence(validity, "Validity");
  const extNode = fields.slice(i).find((f) => isContext(f, 3));
  const extensions = extNode ? readExtensionList(explicit(extNode, 3)) : [];
  const ext = decodeExtensions(extensions);
  const serial = serialFromDer(integerBytes(serialNode));
  const spki = encoded(spkiNode);
  const subjectDer = encoded(subject);
  const issuerDer = encoded(issuer);
  const selfSigned =
    bytesEqual(subjectDer, issuerDer) &&
    (!ext.authorityKeyId || !ext.subjectKeyId || ext.authorityKeyId === ext.subjectKeyId);

  const info: CertificateInfo = {
    subject: distinguishedName(subject),
    issuer: distinguishedName(issuer),
    serial: serial.hex,
    notBefore: timeValue(notBefore),
    notAfter: timeValue(notAfter),
    dnsNames: ext.dnsNames,
    otherSans: ext.otherSans,
    publicKey: publicKeyFacts(spki, spkiNode).info,
    signatureAlgorithm: signatureAlgorithmName(sigAlg),
    keyUsage: ext.keyUsage,
    extendedKeyUsage: ext.extendedKeyUsage,
    crlDistributionPoints: ext.crlDistributionPoints,
    ocspUrls: ext.ocspUrls,
    caIssuerUrls: ext.caIssuerUrls,
    fingerprints: {
      sha1: toColonHex(createHash("sha1").update(der).digest()),
      sha256: toColonHex(createHash("sha256").update(der).digest()),
    },
    selfSigned,
    pem: toPem(der, "CERTIFICATE"),
  };
  if (serial.negative) info.serialNegative = true;
  if (ext.basicConstraints) info.basicConstraints = ext.basicConstraints;
  if (ext.subjectKeyId) info.subjectKeyId = ext.subjectKeyId;
  if (ext.authorityKeyId) info.authorityKeyId = ext.authorityKeyId;
  return { info, spki, subjectDer, issuerDer, extensions };
}

/** Decodes DER and keeps the parts PKCS#12 and chain ordering need. Throws PkiError BAD_DER. */
export function certificatePartsFromDer(der: Uint8Array): CertificateParts {
  return guard("BAD_DER", "The data is not a valid X.509 certificate.", () => decodeCertificate(asBytes(der)));
}

/**
 * One certificate from PEM text (the first CERTIFICATE block) or from bytes holding DER or
 * PEM. Throws PkiError.
 */
export function parseCertificate(input: string | Uint8Array): CertificateInfo {
  let der: Uint8Array;
  if (typeof input === "string") der = readSinglePem(input, CERT_EXPECT);
  else if (bytesLookLikePem(input)) der = readSinglePem(Buffer.from(input).toString("utf8"), CERT_EXPECT);
  else if (input.byteLength === 0) throw new PkiError("EMPTY_INPUT", "The certificate file is empty.");
  else if (input.byteLength > MAX_PEM_TEXT_BYTES) throw new PkiError("TOO_LARGE", "The certificate file is too large to be a certificate.");
  else der = input;
  return certificatePartsFromDer(der).info;
}

/**
 * Every certificate in a PEM text (a chain or bundle), in order. Any block that is not a
 * good certificate fails the whole call, naming its position.
 */
export function parseCertificates(pemText: string, opts: { maxBytes?: number } = {}): CertificateInfo[] {
  return readPemBlocks(pemText, { ...CERT_EXPECT, maxBytes: opts.maxBytes }).map((block) => {
    const position = `Certificate ${block.index + 1}`;
    if (!block.ok) throw new PkiError(block.error.code, `${position}: ${block.error.message}`);
    try {
      return certificatePartsFromDer(block.der).info;
    } catch (err) {
      if (isPkiError(err)) throw new PkiError(err.code, `${position}: ${err.message}`);
      throw err;
    }
  });
}
