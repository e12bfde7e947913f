import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signJwt, verifyJwt } from "./jwt";
import { TokenService } from "./tokens";

const secret = randomBytes(64);

function part(token: string, i: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[i] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("HS512 JWT", () => {
  it("round-trips claims under the header {alg: HS512}", () => {
    const token = signJwt({ sub: "x", iat: 1, exp: 2 }, secret);
    expect(part(token, 0)).toEqual({ alg: "HS512" });
    expect(verifyJwt(token, secret)).toEqual({ ok: true, claims: { sub: "x", iat: 1, exp: 2 } });
  });

  it("rejects a changed payload, another secret, alg none and garbage", () => {
    const token = signJwt({ sub: "x", iat: 1, exp: 2 }, secret);
    const [h, , s] = token.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: "admin", iat: 1, exp: 2 })).toString("base64url")}.${s}`;
    expect(verifyJwt(forged, secret)).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    expect(verifyJwt(token, randomBytes(64))).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${token.split(".")[1]}.`;
    expect(verifyJwt(none, secret)).toEqual({ ok: false, reason: "BAD_ALGORITHM" });
    expect(verifyJwt("not-a-token", secret)).toEqual({ ok: false, reason: "MALFORMED" });
    expect(verifyJwt("a.b", secret)).toEqual({ ok: false, reason: "MALFORMED" });
  });
});

describe("TokenService", () => {
  let clock = new Date("2026-01-01T00:00:00Z");
  const tokens = new TokenService({
    secret,
    issuer: () => "http://127.0.0.1:1/",
    accessTtlSeconds: 900,
    refreshTtlSeconds: 7200,
    now: () => clock,
  });

  it("issues tokens shaped like the real Sectigo fixture", () => {
    const pair = tokens.issuePair();
    const access = part(pair.accessToken, 1);
    const refresh = part(pair.refreshToken, 1);
    const iat = clock.getTime() / 1000;
    expect(access).toEqual({ sub: "/account/42/user/42", "first-login": false, iss: "http://127.0.0.1:1/", iat, scopes: ["ROLE_USER"], exp: iat + 900 });
    expect(refresh).toMatchObject({ scopes: ["ROLE_REFRESH_TOKEN"], iat, exp: iat + 7200 });
    expect(refresh.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(access).not.toHaveProperty("nbf");
    expect(refresh).not.toHaveProperty("nbf");
  });

  it("keeps access and refresh tokens apart and honours expiry", () => {
    const pair = tokens.issuePair();
    expect(tokens.check(pair.accessToken, "access").ok).toBe(true);
    expect(tokens.check(pair.refreshToken, "refresh").ok).toBe(true);
    expect(tokens.check(pair.refreshToken, "access")).toEqual({ ok: false, reason: "WRONG_KIND" });
    expect(tokens.check(pair.accessToken, "refresh")).toEqual({ ok: false, reason: "WRONG_KIND" });
    clock = new Date(clock.getTime() + 900_000);
    expect(tokens.check(pair.accessToken, "access")).toEqual({ ok: false, reason: "EXPIRED" });
    expect(tokens.check(pair.refreshToken, "refresh").ok).toBe(true);
  });
});
