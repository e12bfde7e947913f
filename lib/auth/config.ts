/**
 * Auth.js (next-auth 5.0.0-beta.32) set-up: Credentials against the `users` table, and, when
 * OIDC_* is configured, single sign-on through the staff's identity provider (lib/auth/sso.ts).
 *
 * Rules (docs/security.md S6):
 * - `session.strategy` is "jwt" (Credentials requires it), but the JWT holds only
 *   { sid, ep }: the server-side session id and the user's session epoch. Who the user is,
 *   their role and whether the session still counts come from the database on every request
 *   (lib/auth/sessions.ts via lib/auth/session.ts) — never from the cookie.
 * - The config is built lazily per call, so AUTH_SECRET may come from the data folder at start
 *   (lib/auth/secret.ts), and nothing opens the database during `next build`.
 * - Cookies are Auth.js's defaults: HttpOnly, SameSite=Lax, Secure (and `__Secure-` named)
 *   when the portal is served over HTTPS; 12 h max age like the absolute session limit.
 * - The logger keeps a failed login quiet (it is audited, not a server error) and never
 *   logs request bodies: Auth.js's debug output would include the submitted password.
 * - Single sign-on ends in the same place as a password: the provider's `profile` step (run
 *   once Auth.js has validated the ID token) opens our own session row, and the token gets
 *   { sid, ep } from it. A refused sign-in carries no claims: the signIn callback sends it
 *   back to /login with the reason instead.
 */
import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { OIDCConfig } from "next-auth/providers";
import { getDb } from "@/db/client";
import { scrubText } from "@/lib/audit/redact";
import { env, type SsoConfig } from "@/lib/env";
import { attemptLogin, type LoginFailureReason } from "@/lib/auth/login";
import { attemptPasskeyLogin, type PasskeyFailure } from "@/lib/auth/passkeys";
import { relyingPartyFromHeaders } from "@/lib/auth/relying-party";
import { currentRequestInfo, requestInfoFrom } from "@/lib/auth/request-info";
import { authSecret } from "@/lib/auth/secret";
import { SESSION_ABSOLUTE_MS, type SessionClaims } from "@/lib/auth/sessions";
import { attemptSsoLogin, SSO_PROVIDER_ID, SSO_REFUSALS, type SsoRefusal } from "@/lib/auth/sso";
import { ssoRefusalPath } from "@/lib/auth/sso-refusal";

/** Thrown by `authorize` so the login action can tell the person why, without a stack in the log. */
export class LoginRefused extends CredentialsSignin {
  constructor(
    readonly reason: LoginFailureReason | "passkey",
    readonly retryAfterSeconds?: number,
    /** why a passkey was refused, when reason is "passkey" */
    readonly passkeyFailure?: PasskeyFailure,
  ) {
    super();
    this.code = reason;
  }
}

const MAX_AGE_SECONDS = Math.floor(SESSION_ABSOLUTE_MS / 1000);

/** The claims in a decoded token or session object, when well-formed. */
export function claimsOf(value: unknown): SessionClaims | null {
  if (typeof value !== "object" || value === null) return null;
  const { sid, ep } = value as { sid?: unknown; ep?: unknown };
  if (typeof sid !== "string" || sid.length < 16 || typeof ep !== "number" || !Number.isSafeInteger(ep)) return null;
  return { sid, epoch: ep };
}

const quietLogger: NonNullable<NextAuthConfig["logger"]> = {
  error(error: Error) {
    const type = (error as { type?: unknown }).type;
    if (type === "CredentialsSignin") return;
    if (type === "JWTSessionError") {
      // A cookie from an older secret or a tampered one: the person is simply signed out.
      console.warn("[auth] a session cookie could not be decrypted; it was treated as signed out");
      return;
    }
    // Auth.js wraps what went wrong (a single sign-on check that failed, a provider that did not
    // answer) in `cause.err`; without it an operator cannot tell a misconfiguration from an outage.
    const cause = (error.cause as { err?: unknown } | undefined)?.err;
    const why = cause instanceof Error ? ` (${scrubText(cause.message)})` : "";
    console.error(`[auth] ${String(type ?? error.name)}: ${scrubText(error.message)}${why}`);
  },
  warn(code) {
    console.warn(`[auth] warning: ${code}`);
  },
  debug() {
    // Deliberately silent: debug metadata includes submitted credentials.
  },
};

