/**
 * What a DNS host name is, for the portal's forms, the CSR checks and the profile parameter
 * schemas. No "server-only": the browser's CSR recipe checks names with the same rule. It
 * depends on nothing, so the parsers in lib/pki and the Sectigo client can both use it.
 */
// A DNS host name: labels of letters, digits and hyphens (not at either end), 1–63
// characters each, at least two labels, 253 characters at most. A leading "*." is not
// accepted: TRISA identity certificates name one host.
const DNS_LABEL = "(?!-)[A-Za-z0-9-]{1,63}(?<!-)";
// The length lookahead stops at a newline, so the same name pattern also works inside the
// multi-line dNSName pattern (anchoring it at the end of the input failed every 2nd name).
/** The pattern of one name, unanchored, for the profile parameter schemas (multi-line dNSName). */
export const DNS_NAME = `(?=[^\\n]{1,253}(?:\\n|$))${DNS_LABEL}(?:\\.${DNS_LABEL})+`;
const DNS_NAME_RE = new RegExp(`^${DNS_NAME}$`);

export function isDnsName(value: string): boolean {
  return DNS_NAME_RE.test(value) && !/^\d+(\.\d+)*$/.test(value);
}
