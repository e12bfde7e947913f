/**
 * The portal's configuration, read from the environment once and validated, so that a bad
 * value stops the start with a message naming the variable instead of failing later.
 * `.env.example` and docs/operations.md list every variable.
 *
 * This module is the only reader of `process.env` (entry points aside: instrumentation.ts,
 * the CLI's main, scripts/). Everything else takes its settings from `env()`, or, for a part
 * with a schema of its own (the simulator's SIMULATOR_* options), from `rawEnv()`.
 */
import "server-only";
import { createPrivateKey } from "node:crypto";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { passwordProblems } from "@/lib/auth/password";
import { parseRoleList } from "@/lib/auth/rbac";
import { DomainError, hasCode } from "@/lib/errors";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

/** An IPv4/IPv6 address, or one with a prefix length (a CIDR range). */
function isAddressOrRange(value: string): boolean {
  const [address, bits, ...rest] = value.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** Whether text is an Ed25519 private key in PEM; the key itself never reaches a message. */
function isEd25519PrivatePem(text: string): boolean {
  try {
    return createPrivateKey({ key: text, format: "pem" }).asymmetricKeyType === "ed25519";
  } catch {
    return false;
  }
}

/** `check`'s answer for the URL in `value`, or `notUrl` when it is not a URL at all. */
function urlProblem(value: string, notUrl: string, check: (url: URL) => string | null): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return notUrl;
  }
  return check(url);
}

/** https; plain http only on the loopback host, where a test server runs. */
function httpsOrLoopback(url: URL): string | null {
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) return null;
  return "must be an https URL (plain http is allowed only for localhost or 127.0.0.1, for testing)";
}

/** An OpenID Connect issuer (OpenID Connect Discovery 1.0 §2): https, no query or fragment. */
export function issuerProblem(value: string): string | null {
  return urlProblem(value, "must be the identity provider's issuer URL, such as https://login.example.org/realms/staff", (url) =>
    url.search || url.hash ? "must be the issuer URL without a query or a fragment" : httpsOrLoopback(url),
  );
}

/** SMTP_URL's problem, if any; never quotes the value, which holds the mail password. */
export function smtpUrlProblem(value: string): string | null {
  return urlProblem(value, "must be a mail server URL such as smtp://user:password@mail.example.org:587 or smtps://user:password@mail.example.org:465", (url) => {
    if (url.protocol !== "smtp:" && url.protocol !== "smtps:") return "must start with smtp:// (port 587 or 25, STARTTLS when offered) or smtps:// (TLS from the start, port 465)";
    if (!url.hostname) return "must name the mail server's host, such as smtp://mail.example.org:587";
    if (url.pathname !== "" && url.pathname !== "/") return "must be the mail server's address only, without a path";
    return null;
  });
}

/** NOTIFY_WEBHOOK_URL's problem, if any. */
export function webhookUrlProblem(value: string): string | null {
  return urlProblem(value, "must be the receiver's URL, such as https://hooks.example.org/ca-portal", (url) =>
    url.username || url.password ? "must not carry a user or password: the body is signed with NOTIFY_WEBHOOK_SECRET instead" : httpsOrLoopback(url),
  );
}

/** An optional, trimmed value that `problem` finds fault with or not. */
function checkedText(problem: (value: string) => string | null) {
  return optionalText.pipe(
    z
      .string()
      .trim()
      .superRefine((v, ctx) => {
        const found = problem(v);
        if (found) ctx.addIssue({ code: "custom", message: found });
      })
      .optional(),
  );
}

/** Where the portal keeps its files when DATA_DIR is unset. */
export const DEFAULT_DATA_DIR = "./data";

