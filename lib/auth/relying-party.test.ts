import { describe, expect, it } from "vitest";
import { relyingPartyFor } from "@/lib/auth/relying-party";

describe("who the portal is to a passkey", () => {
  it("is the public address alone when AUTH_URL is set, whatever Host the request names", () => {
    expect(relyingPartyFor("https://ca.example.org", "evil.example")).toEqual({ id: "ca.example.org", origins: ["https://ca.example.org"] });
    expect(relyingPartyFor("https://ca.example.org/portal/", null)).toEqual({ id: "ca.example.org", origins: ["https://ca.example.org"] });
    expect(relyingPartyFor("http://localhost:3000", "127.0.0.1:3000")).toEqual({ id: "localhost", origins: ["http://localhost:3000"] });
  });

  it("is the request's host without AUTH_URL, over https or http, and no other origin", () => {
    expect(relyingPartyFor(undefined, "ca.example.org")).toEqual({ id: "ca.example.org", origins: ["https://ca.example.org", "http://ca.example.org"] });
    expect(relyingPartyFor(undefined, "localhost:3000")).toEqual({ id: "localhost", origins: ["https://localhost:3000", "http://localhost:3000"] });
    // host names are case-insensitive; the origin a browser signs is lower case
    expect(relyingPartyFor(undefined, "CA.Example.ORG")).toEqual({ id: "ca.example.org", origins: ["https://ca.example.org", "http://ca.example.org"] });
    expect(relyingPartyFor("", "ca.example.org")?.id).toBe("ca.example.org");
  });

  it("is nobody for a missing Host, or one that is more than a host and port", () => {
    for (const host of [null, "", "evil.example/path", "user@evil.example", "ca.example.org#frag", "ca.example.org?q", "ca.example.org\\evil", "a b", "evil.example:99999"]) {
      expect(relyingPartyFor(undefined, host)).toBeNull();
    }
  });
});
