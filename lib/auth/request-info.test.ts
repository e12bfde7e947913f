import { describe, expect, it } from "vitest";
import { clientAddressFrom, PEER_HEADER, requestInfoFrom, trustedProxyList } from "@/lib/auth/request-info";
import { parseEnv } from "@/lib/env";

const none = trustedProxyList([]);
const proxies = trustedProxyList(["10.0.0.0/8", "192.0.2.1", "fd00::/8"]);
const h = (init: Record<string, string>) => new Headers(init);

describe("the client address", () => {
  it("is the socket's address, whatever X-Forwarded-For a client sends, when no proxy is trusted", () => {
    expect(clientAddressFrom(h({ [PEER_HEADER]: "203.0.113.7" }), none)).toBe("203.0.113.7");
    expect(clientAddressFrom(h({ [PEER_HEADER]: "203.0.113.7", "x-forwarded-for": "1.2.3.4" }), none)).toBe("203.0.113.7");
    // a client connecting directly past a trusted proxy cannot choose either
    expect(clientAddressFrom(h({ [PEER_HEADER]: "198.51.100.9", "x-forwarded-for": "1.2.3.4" }), proxies)).toBe("198.51.100.9");
  });

  it("behind trusted proxies, is the last hop none of them wrote", () => {
    expect(clientAddressFrom(h({ [PEER_HEADER]: "10.1.2.3", "x-forwarded-for": "203.0.113.7" }), proxies)).toBe("203.0.113.7");
    // a forged first hop, then the client as the outer proxy saw it, then that proxy as the inner one saw it
    expect(clientAddressFrom(h({ [PEER_HEADER]: "10.1.2.3", "x-forwarded-for": "1.2.3.4, 203.0.113.7, 192.0.2.1" }), proxies)).toBe("203.0.113.7");
    expect(clientAddressFrom(h({ [PEER_HEADER]: "fd12::1", "x-forwarded-for": "2001:db8::5" }), proxies)).toBe("2001:db8::5");
    // only proxies all the way: the first of them
    expect(clientAddressFrom(h({ [PEER_HEADER]: "10.1.2.3", "x-forwarded-for": "10.9.9.9" }), proxies)).toBe("10.9.9.9");
    expect(clientAddressFrom(h({ [PEER_HEADER]: "10.1.2.3" }), proxies)).toBe("10.1.2.3");
  });

  it("folds IPv4-mapped IPv6 into IPv4 so one client is one throttle key", () => {
    expect(clientAddressFrom(h({ [PEER_HEADER]: "::ffff:127.0.0.1" }), none)).toBe("127.0.0.1");
    expect(clientAddressFrom(h({ [PEER_HEADER]: "::ffff:10.1.2.3", "x-forwarded-for": "::ffff:203.0.113.7" }), proxies)).toBe("203.0.113.7");
  });

  it("is unknown without the server's own header, never taken from X-Forwarded-For alone", () => {
    expect(clientAddressFrom(h({}), none)).toBeNull();
    expect(clientAddressFrom(h({ "x-forwarded-for": "203.0.113.7" }), proxies)).toBeNull();
  });

  it("comes with the user agent, cut to 256 characters", () => {
    expect(requestInfoFrom(h({ [PEER_HEADER]: "10.0.0.1", "user-agent": "a".repeat(300) }), none)).toEqual({ ip: "10.0.0.1", userAgent: "a".repeat(256) });
  });
});

describe("TRUSTED_PROXIES", () => {
  it("takes addresses and CIDR ranges, and names a bad entry", () => {
    expect(parseEnv({ TRUSTED_PROXIES: " 10.0.0.0/8, 192.0.2.1 ,fd00::/8" }).TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "192.0.2.1", "fd00::/8"]);
    expect(parseEnv({}).TRUSTED_PROXIES).toBeUndefined();
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/TRUSTED_PROXIES.*"10\.0\.0\.0\/33" is not an IP address or a CIDR range/s);
    expect(() => parseEnv({ TRUSTED_PROXIES: "proxy.internal" })).toThrow(/"proxy\.internal" is not an IP address/);
  });
});