const envSchema = z.object({
  DATA_DIR: optionalText.transform((v) => path.resolve(v ?? DEFAULT_DATA_DIR)),
  SECTIGO_ENDPOINT: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://iot.sectigo.com" })
      .optional(),
  ),
  SECTIGO_USERNAME: optionalText,
  SECTIGO_PASSWORD: optionalText,
  // A file path (a `file:` prefix is allowed); default <DATA_DIR>/portal.db. Read by db/client.ts.
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .refine((v) => !/^(file:)?:memory:$/.test(v.trim()), "must name a file: the portal needs WAL, which an in-memory database cannot do")
      .optional(),
  ),
  // The key that encrypts secrets at rest; unset: generated once as <DATA_DIR>/secret.key
  // (lib/crypto/secret-box.ts).
  DATA_KEY: optionalText.pipe(
    z
      .string()
      .refine((v) => Buffer.from(v.trim(), "base64").length === 32, "must be 32 random bytes in base64 (make one with `openssl rand -base64 32`), or leave it unset to have one generated")
      .optional(),
  ),
  // Unset: generated once and kept in <DATA_DIR>/auth-secret (lib/auth/secret.ts).
  AUTH_SECRET: optionalText.pipe(
    z
      .string()
      .min(32, "must be at least 32 characters (make one with `openssl rand -base64 32`), or leave it unset to have one generated")
      .optional(),
  ),
  AUTH_URL: optionalText.pipe(
    z.url({ protocol: /^https?$/, message: "must be the portal's public http(s) URL, such as https://ca.example.org" }).optional(),
  ),
  // The first admin, made only while there is no account at all (lib/auth/bootstrap.ts).
  ADMIN_EMAIL: optionalText.pipe(
    z
      .string()
      .trim()
      .toLowerCase()
      .max(254, "must be at most 254 characters")
      .regex(/^[^\s@]+@[^\s@]+$/, "must be an e-mail address such as admin@example.org")
      .optional(),
  ),
  ADMIN_PASSWORD: optionalText,
  // How long one Sectigo request may take before the portal gives up on its answer.
  SECTIGO_TIMEOUT_MS: optionalText.pipe(
    z.coerce
      .number<string | undefined>()
      .int("must be a whole number of milliseconds")
      .min(500, "must be at least 500 milliseconds")
      .max(600_000, "must be at most 600000 milliseconds (10 minutes)")
      .optional(),
  ),
  // Reverse proxies whose X-Forwarded-For is believed: addresses or CIDR ranges, comma-separated
  // (lib/auth/request-info.ts). Unset: none, and the address is always the socket's.
  TRUSTED_PROXIES: optionalText.pipe(
    z
      .string()
      .transform((v) => v.split(",").map((x) => x.trim()).filter(Boolean))
      .superRefine((entries, ctx) => {
        for (const v of entries.filter((e) => !isAddressOrRange(e))) {
          ctx.addIssue({ code: "custom", message: `"${v}" is not an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8` });
        }
      })
      .optional(),
  ),
  // Roles that must hold a second factor until an administrator saves a policy on the Settings
  // page: a comma list of roles, or "none" (lib/auth/factor-policy.ts). Unset: admin,operator.
  FACTOR_POLICY: optionalText.pipe(
    z
      .string()
      .transform((v, ctx) => {
        const roles = parseRoleList(v);
        if (roles === null) ctx.addIssue({ code: "custom", message: `must be a comma-separated list of roles (admin, operator, support, auditor), or "none"; not "${v}"` });
        return roles ?? [];
      })
      .optional(),
  ),
  // The Ed25519 key that signs audit checkpoints and exports (PKCS#8 PEM); unset: generated
  // once as <DATA_DIR>/audit-signing-key.pem (lib/audit/signing-key.ts). Never logged.
  AUDIT_SIGNING_KEY: optionalText.pipe(
    z
      .string()
      // a one-line value with literal "\n" (as many secret stores hold a PEM) counts as the PEM
      .transform((v) => v.replace(/\\n/g, "\n").trim())
      .refine((v) => isEd25519PrivatePem(v), "must be an Ed25519 private key in PKCS#8 PEM (make one with `openssl genpkey -algorithm ed25519`), or leave it unset to have one generated")
      .optional(),
  ),
  // How often a signed audit checkpoint is taken (docs/operations.md §1.1); default 60.
  AUDIT_CHECKPOINT_INTERVAL_MINUTES: optionalText.pipe(
    z.coerce
      .number<string | undefined>()
      .int("must be a whole number of minutes")
      .min(1, "must be at least 1 minute")
      .max(10_080, "must be at most 10080 minutes (a week)")
      .optional(),
  ),
  // Single sign-on through the staff's own identity provider (lib/auth/sso.ts): all three or none.
  OIDC_ISSUER: checkedText(issuerProblem),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  // The button's label: "Sign in with <OIDC_NAME>".
  OIDC_NAME: optionalText.pipe(z.string().trim().max(60, "must be at most 60 characters").optional()),
  // Expiry notices by e-mail (lib/notices): smtp://user:pass@host:587 (STARTTLS when offered)
  // or smtps://…:465; the password never reaches a log or a page. NOTIFY_FROM is the sender.
  SMTP_URL: checkedText(smtpUrlProblem),
  NOTIFY_FROM: optionalText.pipe(
    z
      .string()
      .trim()
      .max(254, "must be at most 254 characters")
      .regex(/^[^\s@<>",;]+@[^\s@<>",;]+$/, "must be the sender's e-mail address, such as ca-portal@example.org")
      .optional(),
  ),
  // Expiry notices as a signed JSON POST (lib/notices/webhook.ts); the secret keys the HMAC.
  NOTIFY_WEBHOOK_URL: checkedText(webhookUrlProblem),
  NOTIFY_WEBHOOK_SECRET: optionalText.pipe(
    z.string().min(16, "must be at least 16 characters (make one with `openssl rand -hex 32`)").optional(),
  ),
  SIMULATOR_PORT: optionalText.pipe(
    z.coerce.number<string | undefined>().int().min(1, "must be a port number from 1 to 65535").max(65535, "must be a port number from 1 to 65535").optional(),
  ),
});

