/**
 * The authorities an operator may issue under, for the "new certificate" form: each with
 * its profile, its available balance and the parameters the profile requires.
 *
 * Rules: the balance is read from `balanceavailable` (the list's own `balance` field is
 * ignored, as GDS ignores it); a balance that cannot be read is null, not 0, so the page
 * can say "unknown" instead of "empty". Parameters come from Sectigo (endpoint N) and fall
 * back to the portal's copy of the profile when that call fails.
 */
import "server-only";
import type { SectigoClient } from "@/lib/sectigo/client";
import { findProfile, profileParameters, type ProfileDefinition } from "@/lib/sectigo/profiles";
import type { Authority, ProfileParam } from "@/lib/sectigo/schemas";
import { sectigoAppError } from "@/lib/domain/errors";

export interface IssuingAuthorityDto {
  authorityId: number;
  profileId: number;
  /** e.g. "CipherTrace EE" (the portal's name of the profile when it knows it) */
  profileName: string;
  /** "TestNet" / "MainNet" for the TRISA profiles, null for a profile the portal does not know */
  network: "TestNet" | "MainNet" | null;
  /** available balance, null when Sectigo did not tell */
  balance: number | null;
  enabled: boolean;
  /** false when the portal cannot build parameters for this profile (not 17 or 85) */
  supported: boolean;
  parameters: ProfileParam[];
}

type AuthorityClient = Pick<SectigoClient, "userAuthorities" | "authorityAvailableBalance" | "profileParams">;

/** "CipherTrace EE_#17" → "CipherTrace EE" (Sectigo suffixes the profile id). */
export function plainProfileName(name: string): string {
  return name.replace(/_#\d+$/, "");
}

/** The portal's definition of an authority's profile, if it knows it. */
export function profileOfAuthority(authority: Pick<Authority, "profileId">): ProfileDefinition | undefined {
  return findProfile(authority.profileId);
}

async function describe(client: AuthorityClient, authority: Authority): Promise<IssuingAuthorityDto> {
  const definition = profileOfAuthority(authority);
  const [balance, parameters] = await Promise.all([
    client.authorityAvailableBalance(authority.id).catch(() => null),
    client.profileParams(authority.profileId).catch(() => (definition ? profileParameters(definition) : [])),
  ]);
  return {
    authorityId: authority.id,
    profileId: authority.profileId,
    profileName: definition?.name ?? plainProfileName(authority.profileName),
    network: definition?.network ?? null,
    balance,
    enabled: authority.enabled,
    supported: definition !== undefined,
    parameters,
  };
}

/** Every authority of the account, in Sectigo's order. Throws AppError when the list cannot be read. */
export async function listIssuingAuthorities(client: AuthorityClient): Promise<IssuingAuthorityDto[]> {
  const authorities = await readFromSectigo(() => client.userAuthorities());
  return Promise.all(authorities.map((a) => describe(client, a)));
}

/** A read from Sectigo whose failure the person sees as an AppError in the words of a read. */
export async function readFromSectigo<T>(read: () => Promise<T>, subject?: string): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw sectigoAppError(err, { operation: "read", subject });
  }
}
