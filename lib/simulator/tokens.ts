/**
 * Access and refresh tokens shaped like the real Sectigo fixture (docs/sectigo-protocol.md §3.2, §6.3):
 * header {"alg":"HS512"}; access claims sub, scopes ["ROLE_USER"], first-login, iss, iat,
 * exp; the refresh token adds a jti and carries scopes ["ROLE_REFRESH_TOKEN"]; no nbf.
 *
 * Rules: a refresh token is never accepted as a bearer token and an access token is never
 * accepted by /auth/refresh (cathy accepts both ways; the real service scopes them). The
 * issuer is not checked on the way in: the secret persists across restarts while a
 * random port (and so the URL) may not, and the signature already proves the origin.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import type { TokenPair } from "@/lib/sectigo/schemas";
import { signJwt, verifyJwt, type JwtClaims } from "./jwt";

export const ACCESS_SCOPE = "ROLE_USER";
export const REFRESH_SCOPE = "ROLE_REFRESH_TOKEN";
export const TOKEN_SUBJECT = "/account/42/user/42";

export type TokenKind = "access" | "refresh";

export type TokenCheck =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: "MALFORMED" | "BAD_ALGORITHM" | "BAD_SIGNATURE" | "EXPIRED" | "WRONG_KIND" | "BAD_CLAIMS" };

export interface TokenServiceOptions {
  secret: Buffer;
  issuer: () => string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  now: () => Date;
}

export class TokenService {
  constructor(private readonly options: TokenServiceOptions) {}

  issuePair(): TokenPair {
    const iat = Math.floor(this.options.now().getTime() / 1000);
    const base = { sub: TOKEN_SUBJECT, "first-login": false, iss: this.options.issuer(), iat };
    const accessToken = signJwt(
      { ...base, scopes: [ACCESS_SCOPE], exp: iat + this.options.accessTtlSeconds },
      this.options.secret,
    );
    const refreshToken = signJwt(
      { ...base, scopes: [REFRESH_SCOPE], jti: randomUUID(), exp: iat + this.options.refreshTtlSeconds },
      this.options.secret,
    );
    return { accessToken, refreshToken };
  }

  check(token: string, kind: TokenKind): TokenCheck {
    const verified = verifyJwt(token, this.options.secret);
    if (!verified.ok) return verified;
    const { claims } = verified;
    if (typeof claims.exp !== "number" || typeof claims.iat !== "number") return { ok: false, reason: "BAD_CLAIMS" };
    const now = this.options.now().getTime() / 1000;
    if (now >= claims.exp) return { ok: false, reason: "EXPIRED" };
    const scopes = Array.isArray(claims.scopes) ? claims.scopes : [];
    const wanted = kind === "access" ? ACCESS_SCOPE : REFRESH_SCOPE;
    if (!scopes.includes(wanted)) return { ok: false, reason: "WRONG_KIND" };
    return { ok: true, claims };
  }
}
