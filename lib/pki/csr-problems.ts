/**
 * Warnings about a CSR that a TRISA operator should see before submitting it. None of them
 * makes the CSR unparseable; several make Sectigo reject the batch (no DNS SAN) or make
 * the certificate useless or deceptive (wrong CN, look-alike characters).
 */
import "server-only";
import { isDnsName } from "@/lib/pki/dns-name";
import { WEAK_SIGNATURES } from "./algorithms";
import type { NameAttribute } from "./dn";
import { findTextIssues, printable } from "./text-safety";
import type { PublicKeyInfo } from "./types";

export interface CsrFacts {
  subject: NameAttribute[][];
  commonNames: string[];
  dnsNames: string[];
  hasSan: boolean;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: string;
}

const MIN_RSA_BITS = 2048;
const MIN_EC_BITS = 256;

function quote(value: string): string {
  return `"${printable(value, 80)}"`;
}

export function csrProblems(f: CsrFacts): string[] {
  const problems: string[] = [];
  const cn = f.commonNames[f.commonNames.length - 1];

  if (f.dnsNames.length === 0) {
    problems.push(
      `No DNS name in the subjectAltName${f.hasSan ? "" : " (the CSR has no subjectAltName extension)"}. Sectigo rejects such a CSR with "Cert subject name error: SubjectAlternativeName dNSName value is missing"; add the host name as DNS:… in subjectAltName.`,
    );
  }
  if (cn === undefined) {
    problems.push("The subject has no common name (CN). TRISA expects the endpoint host name as the CN; add CN=<host> to the subject.");
  } else {
    if (f.commonNames.length > 1) {
      problems.push(`The subject has ${f.commonNames.length} common names; only ${quote(cn)} will be used. Keep one CN.`);
    }
    if (!isDnsName(cn)) {
      problems.push(`The common name ${quote(cn)} is not a valid DNS host name (such as trisa.example.com).`);
    }
    if (f.dnsNames.length > 0 && !f.dnsNames.some((d) => d.toLowerCase() === cn.toLowerCase())) {
      problems.push(
        `The common name ${quote(cn)} is not among the subjectAltName DNS names (${f.dnsNames.map(quote).join(", ")}); clients check the SAN, so add the CN there too.`,
      );
    }
  }
  for (const dns of f.dnsNames) {
    if (!isDnsName(dns)) problems.push(`The subjectAltName DNS name ${quote(dns)} is not a valid host name.`);
  }

  for (const rdn of f.subject) {
    for (const attr of rdn) {
      const asciiOnly = attr.oid === "2.5.4.3";
      for (const issue of findTextIssues(attr.value, { asciiOnly })) {
        problems.push(`Subject ${attr.type} ${quote(attr.value)} ${issue}.`);
      }
    }
  }
  for (const dns of f.dnsNames) {
    for (const issue of findTextIssues(dns, { asciiOnly: true })) problems.push(`SAN DNS name ${quote(dns)} ${issue}.`);
  }

  const { algorithm, size } = f.publicKey;
  if ((algorithm === "RSA" || algorithm === "RSA-PSS") && size !== undefined && size < MIN_RSA_BITS) {
    problems.push(`The RSA key has only ${size} bits; use at least ${MIN_RSA_BITS} (the TRISA recipe uses 4096).`);
  }
  if (algorithm === "EC" && size !== undefined && size < MIN_EC_BITS) {
    problems.push(`The EC key has only ${size} bits; use P-256 or stronger.`);
  }
  if (WEAK_SIGNATURES.has(f.signatureAlgorithm)) {
    problems.push(`The CSR is signed with ${f.signatureAlgorithm}, which is too weak; sign it with SHA-256 or stronger.`);
  }
  return [...new Set(problems)];
}