/** What a refused single sign-on hands to the signIn callback instead of session claims. */
interface SsoRefused {
  ssoRefusal: SsoRefusal;
  ssoEmail: string | null;
}

function ssoRefusedOf(value: unknown): SsoRefused | null {
  const { ssoRefusal, ssoEmail } = (value ?? {}) as Partial<Record<keyof SsoRefused, unknown>>;
  if (!SSO_REFUSALS.includes(ssoRefusal as SsoRefusal)) return null;
  return { ssoRefusal: ssoRefusal as SsoRefusal, ssoEmail: typeof ssoEmail === "string" ? ssoEmail : null };
}

function ssoProvider(sso: SsoConfig): OIDCConfig<Record<string, unknown>> {
  return {
    id: SSO_PROVIDER_ID,
    name: sso.name,
    type: "oidc",
    issuer: sso.issuer,
    clientId: sso.clientId,
    clientSecret: sso.clientSecret,
    checks: ["pkce", "state", "nonce"],
    // The e-mail is all the portal reads; no profile, no offline access.
    authorization: { params: { scope: "openid email" } },
    // Auth.js calls this with the validated ID token's claims, inside the callback request.
    async profile(claims) {
      const info = await currentRequestInfo();
      const result = attemptSsoLogin(getDb(), { claims, ip: info.ip, userAgent: info.userAgent });
      const user = result.ok
        ? { id: String(result.userId), sid: result.sessionId, ep: result.epoch }
        : { id: "refused", ssoRefusal: result.reason, ssoEmail: result.email };
      return user;
    },
  };
}

function buildConfig(): NextAuthConfig {
  const sso = env().sso;
  return {
    secret: authSecret(env()),
    trustHost: true,
    session: { strategy: "jwt", maxAge: MAX_AGE_SECONDS },
    jwt: { maxAge: MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    logger: quietLogger,
    providers: [
      Credentials({
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          const info = requestInfoFrom(request.headers);
          const result = await attemptLogin(getDb(), { email, password, ip: info.ip, userAgent: info.userAgent });
          if (!result.ok) throw new LoginRefused(result.reason, result.retryAfterSeconds);
          // Auth.js keeps only what the jwt callback below copies into the token.
          const user = { id: String(result.user.id), sid: result.user.sessionId, ep: result.epoch };
          return user;
        },
      }),
      // A passkey alone (user verification required): the browser's answer, checked in
      // lib/auth/passkeys.ts against a challenge the login page asked for.
      Credentials({
        id: "passkey",
        name: "Passkey",
        credentials: { response: { type: "text" } },
        async authorize(credentials, request) {
          const response = typeof credentials?.response === "string" ? credentials.response : "";
          const rp = relyingPartyFromHeaders(request.headers);
          if (!rp) throw new LoginRefused("passkey", undefined, "malformed");
          const info = requestInfoFrom(request.headers);
          const result = await attemptPasskeyLogin(getDb(), { response, ip: info.ip, userAgent: info.userAgent }, rp);
          if (!result.ok) throw new LoginRefused(result.reason, result.retryAfterSeconds, result.reason === "passkey" ? result.failure : undefined);
          return { id: String(result.user.id), sid: result.user.sessionId, ep: result.epoch };
        },
      }),
      ...(sso ? [ssoProvider(sso)] : []),
    ],
    callbacks: {
      signIn({ user, account }) {
        if (account?.provider !== SSO_PROVIDER_ID) return true;
        const refused = ssoRefusedOf(user);
        if (refused) return ssoRefusalPath(refused.ssoRefusal, refused.ssoEmail);
        return claimsOf(user) !== null;
      },
      jwt({ token, user }) {
        if (user) {
          const claims = claimsOf(user);
          // Replace the default token (name, e-mail, picture): the cookie carries no personal data.
          return claims ? { sid: claims.sid, ep: claims.epoch } : null;
        }
        return token;
      },
      // /api/auth/session answers the browser with the expiry only. Server-side, next-auth's
      // auth() adds the decoded token as `user`, which is where session.ts reads the claims.
      session({ session }) {
        return { expires: session.expires };
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
