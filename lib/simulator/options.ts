/**
 * The simulator's settings: the options `startSimulator` takes, their defaults, and the
 * same settings read from the environment with a clear message per bad value.
 *
 * Rule: defaults follow the real service where it has one (token lifetimes 900 s and
 * 7200 s from the real fixture, docs/sectigo-protocol.md §3.2) and the Go testing mode otherwise
 * (`tester` / `supersecretsquirrel`).
 */
import "server-only";
import path from "node:path";
import { z } from "zod";
import { SimulatorError } from "./errors";

export type Pkcs12Format = "modern" | "legacy";
export type RsaKeyBits = 2048 | 3072 | 4096;

export interface SimulatorOptions {
  /** The data folder; the simulator keeps its CA and state in `<dataDir>/simulator/`. */
  dataDir: string;
  host?: "127.0.0.1";
  /** 0 picks a free port. Default 0. */
  port?: number;
  username: string;
  password: string;
  /** How long a batch stays PROCESSING before it is issued. Default 3000. */
  processingDelayMs?: number;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** PKCS#12 encryption of single-certificate downloads. Default "modern". */
  pkcs12Format?: Pkcs12Format;
  /** RSA size of server-generated leaf keys. Default 4096. */
  leafKeyBits?: RsaKeyBits;
  /**
   * RSA size of the root and issuing CA keys when they are first created. Default 4096;
   * tests may pass 2048 to save the key generation time. Existing CA files are reused as is.
   */
  caKeyBits?: RsaKeyBits;
  /** Base of the URLs put in certificates (CRL, AIA) and of the token issuer. Default: the bound URL. */
  publicUrl?: string;
  /** Serve `POST /__simulator/faults` and `GET /__simulator/stats`. Default false. */
  controlApi?: boolean;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface ResolvedOptions {
  dataDir: string;
  stateDir: string;
  host: "127.0.0.1";
  port: number;
  username: string;
  password: string;
  processingDelayMs: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  pkcs12Format: Pkcs12Format;
  leafKeyBits: RsaKeyBits;
  caKeyBits: RsaKeyBits;
  publicUrl: string | undefined;
  controlApi: boolean;
  now: () => Date;
  log: (line: string) => void;
}

export const DEFAULT_USERNAME = "tester";
export const DEFAULT_PASSWORD = "supersecretsquirrel";
export const DEFAULT_PROCESSING_DELAY_MS = 3000;
export const DEFAULT_ACCESS_TTL_SECONDS = 900;
export const DEFAULT_REFRESH_TTL_SECONDS = 7200;

const keyBits = [2048, 3072, 4096] as const;

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const problems: string[] = [];
  const intAtLeast = (name: string, value: number | undefined, min: number, fallback: number) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min) problems.push(`${name} must be an integer of at least ${min}`);
    return value;
  };
  if (!options.dataDir) problems.push("dataDir is required");
  if (!options.username || !options.password) problems.push("username and password are required");
  const port = intAtLeast("port", options.port, 0, 0);
  if (port > 65535) problems.push("port must be at most 65535");
  const resolved: ResolvedOptions = {
    dataDir: path.resolve(options.dataDir || "."),
    stateDir: path.join(path.resolve(options.dataDir || "."), "simulator"),
    host: options.host ?? "127.0.0.1",
    port,
    username: options.username,
    password: options.password,
    processingDelayMs: intAtLeast("processingDelayMs", options.processingDelayMs, 0, DEFAULT_PROCESSING_DELAY_MS),
    accessTokenTtlSeconds: intAtLeast("accessTokenTtlSeconds", options.accessTokenTtlSeconds, 1, DEFAULT_ACCESS_TTL_SECONDS),
    refreshTokenTtlSeconds: intAtLeast("refreshTokenTtlSeconds", options.refreshTokenTtlSeconds, 1, DEFAULT_REFRESH_TTL_SECONDS),
    pkcs12Format: options.pkcs12Format ?? "modern",
    leafKeyBits: options.leafKeyBits ?? 4096,
    caKeyBits: options.caKeyBits ?? 4096,
    publicUrl: options.publicUrl?.replace(/\/+$/, ""),
    controlApi: options.controlApi ?? false,
    now: options.now ?? (() => new Date()),
    log: options.log ?? (() => {}),
  };
  if (resolved.host !== "127.0.0.1") problems.push("host must be 127.0.0.1: the simulator only listens on loopback");
  if (!["modern", "legacy"].includes(resolved.pkcs12Format)) problems.push('pkcs12Format must be "modern" or "legacy"');
  if (!(keyBits as readonly number[]).includes(resolved.leafKeyBits)) problems.push("leafKeyBits must be 2048, 3072 or 4096");
  if (!(keyBits as readonly number[]).includes(resolved.caKeyBits)) problems.push("caKeyBits must be 2048, 3072 or 4096");
  if (resolved.publicUrl !== undefined && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(resolved.publicUrl)) {
    problems.push("publicUrl must be an http(s) URL such as http://127.0.0.1:8831");
  }
  if (problems.length > 0) {
    throw new SimulatorError("INVALID_OPTIONS", 500, `Invalid simulator options: ${problems.join("; ")}.`);
  }
  return resolved;
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

