/**
 * RFC 5280 revocation reasons (docs/sectigo-protocol.md §5.3): codes, canonical names, labels for
 * the revoke dialog, and the CLI's `-r` parser. Pure: safe in a client component.
 *
 * Deviations from Go, on purpose: ALL whitespace is removed, not only spaces (the docs
 * promise "whitespace and case insensitive"), and code 7 — unused by RFC 5280 — is
 * refused instead of being sent to the CA.
 */
import { InvalidReasonError } from "./errors";

export type RevocationReasonCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 8 | 9 | 10;

export interface RevocationReason {
  code: RevocationReasonCode;
  /** Go's `CRLReason.String()`. */
  name: string;
  /** For a picker. */
  label: string;
  description: string;
}

export const REVOCATION_REASONS: readonly RevocationReason[] = [
  { code: 0, name: "unspecified", label: "Unspecified", description: "No specific reason is given." },
  { code: 1, name: "key compromise", label: "Key compromise", description: "The private key is known or suspected to be exposed." },
  { code: 2, name: "ca compromise", label: "CA compromise", description: "The issuing CA's private key is known or suspected to be exposed." },
  { code: 3, name: "affiliation changed", label: "Affiliation changed", description: "The subject's name or organization details have changed." },
  { code: 4, name: "superseded", label: "Superseded", description: "The certificate has been replaced by a new one." },
  { code: 5, name: "cessation of operation", label: "Cessation of operation", description: "The certificate is no longer needed because the service has stopped." },
  { code: 6, name: "certificate hold", label: "Certificate hold", description: "The certificate is suspended for now and may be released later." },
  { code: 8, name: "remove from crl", label: "Remove from CRL", description: "A certificate on hold is released and leaves the CRL (delta CRLs only)." },
  { code: 9, name: "privilege withdrawn", label: "Privilege withdrawn", description: "The subject is no longer allowed to hold this certificate." },
  { code: 10, name: "aa compromise", label: "AA compromise", description: "The attribute authority's key is known or suspected to be exposed." },
];

const UNSPECIFIED = REVOCATION_REASONS[0] as RevocationReason;
const BY_NORMALIZED = new Map(REVOCATION_REASONS.map((r) => [normalizeReasonText(r.name), r.code]));

export function isRevocationReasonCode(value: unknown): value is RevocationReasonCode {
  return typeof value === "number" && REVOCATION_REASONS.some((r) => r.code === value);
}

export function revocationReason(code: number): RevocationReason | undefined {
  return REVOCATION_REASONS.find((r) => r.code === code);
}

/** Lower case, every whitespace character removed. */
export function normalizeReasonText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, "");
}

/**
 * The CLI's reason parser: a name (any case, any whitespace) or a decimal code; "" →
 * unspecified (0). Returns the whole reason; `.code` is what Sectigo is sent.
 * 7 and "value 7 is not used" are refused.
 */
export function parseReason(text: string): RevocationReason {
  const normalized = normalizeReasonText(text);
  if (normalized === "") return UNSPECIFIED;
  const code = /^\d{1,3}$/.test(normalized) ? Number(normalized) : BY_NORMALIZED.get(normalized);
  if (code === 7 || normalized === "value7isnotused") {
    throw new InvalidReasonError("reason code 7 is not used by RFC 5280");
  }
  const reason = code === undefined ? undefined : revocationReason(code);
  if (reason !== undefined) return reason;
  throw new InvalidReasonError(`could not translate "${normalized}" into a reason code`);
}
