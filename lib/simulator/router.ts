/**
 * Route table and dispatch. Each route names its endpoint as "METHOD /path/{param}", the
 * key under which `stats().calls` counts it and by which a fault can target it.
 *
 * Bearer rule (docs/sectigo-protocol.md §6.2, with the real service's codes): a missing or malformed
 * `Authorization: Bearer <token>` is 403; a token that is bad, expired, or a refresh token
 * is 401.
 */
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimulatorCore } from "./core";
import { SimulatorError } from "./errors";

export interface HandlerContext {
  core: SimulatorCore;
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  path: string;
}

export type Handler = (ctx: HandlerContext) => Promise<void> | void;

export interface RouteDefinition {
  method: "GET" | "POST" | "PUT" | "DELETE";
  pattern: string;
  auth: "bearer" | "none";
  handler: Handler;
}

interface CompiledRoute extends RouteDefinition {
  endpoint: string;
  regex: RegExp;
  names: string[];
}

export type RouteMatch =
  | { kind: "route"; route: CompiledRoute; params: Record<string, string> }
  | { kind: "method"; allowed: string[] }
  | { kind: "none" };

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(definitions: RouteDefinition[]) {
    this.routes = definitions.map((d) => {
      const names: string[] = [];
      const source = d.pattern.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      return { ...d, endpoint: `${d.method} ${d.pattern}`, regex: new RegExp(`^${source}$`), names };
    });
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] ?? "");
      });
      return { kind: "route", route, params };
    }
    return allowed.length > 0 ? { kind: "method", allowed } : { kind: "none" };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Throws the 403/401 of the bearer rule unless the request carries a valid access token. */
export function requireAccessToken(core: SimulatorCore, req: IncomingMessage): void {
  const header = req.headers.authorization ?? "";
  const parts = header.split(" ");
  if (parts.length !== 2 || parts[0] !== "Bearer" || !parts[1]) {
    throw new SimulatorError(
      "AUTHENTICATION_REQUIRED",
      403,
      "Authentication required: send the access token from /auth/pwd as `Authorization: Bearer <token>`.",
    );
  }
  const check = core.tokens.check(parts[1], "access");
  if (check.ok) return;
  const message =
    check.reason === "EXPIRED"
      ? "The access token has expired; refresh it at /auth/refresh or log in again at /auth/pwd."
      : check.reason === "WRONG_KIND"
        ? "A refresh token cannot be used as a bearer token; send the access token."
        : "The access token is not valid; log in again at /auth/pwd.";
  throw new SimulatorError("INVALID_TOKEN", 401, message);
}
