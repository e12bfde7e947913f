/**
 * Settings and the Sectigo client of one CLI run, from global flags and the environment
 * (`.env` already applied). Flags beat variables, as urfave's EnvVar does. Tokens go to
 * the Go tool's cache file, so `auth` once and every later command reuses them; the
 * password is never written anywhere.
 *
 * Also the one place a failure becomes the line on stderr (`describeFailure`).
 */
import "server-only";
import type { CommandContext, GlobalOptions } from "./command";
import type { Env } from "./dotenv";
import { CliError, isCliError } from "./errors";
// Only the small error modules are loaded up front; the client, lib/pki and the simulator
// are imported by the commands that use them, so `help` and `auth -C` start fast.
import { isPkiError } from "@/lib/pki/errors";
import type { SectigoClient } from "@/lib/sectigo/client";
import type { SectigoEnvironment } from "@/lib/sectigo/environment";
import { isApiError, isSectigoError } from "@/lib/sectigo/errors";
import { userMessage } from "@/lib/sectigo/user-message";
import { isSimulatorError } from "@/lib/simulator/errors";

export const DEFAULT_ENDPOINT = "https://iot.sectigo.com";
/** A CLI call waits longer than a page would: downloads and uploads can be large. */
export const CLI_TIMEOUT_MS = 60_000;

const ENVIRONMENTS: readonly SectigoEnvironment[] = ["production", "staging", "testing", "docker"];

export interface CliSettings {
  endpoint: string;
  /** True when neither --endpoint nor SECTIGO_ENDPOINT was given. */
  defaultEndpoint: boolean;
  username?: string;
  password?: string;
  environment?: SectigoEnvironment;
}

export function resolveSettings(globals: GlobalOptions, env: Env): CliSettings {
  const pick = (flag: string | undefined, name: string) => {
    const value = flag ?? env[name];
    return value === undefined || value.trim() === "" ? undefined : value;
  };
  const endpoint = pick(globals.endpoint, "SECTIGO_ENDPOINT")?.trim();
  if (endpoint !== undefined) checkEndpoint(endpoint);
  const environment = pick(globals.environment, "SECTIGO_ENVIRONMENT")?.trim().toLowerCase();
  if (environment !== undefined && !(ENVIRONMENTS as readonly string[]).includes(environment)) {
    throw new CliError(
      "USAGE",
      `"${environment}" is not a valid environment, specify production, staging, docker or testing (or leave SECTIGO_ENVIRONMENT unset)`,
    );
  }
  const username = pick(globals.username, "SECTIGO_USERNAME");
  const password = pick(globals.password, "SECTIGO_PASSWORD");
  return {
    endpoint: endpoint ?? DEFAULT_ENDPOINT,
    defaultEndpoint: endpoint === undefined,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(environment === undefined ? {} : { environment: environment as SectigoEnvironment }),
  };
}

function checkEndpoint(endpoint: string): void {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  // Not echoed: a URL with user:password@ would put the password on the screen.
  if (url && (url.username !== "" || url.password !== "")) {
    throw new CliError("USAGE", "the Sectigo endpoint must not contain a username or password: use SECTIGO_USERNAME and SECTIGO_PASSWORD");
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new CliError("USAGE", `invalid Sectigo endpoint "${endpoint}": use an http(s) URL such as ${DEFAULT_ENDPOINT}`);
  }
}

/** The credentials cache file for this environment (XDG_CACHE_HOME, HOME, …). */
export async function cachePathFor(env: Env): Promise<string> {
  const { credentialsCachePath } = await import("@/lib/sectigo");
  return credentialsCachePath({ ...env });
}

export async function buildClient(globals: GlobalOptions, env: Env): Promise<SectigoClient> {
  const settings = resolveSettings(globals, env);
  const { FileTokenStore, SectigoClient } = await import("@/lib/sectigo");
  return new SectigoClient({
    endpoint: settings.endpoint,
    username: settings.username,
    password: settings.password,
    tokenStore: new FileTokenStore({ path: await cachePathFor(env) }),
    timeoutMs: CLI_TIMEOUT_MS,
    ...(settings.environment === undefined ? {} : { environment: settings.environment }),
  });
}

/**
 * The text for stderr: one readable line (two with a hint), never a stack trace. Errors of
 * our own modules carry messages written for people; anything else is shown by its
 * message only, since its stack means nothing to an operator.
 */
export function describeFailure(err: unknown, ctx?: CommandContext): string {
  let line: string;
  if (isCliError(err) || isPkiError(err) || isSimulatorError(err)) {
    line = err.message;
  } else if (isApiError(err) && err.code === "NOT_AUTHENTICATED") {
    // userMessage() points at the portal's connection page; the CLI's remedy is `auth`.
    line = 'Sectigo did not accept the access token (HTTP 401): run "sectigo auth" and retry.';
  } else if (isSectigoError(err)) {
    line = userMessage(err);
  } else if (err instanceof Error) {
    line = `unexpected error: ${firstLine(err.message) || err.name}`;
  } else {
    line = "unexpected error";
  }
  const hint = ctx && isSectigoError(err) && CONNECTION_CODES.has(err.code) ? endpointHint(ctx) : undefined;
  return hint ? `${line}\n${hint}` : line;
}

/** Failures that an unset endpoint or account can explain; a bad flag value cannot. */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  "NO_CREDENTIALS",
  "CREDENTIALS_MISMATCH",
  "INVALID_CREDENTIALS",
  "NOT_AUTHORIZED",
  "NOT_AUTHENTICATED",
  "MUST_USE_TLS_AUTH",
  "NETWORK",
  "TIMEOUT",
]);

function endpointHint(ctx: CommandContext): string | undefined {
  let settings: CliSettings;
  try {
    settings = resolveSettings(ctx.globals, ctx.env);
  } catch {
    return undefined;
  }
  if (!settings.defaultEndpoint || settings.username !== undefined) return undefined;
  return (
    `hint: SECTIGO_ENDPOINT is not set, so the tool talks to the real Sectigo (${DEFAULT_ENDPOINT}), and no account is set. ` +
    "Set SECTIGO_USERNAME and SECTIGO_PASSWORD, or run `sectigo serve` in another terminal and set " +
    "SECTIGO_ENDPOINT to the URL it prints."
  );
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0]?.trim() ?? "";
}
