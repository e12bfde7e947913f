/**
 * Building a single-certificate batch: the profile parameters (docs/sectigo-protocol.md
 * §4.3) and the authority to charge (§4.4).
 *
 * Rules kept from GDS: send ONLY the profile's required keys, in its sorted order; fill
 * the subject defaults; `dNSName` is the common name first, then the extra names, joined
 * with "\n" (duplicates and empty lines dropped); validate before sending, so a bad
 * request is a readable error here and not a 400 from the CA. Authorities are tried in
 * list order and the first with an available balance above 0 wins; a balance that cannot
 * be read is skipped, as in GDS.
 */
import { findProfile, SUBJECT_DEFAULTS, validateProfileParams, type ProfileDefinition } from "./profiles";
import type { Authority } from "./schemas";
import { InvalidArgumentError, InvalidParamsError, isSectigoError, NoAuthorityError, type SkippedAuthority } from "./errors";

export interface CertificateSubjectInput {
  commonName: string;
  dnsNames?: readonly string[];
  pkcs12Password: string;
  organizationName?: string;
  localityName?: string;
  stateOrProvinceName?: string;
  countryName?: string;
}

/** The dNSName value: CN first, then the extra names, deduplicated (case-insensitively), no empty line. */
export function joinDnsNames(commonName: string, dnsNames: readonly string[] = []): string {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const raw of [commonName, ...dnsNames]) {
    const name = raw.trim();
    if (name === "" || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    names.push(name);
  }
  return names.join("\n");
}

export function buildProfileParams(
  profile: ProfileDefinition | number | string,
  input: CertificateSubjectInput,
): Record<string, string> {
  const definition = typeof profile === "object" ? profile : findProfile(profile);
  if (definition === undefined) throw new InvalidArgumentError(`unknown profile: ${String(profile)}`);
  const commonName = input.commonName.trim();
  const values: Record<string, string> = {
    commonName,
    dNSName: joinDnsNames(commonName, input.dnsNames),
    pkcs12Password: input.pkcs12Password,
    organizationName: orDefault(input.organizationName, SUBJECT_DEFAULTS.organizationName),
    localityName: orDefault(input.localityName, SUBJECT_DEFAULTS.localityName),
    stateOrProvinceName: orDefault(input.stateOrProvinceName, SUBJECT_DEFAULTS.stateOrProvinceName),
    countryName: orDefault(input.countryName, SUBJECT_DEFAULTS.countryName),
  };
  const params: Record<string, string> = {};
  for (const name of definition.required) params[name] = values[name] ?? "";
  const problems = validateProfileParams(definition, params);
  if (problems.length > 0) throw new InvalidParamsError(problems);
  return params;
}

function orDefault(value: string | undefined, fallback: string): string {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? fallback : trimmed;
}

/** The two calls chooseAuthority needs; a SectigoClient has them. */
export interface AuthoritySource {
  userAuthorities(): Promise<Authority[]>;
  authorityAvailableBalance(authorityId: number): Promise<number>;
}

export interface ChosenAuthority {
  authority: Authority;
  balance: number;
  /** Authorities passed over because their balance could not be read. */
  skipped: SkippedAuthority[];
}

export async function chooseAuthority(client: AuthoritySource): Promise<ChosenAuthority> {
  const authorities = await client.userAuthorities();
  const skipped: SkippedAuthority[] = [];
  for (const authority of authorities) {
    let balance: number;
    try {
      balance = await client.authorityAvailableBalance(authority.id);
    } catch (err) {
      skipped.push({ authorityId: authority.id, code: isSectigoError(err) ? err.code : "UNKNOWN" });
      continue;
    }
    if (balance > 0) return { authority, balance, skipped };
  }
  throw new NoAuthorityError(authorities.length, skipped);
}
