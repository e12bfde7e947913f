/**
 * Signs end-entity certificates with the issuing CA, with the extensions of the real
 * Sectigo leaf (docs/sectigo-protocol.md §6.5): KU digitalSignature+nonRepudiation+keyEncipherment,
 * BC CA:FALSE, EKU clientAuth+serverAuth (all critical), SAN dNSName, SKI, AKI, CRL
 * distribution point and AIA caIssuers pointing back at this simulator. SHA-384 with RSA,
 * valid 13 months.
 *
 * Where the two simulators differ we follow the real service: the SAN holds every name of
 * the `dNSName` parameter (cathy ignores it and puts only the CN).
 */
import "server-only";
import type { ProfileDefinition } from "@/lib/sectigo/profiles";
import { SUBJECT_DEFAULTS } from "@/lib/sectigo/profiles";
import { x509 } from "@/lib/pki/x509";
import { randomSerialHex, type LocalCa } from "./ca";
import { RSA_SHA384 } from "./keys";

export const CRL_PATH = "/crl/issuing-ca.crl";
export const ISSUING_CA_PATH = "/ca/issuing-ca.crt";
export const ROOT_CA_PATH = "/ca/root-ca.crt";

const VALIDITY_MONTHS = 13;

export interface IssueRequest {
  ca: LocalCa;
  subject: x509.Name | x509.JsonName;
  /** SubjectPublicKeyInfo (DER) or a parsed public key, e.g. a CSR's. */
  publicKey: x509.PublicKeyType;
  dnsNames: string[];
  publicUrl: string;
  now: Date;
}

export interface IssuedCertificate {
  serial: string;
  pem: string;
  cert: x509.X509Certificate;
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

export async function issueLeaf(request: IssueRequest): Promise<IssuedCertificate> {
  const serial = randomSerialHex();
  const usages =
    x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.keyEncipherment;
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(usages, true),
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth], true),
    await x509.SubjectKeyIdentifierExtension.create(request.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(request.ca.issuing.cert.publicKey),
    new x509.CRLDistributionPointsExtension([`${request.publicUrl}${CRL_PATH}`]),
    // No OCSP URL: the simulator serves no OCSP responder, and a dead URL would mislead.
    new x509.AuthorityInfoAccessExtension({ caIssuers: `${request.publicUrl}${ISSUING_CA_PATH}` }),
  ];
  if (request.dnsNames.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(request.dnsNames.map((value) => ({ type: "dns" as const, value }))));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: request.subject,
    issuer: request.ca.issuing.cert.subjectName,
    publicKey: request.publicKey,
    signingKey: request.ca.issuing.signingKey,
    signingAlgorithm: RSA_SHA384,
    notBefore: request.now,
    notAfter: addMonths(request.now, VALIDITY_MONTHS),
    extensions,
  });
  return { serial, pem: cert.toString("pem"), cert };
}

/**
 * The subject of a single-certificate batch, in DER order C, ST, L, O, CN like the real
 * leaf. Profile 85 takes O, L, ST, C from its parameters; profile 17 has only a CN
 * parameter and gets the Sectigo defaults for the rest.
 */
export function subjectFromParams(profile: ProfileDefinition, params: Record<string, string>): x509.JsonName {
  const pick = (name: keyof typeof SUBJECT_DEFAULTS) =>
    profile.required.includes(name) && params[name] ? params[name] : SUBJECT_DEFAULTS[name];
  return [
    { "2.5.4.6": [pick("countryName")] },
    { "2.5.4.8": [pick("stateOrProvinceName")] },
    { "2.5.4.7": [pick("localityName")] },
    { "2.5.4.10": [pick("organizationName")] },
    { "2.5.4.3": [params.commonName ?? ""] },
  ];
}

/** The names of the `dNSName` parameter: one per line, blank lines dropped. */
export function dnsNamesFromParam(value: string | undefined): string[] {
  return (value ?? "")
    .split("\n")
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
}
