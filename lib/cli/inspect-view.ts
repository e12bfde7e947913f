/**
 * What `sectigo inspect` prints: the JSON views of certificates and CSRs, and how it
 * tells a file's kind from its bytes (not its name: a ZIP saved as .p12 or a DER
 * certificate saved as .pem is still read). Nothing here ever holds a private key.
 */
import type { CertificateInfo, CsrInfo } from "@/lib/pki/types";

export type InputKind = "zip" | "pem" | "pkcs12" | "der" | "unknown";

/** The kind of a file from its first bytes; the extension only breaks a tie for odd DER. */
export function detectKind(bytes: Uint8Array, fileName = ""): InputKind {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)) return "zip";
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64 * 1024)).toString("latin1");
  if (head.includes("-----BEGIN ")) return "pem";
  if (bytes[0] === 0x30) {
    // PFX ::= SEQUENCE { version INTEGER (3), … }; a certificate or CSR starts with a SEQUENCE.
    const inner = firstInnerTag(bytes);
    if (inner === 0x02) return "pkcs12";
    if (inner === 0x30) return "der";
    if (/\.(p12|pfx)$/i.test(fileName)) return "pkcs12";
  }
  return "unknown";
}

/** The tag of the first element inside the outer DER SEQUENCE, or undefined. */
function firstInnerTag(bytes: Uint8Array): number | undefined {
  const lengthByte = bytes[1];
  if (lengthByte === undefined) return undefined;
  // Short form, long form (0x81–0x84) or indefinite (0x80, BER: pkijs writes PFX that way).
  const offset = lengthByte < 0x80 ? 2 : lengthByte === 0x80 ? 2 : 2 + (lengthByte & 0x7f);
  return bytes[offset];
}

/** The PEM labels in a text, in order of appearance, without duplicates. */
export function pemLabels(text: string): string[] {
  const labels: string[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]{1,64})-----/g)) {
    const label = m[1] as string;
    if (!labels.includes(label)) labels.push(label);
  }
  return labels;
}

export function isPrivateKeyLabel(label: string): boolean {
  return /PRIVATE KEY$/.test(label);
}

/** Leaf (non-CA) certificates first, keeping the file's order otherwise. */
export function leafFirst<T extends { basicConstraints?: { ca: boolean } }>(certs: readonly T[]): T[] {
  return [...certs.filter((c) => !c.basicConstraints?.ca), ...certs.filter((c) => c.basicConstraints?.ca)];
}

export interface CertificateView {
  commonName: string | null;
  serial: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  dnsNames: string[];
  otherSans: string[];
  fingerprints: { sha1: string; sha256: string };
  publicKey: CertificateInfo["publicKey"];
  signatureAlgorithm: string;
  keyUsage: string[];
  extendedKeyUsage: string[];
  basicConstraints: CertificateInfo["basicConstraints"] | null;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  crlDistributionPoints: string[];
  ocspUrls: string[];
  caIssuerUrls: string[];
  selfSigned: boolean;
  expired: boolean;
}

export function certificateView(info: CertificateInfo, now: Date = new Date()): CertificateView {
  return {
    commonName: info.subject.commonName ?? null,
    serial: info.serial,
    subject: info.subject.text,
    issuer: info.issuer.text,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    dnsNames: info.dnsNames,
    otherSans: info.otherSans,
    fingerprints: info.fingerprints,
    publicKey: info.publicKey,
    signatureAlgorithm: info.signatureAlgorithm,
    keyUsage: info.keyUsage,
    extendedKeyUsage: info.extendedKeyUsage,
    basicConstraints: info.basicConstraints ?? null,
    subjectKeyId: info.subjectKeyId ?? null,
    authorityKeyId: info.authorityKeyId ?? null,
    crlDistributionPoints: info.crlDistributionPoints,
    ocspUrls: info.ocspUrls,
    caIssuerUrls: info.caIssuerUrls,
    selfSigned: info.selfSigned,
    expired: Date.parse(info.notAfter) < now.getTime(),
  };
}

export type CsrView =
  | {
      index: number;
      commonName: string | null;
      subject: string;
      dnsNames: string[];
      otherSans: string[];
      key: CsrInfo["publicKey"];
      signatureAlgorithm: string;
      signatureValid: boolean;
      requestedKeyUsage: string[];
      requestedExtendedKeyUsage: string[];
      problems: string[];
    }
  | { index: number; error: { code: string; message: string } };

export function csrView(index: number, info: CsrInfo): CsrView {
  return {
    index: index + 1,
    commonName: info.subject.commonName ?? null,
    subject: info.subject.text,
    dnsNames: info.dnsNames,
    otherSans: info.otherSans,
    key: info.publicKey,
    signatureAlgorithm: info.signatureAlgorithm,
    signatureValid: info.signatureValid,
    requestedKeyUsage: info.requestedKeyUsage,
    requestedExtendedKeyUsage: info.requestedExtendedKeyUsage,
    problems: info.problems,
  };
}
