/**
 * The token manager: login, refresh and the renewal rules of docs/sectigo-protocol.md §3,
 * stricter than the Go client's (§3.4).
 *
 * Rules to keep:
 * - ZERO auth calls while the access token is valid; it is renewed ~30 s before expiry
 *   (a tenth of its lifetime for short-lived test tokens), and if that early renewal
 *   fails while the token is still valid, the call goes ahead with it.
 * - ONE shared in-flight renewal: callers that arrive while one runs share its outcome,
 *   success or failure, so ten concurrent calls with an expired token make one refresh.
 * - Refresh when refreshable, else (or when the refresh fails) log in with the password.
 * - After a 401 from an /api call the client asks `recover()`: first a refresh, then a
 *   login; a caller whose token was already replaced by someone else just retries.
 * - Tokens are saved to the store after every change; the password never is. Store
 *   failures are ignored, as Go ignores cache write errors: the store is only a cache.
 */
import "server-only";
import { SECTIGO_JSON, tokenPairSchema, type TokenPair } from "./schemas";
import { endpointPath, type EndpointName } from "./endpoints";
import {
  BadResponseError,
  CredentialsMismatchError,
  InvalidCredentialsError,
  MustUseTlsAuthError,
  NoCredentialsError,
  NotAuthenticatedError,
  NotAuthorizedError,
  TokensExpiredError,
  UnhandledStatusError,
} from "./errors";
import { bodyText, type RawResponse, type Transport } from "./http";
import type { TokenStore } from "./credentials";
import {
  credentialsState,
  isCurrent,
  isRefreshable,
  isValid,
  tokenSetFromPair,
  type Clock,
  type CredentialsState,
  type TokenSet,
} from "./tokens";

export const DEFAULT_REFRESH_SKEW_MS = 30_000;

export interface TokenManagerOptions {
  transport: Transport;
  username?: string;
  password?: string;
  store: TokenStore;
  now: Clock;
  refreshSkewMs?: number;
}

/** The access token to send, and which renewal produced it. */
export interface AuthSnapshot {
  token: string;
  generation: number;
}

export type RecoveryStep = "refresh" | "login";

export interface Recovery extends AuthSnapshot {
  /** What recovery did: renewed by refresh, by login, or found tokens already renewed. */
  via: RecoveryStep | "joined";
}

export class TokenManager {
  private readonly transport: Transport;
  private readonly username: string;
  private readonly password: string;
  private readonly store: TokenStore;
  private readonly now: Clock;
  private readonly skewMs: number;
  private tokens: TokenSet | null = null;
  private generation = 0;
  private loading: Promise<void> | undefined;
  private inflight: Promise<void> | undefined;

  constructor(options: TokenManagerOptions) {
    this.username = options.username ?? "";
    this.password = options.password ?? "";
    if ((this.username === "") !== (this.password === "")) throw new CredentialsMismatchError();
    this.transport = options.transport;
    this.store = options.store;
    this.now = options.now;
    this.skewMs = options.refreshSkewMs ?? DEFAULT_REFRESH_SKEW_MS;
  }

  /** The preflight (docs/sectigo-protocol.md §3.4): a valid access token, renewed first when needed. */
  async ensureFresh(): Promise<AuthSnapshot> {
    await this.ensureLoaded();
    if (!this.usable()) {
      try {
        await this.share(() => this.renew());
      } catch (err) {
        if (!isValid(this.tokens, this.now())) throw err;
      }
    }
    return this.snapshot();
  }

  /** After a 401 from an /api call made with the token of `usedGeneration`. */
  async recover(usedGeneration: number, step: RecoveryStep): Promise<Recovery> {
    if (this.inflight !== undefined) await this.inflight.catch(() => undefined);
    if (this.generation !== usedGeneration && isValid(this.tokens, this.now())) {
      return { ...this.snapshot(), via: "joined" };
    }
    let via: Recovery["via"] = "joined";
    await this.share(async () => {
      if (step === "refresh" && isRefreshable(this.tokens, this.now())) {
        try {
          await this.refreshTokens();
          via = "refresh";
          return;
        } catch {
          // The refresh token was refused too: the password is the last resort.
        }
      }
      await this.login();
      via = "login";
    });
    return { ...this.snapshot(), via };
  }

  /** Logs in with the password even if the tokens are valid (CLI `auth`, "re-authenticate"). */
  async authenticate(): Promise<void> {
    await this.ensureLoaded();
    if (this.inflight !== undefined) await this.inflight.catch(() => undefined);
    await this.share(() => this.login());
  }

  /** Refreshes now with the refresh token, whatever the access token's state. */
  async refresh(): Promise<void> {
    await this.ensureLoaded();
    if (this.inflight !== undefined) await this.inflight.catch(() => undefined);
    await this.share(() => this.refreshTokens());
  }

  async state(): Promise<CredentialsState> {
    await this.ensureLoaded();
    return credentialsState(this.tokens, this.now());
  }

  /** The held tokens, for the CLI's `auth --debug`; never for a page or a log. */
  async currentTokens(): Promise<TokenSet | null> {
    await this.ensureLoaded();
    return this.tokens === null ? null : { ...this.tokens };
  }

