/**
 * Who is asking: the client address and user agent of the current request, for throttling
 * and the audit log.
 *
 * Rule: the address is the LAST X-Forwarded-For hop. `next start` sets X-Forwarded-For to the
 * socket's address only when the request has none, and a reverse proxy in front appends the
 * address it saw; in both cases the last hop is the one written by a machine we run. It is a
 * label for limits and records, never an authorization.
 */
import "server-only";
import { headers } from "next/headers";

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export function clientAddressFrom(h: Pick<Headers, "get">): string | null {
  const forwarded = h.get("x-forwarded-for");
  const hops = forwarded?.split(",").map((s) => s.trim()).filter(Boolean) ?? [];
  const last = hops.at(-1) ?? h.get("x-real-ip")?.trim() ?? "";
  if (!last) return null;
  // Node reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d; one client, one key.
  const address = last.startsWith("::ffff:") && last.includes(".") ? last.slice("::ffff:".length) : last;
  return address.slice(0, 64);
}

export function requestInfoFrom(h: Pick<Headers, "get">): ClientInfo {
  return { ip: clientAddressFrom(h), userAgent: h.get("user-agent")?.slice(0, 256) ?? null };
}

/** The current request's info; nulls outside a request (scripts, start-up). */
export async function currentRequestInfo(): Promise<ClientInfo> {
  try {
    return requestInfoFrom(await headers());
  } catch {
    return { ip: null, userAgent: null };
  }
}
