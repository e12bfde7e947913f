import { describe, expect, it } from "vitest";
import { clientAddressFrom, requestInfoFrom } from "@/lib/auth/request-info";

const h = (init: Record<string, string>) => new Headers(init);

describe("the client address", () => {
  it("is the last X-Forwarded-For hop: the one our own proxy (or next start) wrote", () => {
    expect(clientAddressFrom(h({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    // A client-supplied first hop does not choose the address behind a proxy that appends.
    expect(clientAddressFrom(h({ "x-forwarded-for": "1.2.3.4, 198.51.100.20" }))).toBe("198.51.100.20");
  });

  it("folds IPv4-mapped IPv6 into IPv4 so one client is one throttle key", () => {
    expect(clientAddressFrom(h({ "x-forwarded-for": "::ffff:127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientAddressFrom(h({ "x-forwarded-for": "2001:db8::1" }))).toBe("2001:db8::1");
  });

  it("is null when nothing names it, and never longer than 64 characters", () => {
    expect(clientAddressFrom(h({}))).toBeNull();
    expect(clientAddressFrom(h({ "x-forwarded-for": "x".repeat(500) }))?.length).toBe(64);
  });

  it("comes with the user agent, cut to 256 characters", () => {
    expect(requestInfoFrom(h({ "x-forwarded-for": "10.0.0.1", "user-agent": "a".repeat(300) }))).toEqual({ ip: "10.0.0.1", userAgent: "a".repeat(256) });
  });
});