export type PortalEnv = z.infer<typeof envSchema> & {
  /** The SQLite file: DATABASE_URL (a `file:` prefix allowed), else <DATA_DIR>/portal.db; absolute. */
  databaseFile: string;
  /** True when no SECTIGO_ENDPOINT is set and the portal runs its own simulator. */
  embeddedSimulator: boolean;
  simulatorPort: number;
  /** Single sign-on, when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are all set. */
  sso: SsoConfig | null;
};

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the identity provider as the sign-in button names it */
  name: string;
}

export const DEFAULT_SSO_NAME = "your organisation";

const SSO_VARIABLES = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;

export class ConfigError extends DomainError<"CONFIG_INVALID"> {
  readonly family = "config";
  override readonly name = "ConfigError";
  constructor(message: string) {
    super("CONFIG_INVALID", message, "The portal's configuration is not valid. Tell an administrator; the server log names the setting.");
  }
}

/** The database file named by DATABASE_URL, else `<dataDir>/portal.db`, as an absolute path. */
export function databaseFileOf(databaseUrl: string | undefined, dataDir: string): string {
  const url = databaseUrl?.trim();
  if (url) return path.resolve(url.startsWith("file:") ? url.slice("file:".length) : url);
  return path.resolve(dataDir, "portal.db");
}

