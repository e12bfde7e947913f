// Types for e2e/support/idp.mjs (plain JavaScript: oidc-provider ships no types).
export interface IdpOptions {
  port: number;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** the portal's callback, e.g. http://127.0.0.1:3612/api/auth/callback/oidc */
  redirectUri: string;
}

export interface RunningIdp {
  issuer: string;
  close(): Promise<void>;
}

export function startIdp(options: IdpOptions): Promise<RunningIdp>;
