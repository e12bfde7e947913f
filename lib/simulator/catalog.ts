/**
 * The simulator's fixed account data: two authorities (cathy's ids 423 and 489, mapped to
 * the TRISA profiles 17 and 85 as in production), the profiles, and the organization.
 * Balances are the only moving part and live in the persistent state.
 */
import "server-only";
import { PROFILE_EE, PROFILE_END_ENTITY, type ProfileDefinition } from "@/lib/sectigo/profiles";
import type { Authority, Organization, ProfileDetail, ProfileSummary } from "@/lib/sectigo/schemas";
import { ISSUING_CA_NAME } from "./ca";

export interface AuthorityDefinition {
  id: number;
  profile: ProfileDefinition;
  startingBalance: number;
}

export const AUTHORITIES: readonly AuthorityDefinition[] = [
  { id: 423, profile: PROFILE_EE, startingBalance: 100 },
  { id: 489, profile: PROFILE_END_ENTITY, startingBalance: 50 },
];

export const ECOSYSTEM_ID = 21;
export const ECOSYSTEM_NAME = "TRISA Simulator";
export const LICENSES_ORDERED = 1000;
export const USER_ID = 42;
export const ORGANIZATION_ID = 42;

/** Leaf key algorithms the profiles accept in CSRs (server-generated keys are RSA). */
export const KEY_ALGORITHMS = ["RSA-4096", "RSA-3072", "RSA-2048", "EC-P256", "EC-P384"] as const;

export const startingBalances = (): Record<string, number> =>
  Object.fromEntries(AUTHORITIES.map((a) => [String(a.id), a.startingBalance]));

export function findAuthority(id: number): AuthorityDefinition | undefined {
  return AUTHORITIES.find((a) => a.id === id);
}

/** The authority that issues under a profile; accepts a profile id or (like cathy) an authority id. */
export function authorityForProfile(profileOrAuthorityId: number): AuthorityDefinition | undefined {
  return findAuthority(profileOrAuthorityId) ?? AUTHORITIES.find((a) => a.profile.id === profileOrAuthorityId);
}

export function authorityView(a: AuthorityDefinition, balance: number): Authority {
  return {
    id: a.id,
    ecosystemId: ECOSYSTEM_ID,
    signerCertificateId: 0,
    ecosystemName: ECOSYSTEM_NAME,
    balance,
    enabled: true,
    profileId: a.profile.id,
    profileName: `${a.profile.name}_#${a.profile.id}`,
  };
}

export function profileSummary(p: ProfileDefinition): ProfileSummary {
  return { profileId: p.id, algorithms: [...KEY_ALGORITHMS], ca: ISSUING_CA_NAME };
}

export function profileDetail(p: ProfileDefinition): ProfileDetail {
  return {
    profileName: p.name,
    profileId: p.id,
    rawProfileConfig: JSON.stringify({
      keyUsage: ["digitalSignature", "nonRepudiation", "keyEncipherment"],
      extendedKeyUsage: ["clientAuth", "serverAuth"],
      validityMonths: 13,
      signatureAlgorithm: "SHA384withRSA",
      requiredParameters: p.required,
    }),
    name: p.name,
    keyAlgorithmInfo: KEY_ALGORITHMS.join(","),
  };
}

export function organizationView(balances: Record<string, number>): Organization {
  return {
    organizationId: ORGANIZATION_ID,
    organizationName: ECOSYSTEM_NAME,
    address: "1 Simulator Way, Menlo Park, CA 94025, US",
    primaryContactName: "TRISA Simulator Operator",
    primaryContactEmail: "simulator@trisa.invalid",
    primaryContactPhone: "+1 555 0100",
    manufactureId: "",
    logo: "",
    authorities: AUTHORITIES.map((a) => authorityView(a, balances[String(a.id)] ?? 0)),
    ecosystemId: ECOSYSTEM_ID,
    organizationParameters: { Organization: ECOSYSTEM_NAME },
    orgStatus: "ACTIVE",
  };
}
