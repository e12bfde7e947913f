/**
 * Who is asking: the client address and user agent of the current request, for throttling
 * and the audit log (docs/security.md S7).
 *
 * Rule: the address is the socket's, which server.mjs writes into PEER_HEADER (over any value
 * a client sent) before Next.js sees the request. X-Forwarded-For is believed only when that
 * socket belongs to one of TRUSTED_PROXIES: then the address is the last hop a trusted proxy
 * did not write (hops are read from the right, skipping trusted ones). A client choosing its
 * own X-Forwarded-For changes nothing otherwise. Without PEER_HEADER (a server started some
 * other way than `npm start`) the address is unknown, never guessed from a client's header.
 */
import "server-only";
import { BlockList, isIP } from "node:net";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/** Set by server.mjs on every request; must match its PEER_HEADER. */
export const PEER_HEADER = "x-portal-peer";

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Node reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d; one client, one key. */
function plainAddress(address: string): string {
  const a = address.trim();
  return (a.startsWith("::ffff:") && a.includes(".") ? a.slice("::ffff:".length) : a).slice(0, 64);
}

/** TRUSTED_PROXIES as a BlockList: addresses and CIDR ranges, IPv4 or IPv6. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split("/") as [string, string | undefined];
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

let trustedCache: { entries: readonly string[]; list: BlockList } | undefined;

function configuredProxies(): BlockList {
  const entries = env().TRUSTED_PROXIES ?? [];
  if (trustedCache?.entries !== entries) trustedCache = { entries, list: trustedProxyList(entries) };
  return trustedCache.list;
}

export function clientAddressFrom(h: Pick<Headers, "get">, trusted: BlockList = configuredProxies()): string | null {
  const peer = h.get(PEER_HEADER);
  if (!peer) return null;
  let address = plainAddress(peer);
  if (!isTrusted(trusted, address)) return address;
  const hops = (h.get("x-forwarded-for") ?? "").split(",").map(plainAddress).filter(Boolean);
  while (hops.length > 0) {
    address = hops.pop()!;
    if (!isTrusted(trusted, address)) return address;
  }
  return address;
}

export function requestInfoFrom(h: Pick<Headers, "get">, trusted: BlockList = configuredProxies()): ClientInfo {
  return { ip: clientAddressFrom(h, trusted), userAgent: h.get("user-agent")?.slice(0, 256) ?? null };
}

/** The current request's info; nulls outside a request (scripts, start-up). */
export async function currentRequestInfo(): Promise<ClientInfo> {
  try {
    return requestInfoFrom(await headers());
  } catch {
    return { ip: null, userAgent: null };
  }
}
