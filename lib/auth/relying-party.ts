/**
 * Who the portal is to a passkey (WebAuthn "relying party", docs/security.md S18): the host
 * name a passkey is bound to, and the page origins whose answers count.
 *
 * With AUTH_URL set (the portal's public address) that address alone counts: a passkey made
 * at https://ca.example.org works there and nowhere else, whatever Host header a request
 * carries. Without it the request's Host is taken, as Auth.js does with trustHost, over http
 * or https. Either way the browser itself refuses to use a passkey on another site, and signs
 * the origin it saw, which is checked against this list.
 *
 * WebAuthn needs a host name: browsers refuse passkeys on a bare IP address such as
 * 127.0.0.1 (open the portal at http://localhost:3000 instead), and outside localhost they
 * need https.
 */
import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export const RELYING_PARTY_NAME = "TRISA CA Portal";

export interface RelyingParty {
  /** the host name passkeys are bound to (the WebAuthn RP ID) */
  id: string;
  /** the page origins accepted in an answer */
  origins: string[];
}

export function relyingPartyFor(publicUrl: string | undefined, host: string | null): RelyingParty | null {
  if (publicUrl) {
    const url = new URL(publicUrl);
    return { id: url.hostname, origins: [url.origin] };
  }
  if (!host) return null;
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return null;
  }
  if (url.host !== host.toLowerCase()) return null;
  return { id: url.hostname, origins: [`https://${url.host}`, `http://${url.host}`] };
}

export function relyingPartyFromHeaders(requestHeaders: Headers): RelyingParty | null {
  return relyingPartyFor(env().AUTH_URL, requestHeaders.get("host"));
}

/** The relying party of the request being served. */
export async function currentRelyingParty(): Promise<RelyingParty | null> {
  return relyingPartyFromHeaders(await headers());
}

/** The relying party of the request being served, or a refusal a person can act on. */
export async function requireRelyingParty(): Promise<RelyingParty> {
  const rp = await currentRelyingParty();
  if (!rp) throw new AppError("INVALID_INPUT", "no relying party for this request", "Passkeys cannot be used at this address. Use another way to confirm it is you.");
  return rp;
}
