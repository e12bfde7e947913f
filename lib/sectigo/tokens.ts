/**
 * Sectigo JWTs and the credential states derived from them (docs/sectigo-protocol.md §3.2, §3.3).
 *
 * Rules kept: the tokens are read WITHOUT verifying their signature (only Sectigo can, and
 * the client only needs the times); both tokens need non-zero `iat` and `exp`, else
 * INVALID_CLAIMS; every state comparison is strict. Times come from the claims, never
 * from a hard-coded lifetime. The clock is injected so tests and status pages agree.
 */
import "server-only";
import { InvalidClaimsError, TokensExpiredError, TokensMismatchError } from "./errors";

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** The tokens and the times derived from them; what a TokenStore keeps. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Access token `sub` ("" when absent). */
  subject: string;
  /** Access token `iat`. */
  issuedAt: Date;
  /** Access token `exp`. */
  expiresAt: Date;
  /** Refresh token `nbf` when present and non-zero, else refresh token `iat`. */
  notBefore: Date;
  /** Refresh token `exp`. */
  refreshBy: Date;
}

export interface JwtTimes {
  subject: string;
  issuedAt: Date;
  expiresAt: Date;
  notBefore?: Date;
}

/** Reads the registered claims of a JWT without checking its signature. */
export function readJwtTimes(token: string, which: "access" | "refresh"): JwtTimes {
  const parts = token.split(".");
  const payload = parts[1];
  if (parts.length !== 3 || payload === undefined || payload === "") {
    throw new InvalidClaimsError(which, "the token is not a JWT");
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw new InvalidClaimsError(which, "the token's claims are not JSON");
  }
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new InvalidClaimsError(which, "the token's claims are not a JSON object");
  }
  const record = claims as Record<string, unknown>;
  const iat = numericDate(record.iat);
  const exp = numericDate(record.exp);
  // Go panics on a missing claim and rejects a zero one; both are INVALID_CLAIMS here.
  if (iat === undefined || exp === undefined) throw new InvalidClaimsError(which);
  const nbf = numericDate(record.nbf);
  return {
    subject: typeof record.sub === "string" ? record.sub : "",
    issuedAt: iat,
    expiresAt: exp,
    ...(nbf === undefined ? {} : { notBefore: nbf }),
  };
}

/** A JWT NumericDate, truncated to whole seconds as golang-jwt does; zero counts as absent. */
function numericDate(value: unknown): Date | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value === 0) return undefined;
  return new Date(Math.trunc(value) * 1000);
}

/** Derives a TokenSet from a token pair (docs/sectigo-protocol.md §3.2). Throws INVALID_CLAIMS naming the bad token. */
export function tokenSetFromPair(accessToken: string, refreshToken: string): TokenSet {
  const access = readJwtTimes(accessToken, "access");
  const refresh = readJwtTimes(refreshToken, "refresh");
  return {
    accessToken,
    refreshToken,
    subject: access.subject,
    issuedAt: access.issuedAt,
    expiresAt: access.expiresAt,
    notBefore: refresh.notBefore ?? refresh.issuedAt,
    refreshBy: refresh.expiresAt,
  };
}

/** valid: an access token exists and now < ExpiresAt. */
export function isValid(tokens: TokenSet | null, now: Date): boolean {
  return tokens !== null && tokens.accessToken !== "" && now.getTime() < tokens.expiresAt.getTime();
}

/** current: both tokens exist and now < RefreshBy. */
export function isCurrent(tokens: TokenSet | null, now: Date): boolean {
  return (
    tokens !== null &&
    tokens.accessToken !== "" &&
    tokens.refreshToken !== "" &&
    now.getTime() < tokens.refreshBy.getTime()
  );
}

/** refreshable: a refresh token exists and NotBefore < now < RefreshBy (both strict). */
export function isRefreshable(tokens: TokenSet | null, now: Date): boolean {
  const t = now.getTime();
  return (
    tokens !== null &&
    tokens.refreshToken !== "" &&
    tokens.notBefore.getTime() < t &&
    t < tokens.refreshBy.getTime()
  );
}

/**
 * The check of docs/sectigo-protocol.md §3.3 on whatever tokens are held: none → fine; exactly one → TOKENS_MISMATCH;
 * not current → TOKENS_EXPIRED.
 */
export function checkTokens(accessToken: string, refreshToken: string, refreshBy: Date | undefined, now: Date): void {
  if (accessToken === "" && refreshToken === "") return;
  if (accessToken === "" || refreshToken === "") throw new TokensMismatchError();
  if (refreshBy === undefined || !(now.getTime() < refreshBy.getTime())) throw new TokensExpiredError();
}

/** What a status page may show about the credentials: states and times, never the tokens. */
export interface CredentialsState {
  valid: boolean;
  current: boolean;
  refreshable: boolean;
  /** Absent when there are no tokens. */
  subject?: string;
  issuedAt?: Date;
  expiresAt?: Date;
  notBefore?: Date;
  refreshBy?: Date;
}

export function credentialsState(tokens: TokenSet | null, now: Date): CredentialsState {
  const state: CredentialsState = {
    valid: isValid(tokens, now),
    current: isCurrent(tokens, now),
    refreshable: isRefreshable(tokens, now),
  };
  if (tokens === null) return state;
  return {
    ...state,
    subject: tokens.subject,
    issuedAt: new Date(tokens.issuedAt),
    expiresAt: new Date(tokens.expiresAt),
    notBefore: new Date(tokens.notBefore),
    refreshBy: new Date(tokens.refreshBy),
  };
}