function intSetting(min: number, message: string) {
  return z.preprocess(
    blankToUndefined,
    z.coerce.number({ message }).int({ message }).min(min, { message }).optional(),
  );
}

const envSchema = z.object({
  // The account the simulator accepts. Its own names, not SECTIGO_USERNAME/PASSWORD: those
  // are the real Sectigo account, and a portal given them without an endpoint refuses to
  // start rather than fall back to the simulator (lib/env.ts).
  SIMULATOR_USERNAME: z.preprocess(blankToUndefined, z.string().optional()),
  SIMULATOR_PASSWORD: z.preprocess(blankToUndefined, z.string().optional()),
  SIMULATOR_PROCESSING_DELAY_MS: intSetting(0, "must be a whole number of milliseconds, 0 or more"),
  SIMULATOR_ACCESS_TTL_SECONDS: intSetting(1, "must be a whole number of seconds, 1 or more"),
  SIMULATOR_REFRESH_TTL_SECONDS: intSetting(1, "must be a whole number of seconds, 1 or more"),
  SIMULATOR_PKCS12_FORMAT: z.preprocess(
    (v) => (typeof v === "string" ? blankToUndefined(v.trim().toLowerCase()) : v),
    z.enum(["modern", "legacy"], { message: 'must be "modern" or "legacy"' }).optional(),
  ),
  SIMULATOR_LEAF_KEY_BITS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number()
      .refine((n): n is RsaKeyBits => (keyBits as readonly number[]).includes(n), { message: "must be 2048, 3072 or 4096" })
      .optional(),
  ),
  // The test control API (fault injection, counters). For end-to-end tests only: it lets
  // anyone on loopback make the simulator fail.
  SIMULATOR_CONTROL_API: z.preprocess(
    (v) => (typeof v === "string" ? blankToUndefined(v.trim().toLowerCase()) : v),
    z.enum(["0", "1", "true", "false"], { message: 'must be "1" or "0"' }).optional(),
  ),
  SIMULATOR_PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as http://127.0.0.1:8831" }).optional(),
  ),
});

/**
 * Simulator options from the SIMULATOR_* variables (see .env.example), keeping its files
 * under `dataDir` (the portal's or the CLI's data folder). Throws a SimulatorError naming
 * every bad variable; host and port are the caller's to set.
 */
export function simulatorOptionsFromEnv(vars: Readonly<Record<string, string | undefined>>, dataDir: string): SimulatorOptions {
  const result = envSchema.safeParse(vars);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new SimulatorError("INVALID_OPTIONS", 500, `Invalid simulator configuration: ${lines.join("; ")}.`);
  }
  const e = result.data;
  return {
    dataDir: path.resolve(dataDir),
    username: e.SIMULATOR_USERNAME ?? DEFAULT_USERNAME,
    password: e.SIMULATOR_PASSWORD ?? DEFAULT_PASSWORD,
    processingDelayMs: e.SIMULATOR_PROCESSING_DELAY_MS ?? DEFAULT_PROCESSING_DELAY_MS,
    accessTokenTtlSeconds: e.SIMULATOR_ACCESS_TTL_SECONDS ?? DEFAULT_ACCESS_TTL_SECONDS,
    refreshTokenTtlSeconds: e.SIMULATOR_REFRESH_TTL_SECONDS ?? DEFAULT_REFRESH_TTL_SECONDS,
    pkcs12Format: e.SIMULATOR_PKCS12_FORMAT ?? "modern",
    leafKeyBits: e.SIMULATOR_LEAF_KEY_BITS ?? 4096,
    ...(e.SIMULATOR_PUBLIC_URL ? { publicUrl: e.SIMULATOR_PUBLIC_URL } : {}),
    ...(e.SIMULATOR_CONTROL_API === "1" || e.SIMULATOR_CONTROL_API === "true" ? { controlApi: true } : {}),
  };
}