export function parseEnv(source: Readonly<Record<string, string | undefined>> = process.env): PortalEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every setting.`);
  }
  const env = result.data;
  if (env.ADMIN_PASSWORD !== undefined) {
    // The rule the Staff accounts page applies; the message never repeats the password.
    const problems = passwordProblems(env.ADMIN_PASSWORD, env.ADMIN_EMAIL ?? "admin@localhost");
    if (problems.length > 0) {
      throw new ConfigError(`Invalid configuration:\n  ADMIN_PASSWORD: ${problems.join(" ")}\nSee .env.example for every setting.`);
    }
  }
  const account = [env.SECTIGO_USERNAME && "SECTIGO_USERNAME", env.SECTIGO_PASSWORD && "SECTIGO_PASSWORD"].filter((v): v is string => !!v);
  if (env.SECTIGO_ENDPOINT) {
    const missing = ["SECTIGO_USERNAME", "SECTIGO_PASSWORD"].filter((name) => !account.includes(name));
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration:\n  ${missing.join(" and ")}: required when SECTIGO_ENDPOINT names a Sectigo service (the portal logs in with both).\nSee .env.example for every setting.`,
      );
    }
  } else if (account.length > 0) {
    // An account without an endpoint means someone meant to talk to Sectigo: starting the
    // embedded simulator instead would issue test certificates while they think they are real.
    throw new ConfigError(
      `Invalid configuration:\n  SECTIGO_ENDPOINT: missing. ${account.join(" and ")} ${account.length > 1 ? "are" : "is"} set, so the portal would talk to Sectigo, but SECTIGO_ENDPOINT does not say where (e.g. https://iot.sectigo.com). ` +
        "Set SECTIGO_ENDPOINT to talk to Sectigo, or unset SECTIGO_USERNAME and SECTIGO_PASSWORD to use the embedded simulator (its login is SIMULATOR_USERNAME / SIMULATOR_PASSWORD).\nSee .env.example for every setting.",
    );
  }
  if (env.SMTP_URL && !env.NOTIFY_FROM) {
    throw new ConfigError("Invalid configuration:\n  NOTIFY_FROM: required when SMTP_URL is set (the sender of the expiry notices, such as ca-portal@example.org).\nSee .env.example for every setting.");
  }
  const hook = [env.NOTIFY_WEBHOOK_URL && "NOTIFY_WEBHOOK_URL", env.NOTIFY_WEBHOOK_SECRET && "NOTIFY_WEBHOOK_SECRET"].filter((v): v is string => !!v);
  if (hook.length === 1) {
    // An unsigned webhook could be forged by anyone who finds the URL; a secret without a URL is a mistake.
    const missing = hook[0] === "NOTIFY_WEBHOOK_URL" ? "NOTIFY_WEBHOOK_SECRET" : "NOTIFY_WEBHOOK_URL";
    throw new ConfigError(`Invalid configuration:\n  ${missing}: required when ${hook[0]} is set (the webhook's body is signed with the secret).\nSee .env.example for every setting.`);
  }
  const ssoSet = SSO_VARIABLES.filter((name) => env[name] !== undefined);
  if (ssoSet.length > 0 && ssoSet.length < SSO_VARIABLES.length) {
    // Half a configuration would show a button that cannot work, or hide one someone meant to offer.
    const missing = SSO_VARIABLES.filter((name) => !ssoSet.includes(name));
    throw new ConfigError(
      `Invalid configuration:\n  ${missing.join(" and ")}: required when ${ssoSet.join(" and ")} ${ssoSet.length > 1 ? "are" : "is"} set (single sign-on needs all three), or unset ${ssoSet.join(" and ")} to offer the password sign-in only.\nSee .env.example for every setting.`,
    );
  }
  const sso =
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, name: env.OIDC_NAME || DEFAULT_SSO_NAME }
      : null;
  return {
    ...env,
    sso,
    databaseFile: databaseFileOf(env.DATABASE_URL, env.DATA_DIR),
    embeddedSimulator: !env.SECTIGO_ENDPOINT,
    simulatorPort: env.SIMULATOR_PORT ?? 8831,
  };
}

const cache = globalThis as unknown as { __portalEnv?: PortalEnv };

/** The validated configuration of this process. */
export function env(): PortalEnv {
  return (cache.__portalEnv ??= parseEnv());
}

/**
 * The environment as given, for a part that validates its own variables (the simulator's
 * options). Read-only: configuration is never passed around by changing process.env.
 */
export function rawEnv(): Readonly<Record<string, string | undefined>> {
  return process.env;
}

/**
 * The configuration at boot (instrumentation.ts): a bad setting prints its message alone (it
 * names the variable and what to do) and stops the process, instead of the stack trace Next
 * prints for a failing instrumentation hook.
 */
export function envOrExit(): PortalEnv {
  try {
    return env();
  } catch (err) {
    if (!hasCode(err, "CONFIG_INVALID")) throw err;
    console.error(`The portal did not start.\n${err.message}`);
    process.exit(1);
  }
}