  private share(fn: () => Promise<void>): Promise<void> {
    if (this.inflight !== undefined) return this.inflight;
    const run = fn().finally(() => {
      if (this.inflight === run) this.inflight = undefined;
    });
    this.inflight = run;
    return run;
  }

  private usable(): boolean {
    const tokens = this.tokens;
    if (tokens === null || !isValid(tokens, this.now())) return false;
    const lifetime = tokens.expiresAt.getTime() - tokens.issuedAt.getTime();
    const skew = Math.max(0, Math.min(this.skewMs, lifetime / 10));
    return this.now().getTime() < tokens.expiresAt.getTime() - skew;
  }

  private snapshot(): AuthSnapshot {
    const tokens = this.tokens;
    // Go's request builder refuses to build a request without a valid token.
    if (tokens === null || !isValid(tokens, this.now())) throw new NotAuthenticatedError();
    return { token: tokens.accessToken, generation: this.generation };
  }

  private async renew(): Promise<void> {
    if (isRefreshable(this.tokens, this.now())) {
      try {
        await this.refreshTokens();
        return;
      } catch {
        // The refresh endpoint may be failing; fall back to the password.
      }
    }
    await this.login();
  }

  private async login(): Promise<void> {
    if (this.username === "" || this.password === "") throw new NoCredentialsError();
    const res = await this.transport.send({
      endpoint: "authenticate",
      path: endpointPath("authenticate"),
      headers: { "Content-Type": SECTIGO_JSON, Accept: SECTIGO_JSON },
      body: `${JSON.stringify({ username: this.username, password: this.password })}\n`,
    });
    if (res.status === 401) throw new InvalidCredentialsError();
    if (res.status === 403) throw new NotAuthorizedError();
    if (res.status === 307) throw new MustUseTlsAuthError();
    if (res.status !== 200) throw new UnhandledStatusError(res.status);
    const pair = parseTokenPair(res, "authenticate");
    await this.update(pair.accessToken, pair.refreshToken);
  }

  private async refreshTokens(): Promise<void> {
    const current = this.tokens;
    if (current === null || current.refreshToken === "") {
      throw new NotAuthenticatedError("there is no Sectigo refresh token: log in with the username and password first");
    }
    const res = await this.transport.send({
      endpoint: "refresh",
      path: endpointPath("refresh"),
      // The body is the raw token, yet the JSON content type is declared: Sectigo expects exactly that.
      headers: { "Content-Type": SECTIGO_JSON, Accept: SECTIGO_JSON },
      body: current.refreshToken,
    });
    if (res.status === 401) {
      throw new InvalidCredentialsError("Sectigo rejected the refresh token (HTTP 401): log in again with the username and password");
    }
    if (res.status === 403) throw new NotAuthorizedError();
    if (res.status !== 200) throw new UnhandledStatusError(res.status);
    const pair = parseTokenPair(res, "refresh");
    // An empty refresh token in the reply means Sectigo keeps using the old one.
    await this.update(pair.accessToken, pair.refreshToken === "" ? current.refreshToken : pair.refreshToken);
  }

  /** The update of docs/sectigo-protocol.md §3.3: store the new tokens, then Check(); a failed check clears them. */
  private async update(accessToken: string, refreshToken: string): Promise<void> {
    const tokens = tokenSetFromPair(accessToken, refreshToken);
    this.generation++;
    if (!isCurrent(tokens, this.now())) {
      this.tokens = null;
      await this.persist(null);
      throw new TokensExpiredError();
    }
    this.tokens = tokens;
    await this.persist(tokens);
  }

  private async ensureLoaded(): Promise<void> {
    this.loading ??= this.loadFromStore();
    await this.loading;
  }

  private async loadFromStore(): Promise<void> {
    let stored: TokenSet | null;
    try {
      stored = await this.store.load();
    } catch {
      stored = null;
    }
    if (stored === null) return;
    try {
      // Derive again from the tokens: a store could hold stale or hand-edited times.
      const tokens = tokenSetFromPair(stored.accessToken, stored.refreshToken);
      if (isCurrent(tokens, this.now())) {
        this.tokens = tokens;
        this.generation++;
        return;
      }
    } catch {
      // Unreadable tokens are as good as none.
    }
    await this.persist(null);
  }

  private async persist(tokens: TokenSet | null): Promise<void> {
    try {
      await this.store.save(tokens);
    } catch {
      // Ignored on purpose (see the header): a cache that cannot be written costs a login later.
    }
  }
}

function parseTokenPair(res: RawResponse, endpoint: EndpointName): TokenPair {
  let json: unknown;
  try {
    json = JSON.parse(bodyText(res));
  } catch {
    json = undefined;
  }
  const parsed = tokenPairSchema.safeParse(json);
  // Never quote the body: it may hold a token.
  if (!parsed.success) throw new BadResponseError(`${endpoint} (POST ${res.path})`, "the reply is not an access/refresh token pair", res.status);
  return parsed.data;
}
