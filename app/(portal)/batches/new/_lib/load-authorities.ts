/**
 * The authorities a single-certificate form offers, read from Sectigo on each visit (the new
 * certificate page and the reissue page). A failure is the sentence the page shows instead
 * of a form that cannot work.
 */
import "server-only";
import { sectigoConnection } from "@/lib/connection";
import { GENERIC_USER_MESSAGE, isUserFacingError } from "@/lib/errors";
import { listIssuingAuthorities, type IssuingAuthorityDto } from "@/lib/issuance";
import { toAuthorityOption, type AuthorityOption } from "./authority-options";

export async function loadAuthorities(page: string): Promise<{ authorities: IssuingAuthorityDto[]; options: AuthorityOption[] } | { error: string }> {
  try {
    const { client } = await sectigoConnection();
    const authorities = await listIssuingAuthorities(client);
    return { authorities, options: authorities.map(toAuthorityOption) };
  } catch (err) {
    if (isUserFacingError(err)) return { error: err.userMessage };
    console.error(`[page ${page}] reading authorities: ${err instanceof Error ? err.name : typeof err}`);
    return { error: GENERIC_USER_MESSAGE };
  }
}
