/**
 * The Sectigo IoT Manager endpoints the client calls (docs/sectigo-protocol.md §2.1, A–Q), with
 * their method and path template. The simulator may route with the same table.
 *
 * Rule: path parameters are integers, checked and URL-encoded here, so a caller can never
 * smuggle "../" or a query string into a path. Paths are absolute: the path of a
 * configured base URL is ignored, as in the Go client.
 */
import { InvalidArgumentError } from "./errors";

export type HttpMethod = "GET" | "POST" | "PUT";

export interface EndpointDefinition {
  /** The letter of the endpoint in docs/sectigo-protocol.md §2.1. */
  letter: string;
  method: HttpMethod;
  template: string;
  /** Auth endpoints carry no bearer token and have their own status rules (docs/sectigo-protocol.md §3.1). */
  kind: "auth" | "api";
}

export const ENDPOINTS = {
  authenticate: { letter: "A", method: "POST", template: "/auth/pwd", kind: "auth" },
  refresh: { letter: "B", method: "POST", template: "/auth/refresh", kind: "auth" },
  userAuthorities: { letter: "C", method: "GET", template: "/api/v1/authorities/allowed", kind: "api" },
  authorityAvailableBalance: {
    letter: "D",
    method: "GET",
    template: "/api/v1/authorities/{authorityId}/balanceavailable",
    kind: "api",
  },
  createSingleCertBatch: {
    letter: "E",
    method: "PUT",
    template: "/api/v1/batches/createSingleCertBatch",
    kind: "api",
  },
  batchDetail: { letter: "F", method: "GET", template: "/api/v1/batches/{batchId}", kind: "api" },
  batchStatus: { letter: "G", method: "GET", template: "/api/v1/batches/{batchId}/status", kind: "api" },
  processingInfo: {
    letter: "H",
    method: "GET",
    template: "/api/v1/batches/{batchId}/processing_info",
    kind: "api",
  },
  download: { letter: "I", method: "GET", template: "/api/v1/batches/{batchId}/download", kind: "api" },
  uploadCsrBatch: { letter: "J", method: "POST", template: "/api/v1/batches/upload", kind: "api" },
  licensesUsed: { letter: "K", method: "GET", template: "/api/v1/devices", kind: "api" },
  profiles: { letter: "L", method: "GET", template: "/api/v1/profiles", kind: "api" },
  profileDetail: { letter: "M", method: "GET", template: "/api/v1/profiles/{profileId}", kind: "api" },
  profileParams: {
    letter: "N",
    method: "GET",
    template: "/api/v1/profiles/{profileId}/parameters",
    kind: "api",
  },
  organization: { letter: "O", method: "GET", template: "/api/v1/organizations/user", kind: "api" },
  findCertificate: { letter: "P", method: "POST", template: "/api/v1/certificates/find", kind: "api" },
  revokeCertificate: {
    letter: "Q",
    method: "POST",
    template: "/api/v1/certificates/{profileId}/revoke",
    kind: "api",
  },
} as const satisfies Record<string, EndpointDefinition>;

export type EndpointName = keyof typeof ENDPOINTS;

type ParamNames<T extends string> = T extends `${string}{${infer P}}${infer Rest}` ? P | ParamNames<Rest> : never;

/** The path parameter names of an endpoint, e.g. "batchId" for batchDetail. */
export type EndpointParams<N extends EndpointName> = ParamNames<(typeof ENDPOINTS)[N]["template"]>;

/** Endpoints without path parameters take no second argument; the others require theirs. */
export type EndpointPathArgs<N extends EndpointName> = [EndpointParams<N>] extends [never]
  ? []
  : [params: Record<EndpointParams<N>, number>];

export function endpointPath<N extends EndpointName>(name: N, ...args: EndpointPathArgs<N>): string {
  const def: EndpointDefinition = ENDPOINTS[name];
  const params = (args[0] ?? {}) as Record<string, number>;
  return def.template.replace(/\{(\w+)\}/g, (_match, param: string) => {
    const value = params[param];
    if (typeof value !== "number" || !Number.isSafeInteger(value)) {
      throw new InvalidArgumentError(`${name}: the ${param} must be an integer, not ${describe(value)}`);
    }
    return encodeURIComponent(String(value));
  });
}

/** Resolves a path against the base URL; the base's own path is ignored (docs/sectigo-protocol.md §1.1). */
export function endpointUrl(base: URL, path: string): URL {
  return new URL(path, base.origin);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "number") return String(value);
  return `a ${typeof value}`;
}
