/**
 * Plain DTOs that lib/pki hands to the rest of the code (pages, CLI, simulator, audit):
 * strings and numbers only, never library objects, so they can cross to the browser and
 * into JSON without surprises. Private keys never appear in a DTO.
 */

export type PkiErrorCode =
  | "EMPTY_INPUT"
  | "TOO_LARGE"
  | "NO_PEM_BLOCK"
  | "WRONG_PEM_LABEL"
  | "BAD_BASE64"
  | "BAD_DER"
  | "BAD_SIGNATURE"
  | "UNSUPPORTED_KEY"
  | "BAD_SERIAL"
  | "WRONG_PASSWORD"
  | "BAD_PKCS12"
  | "BAD_ZIP"
  | "ZIP_UNSAFE_ENTRY"
  | "ZIP_ENTRY_COUNT"
  | "NOT_A_ZIP_NAME";

export interface DistinguishedName {
  /** RFC 4514-style text, e.g. "CN=trisa.example.com, O=Example, C=US". */
  text: string;
  commonName?: string;
  organization?: string;
  organizationalUnit?: string;
  locality?: string;
  state?: string;
  country?: string;
}

export interface PublicKeyInfo {
  /** "RSA", "EC", "Ed25519", … */
  algorithm: string;
  /** RSA modulus bits, or EC curve size in bits. */
  size?: number;
  /** EC curve name, e.g. "P-256". */
  curve?: string;
}

export interface CsrInfo {
  subject: DistinguishedName;
  /** DNS names from the requested SubjectAltName extension, in order. */
  dnsNames: string[];
  /** Other SAN entries as "TYPE:value" (IP:…, email:…, URI:…). */
  otherSans: string[];
  publicKey: PublicKeyInfo;
  signatureAlgorithm: string;
  signatureValid: boolean;
  /** Requested extensions by name: keyUsage, extendedKeyUsage, basicConstraints, … */
  requestedKeyUsage: string[];
  requestedExtendedKeyUsage: string[];
  /** Human-readable warnings that do not make the CSR unusable (e.g. "no DNS name in SAN"). */
  problems: string[];
  pem: string;
}

export interface CertificateInfo {
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Upper-case hex of the serial's bytes, no colons, no leading 00 sign byte. */
  serial: string;
  /**
   * Present (true) only when the DER serial is negative, which RFC 5280 forbids but old
   * CAs produced; `serial` then holds its two's-complement bytes.
   */
  serialNegative?: true;
  notBefore: string; // ISO 8601
  notAfter: string; // ISO 8601
  dnsNames: string[];
  otherSans: string[];
  publicKey: PublicKeyInfo;
  signatureAlgorithm: string;
  keyUsage: string[];
  extendedKeyUsage: string[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  subjectKeyId?: string; // upper-case hex with colons
  authorityKeyId?: string; // upper-case hex with colons
  crlDistributionPoints: string[];
  ocspUrls: string[];
  caIssuerUrls: string[];
  fingerprints: { sha1: string; sha256: string }; // upper-case hex with colons
  selfSigned: boolean;
  pem: string;
}

export interface Pkcs12Contents {
  /** PKCS#8 PEM of the private key. Callers must not log, store or return it unencrypted. */
  privateKeyPem: string;
  /** The leaf first, then its chain, as found in the file. */
  certificates: CertificateInfo[];
}

/** One file of a certificate download ZIP, decoded (public parts only). */
export interface DownloadEntryInfo {
  name: string;
  /** "pkcs12": a .p12/.pfx; "pem": PEM certificates (leaf then chain); "der": one DER certificate. */
  kind: "pkcs12" | "pem" | "der";
  /** Leaf first, then its chain. */
  certificates: CertificateInfo[];
}

export interface DownloadInspection {
  entries: DownloadEntryInfo[];
}

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

export interface CrlInfo {
  issuer: DistinguishedName;
  thisUpdate: string;
  nextUpdate?: string;
  crlNumber?: string;
  entries: { serial: string; revokedAt: string; reasonCode?: number }[];
}
