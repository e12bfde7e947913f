/**
 * A tiny programmable Sectigo for the client's unit tests (not the simulator): it listens
 * on 127.0.0.1:0, records every request with its raw body, counts calls per endpoint, and
 * answers with per-endpoint handlers that default to the success path. Tokens are unsigned
 * JWTs whose times follow an injected clock.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ENDPOINTS, type EndpointName } from "../endpoints";
import { SECTIGO_JSON } from "../schemas";

export interface RecordedRequest {
  endpoint: EndpointName | "unknown";
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON with the exact Sectigo content type unless headers say otherwise. */
  body?: string | Buffer | object | number | null;
}

/** `"hang"` never answers (for timeouts). */
export type Handler = (req: RecordedRequest, call: number) => Reply | "hang" | Promise<Reply | "hang">;

export function jwt(claims: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${enc({ alg: "HS512" })}.${enc(claims)}.c2lnbmF0dXJlLW5ldmVyLWNoZWNrZWQ`;
}

export interface PairOptions {
  accessTtl?: number;
  refreshTtl?: number;
  subject?: string;
  refreshNbf?: number;
  /** Distinguishes successive pairs in assertions. */
  id?: string;
}

/** A token pair shaped like real Sectigo's (docs/sectigo-protocol.md §3.2): 900 s access, 7200 s refresh, no nbf. */
export function tokenPair(now: Date, options: PairOptions = {}): { accessToken: string; refreshToken: string } {
  const iat = Math.floor(now.getTime() / 1000);
  const sub = options.subject ?? "/account/42/user/42";
  const base = { sub, iss: "https://iot.sectigo.com/", iat, "first-login": false, jti: options.id ?? "t" };
  return {
    accessToken: jwt({ ...base, scopes: ["ROLE_USER"], exp: iat + (options.accessTtl ?? 900) }),
    refreshToken: jwt({
      ...base,
      scopes: ["ROLE_REFRESH_TOKEN"],
      exp: iat + (options.refreshTtl ?? 7200),
      ...(options.refreshNbf === undefined ? {} : { nbf: options.refreshNbf }),
    }),
  };
}

export const SAMPLE_BATCH = {
  batchId: 42,
  orderNumber: 23,
  creationDate: "2020-12-10T16:35:32.805+0000",
  profile: "CipherTrace EE",
  size: 1,
  status: "CREATED",
  active: false,
  batchName: "trisa.directory-certreq-1",
  rejectReason: "",
  generatorParametersValues: null,
  userId: 10,
  downloadable: true,
  rejectable: true,
};

export const SAMPLE_AUTHORITY = {
  id: 423,
  ecosystemId: 21,
  signerCertificateId: 0,
  ecosystemName: "Staging",
  balance: 100,
  enabled: true,
  profileId: 17,
  profileName: "CipherTrace EE_#17",
};

export class MutableClock {
  constructor(public current: Date = new Date("2024-05-01T15:00:00Z")) {}
  now = (): Date => new Date(this.current);
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

const ROUTES = (Object.keys(ENDPOINTS) as EndpointName[]).map((name) => {
  const def = ENDPOINTS[name];
  const pattern = new RegExp(`^${def.template.replace(/\{\w+\}/g, "[^/]+")}$`);
  return { name, method: def.method as string, pattern };
});

export class FakeSectigo {
  readonly requests: RecordedRequest[] = [];
  readonly clock: MutableClock;
  private readonly handlers = new Map<EndpointName, Handler>();
  private pairCount = 0;
  private server: Server | undefined;
  url = "";

  constructor(clock: MutableClock = new MutableClock()) {
    this.clock = clock;
    this.handlers.set("authenticate", () => ({ body: this.newPair() }));
    this.handlers.set("refresh", () => ({ body: this.newPair() }));
    this.handlers.set("userAuthorities", () => ({ body: [SAMPLE_AUTHORITY] }));
    this.handlers.set("authorityAvailableBalance", () => ({ body: 100 }));
    this.handlers.set("createSingleCertBatch", () => ({ status: 201, body: SAMPLE_BATCH }));
    this.handlers.set("batchDetail", () => ({ body: SAMPLE_BATCH }));
    this.handlers.set("batchStatus", () => ({ headers: { "Content-Type": "text/plain" }, body: "Ready for download" }));
    this.handlers.set("processingInfo", () => ({ body: { active: 0, success: 1, failed: 0 } }));
    this.handlers.set("download", () => ({
      headers: { "Content-Type": "application/zip", "Content-Disposition": "attachment; filename=certificate.zip" },
      body: Buffer.from("PK\u0003\u0004zip-bytes"),
    }));
    this.handlers.set("uploadCsrBatch", () => ({ body: { ...SAMPLE_BATCH, status: "completed" } }));
    this.handlers.set("licensesUsed", () => ({ body: { ordered: 10, issued: 3 } }));
    this.handlers.set("profiles", () => ({ body: [{ profileId: 17, algorithms: ["RSA4096"], ca: "sectigo" }] }));
    this.handlers.set("profileDetail", () => ({
      body: { profileName: "CipherTrace EE", profileId: 17, rawProfileConfig: "", name: "CipherTrace EE", keyAlgorithmInfo: "RSA" },
    }));
    this.handlers.set("profileParams", () => ({ body: [] }));
    this.handlers.set("organization", () => ({
      body: {
        organizationId: 42,
        organizationName: "foo.io",
        address: "",
        primaryContactName: "",
        primaryContactEmail: "",
        primaryContactPhone: "",
        manufactureId: "",
        logo: "",
        authorities: [SAMPLE_AUTHORITY],
        ecosystemId: 21,
        organizationParameters: {},
        orgStatus: "ACTIVE",
      },
    }));
    this.handlers.set("findCertificate", (req) => {
      const query = JSON.parse(req.body.toString("utf8")) as Record<string, string>;
      return {
        body: {
          totalCount: 1,
          items: [{ deviceId: "42", commonName: query.commonName ?? "", serialNumber: query.serialNumber ?? "", creationDate: "now", status: "valid" }],
        },
      };
    });
    this.handlers.set("revokeCertificate", () => ({ body: null }));
  }

  /** A fresh token pair at the clock's time; each pair is distinct. */
  newPair(options: PairOptions = {}): { accessToken: string; refreshToken: string } {
    this.pairCount++;
    return tokenPair(this.clock.now(), { id: `pair-${this.pairCount}`, ...options });
  }

  on(endpoint: EndpointName, handler: Handler): this {
    this.handlers.set(endpoint, handler);
    return this;
  }

  count(endpoint: EndpointName | "unknown"): number {
    return this.requests.filter((r) => r.endpoint === endpoint).length;
  }

  counts(): Partial<Record<EndpointName | "unknown", number>> {
    const out: Partial<Record<EndpointName | "unknown", number>> = {};
    for (const r of this.requests) out[r.endpoint] = (out[r.endpoint] ?? 0) + 1;
    return out;
  }

  last(endpoint: EndpointName): RecordedRequest {
    const found = this.requests.filter((r) => r.endpoint === endpoint).at(-1);
    if (found === undefined) throw new Error(`no ${endpoint} request was made`);
    return found;
  }

  reset(): void {
    this.requests.length = 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const path = (req.url ?? "/").split("?")[0] ?? "/";
        const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(path));
        const recorded: RecordedRequest = {
          endpoint: route?.name ?? "unknown",
          method: req.method ?? "",
          path,
          headers: req.headers,
          body: Buffer.concat(chunks),
        };
        this.requests.push(recorded);
        const handler = route === undefined ? undefined : this.handlers.get(route.name);
        if (handler === undefined) {
          send(res, { status: 404, headers: { "Content-Type": "text/plain" }, body: "no such route" });
          return;
        }
        Promise.resolve(handler(recorded, this.count(recorded.endpoint))).then(
          (reply) => {
            if (reply !== "hang") send(res, reply);
          },
          () => send(res, { status: 500, body: "handler failed" }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body: Buffer;
  if (Buffer.isBuffer(reply.body)) body = reply.body;
  else if (typeof reply.body === "string") body = Buffer.from(reply.body);
  else if (reply.body === undefined) body = Buffer.alloc(0);
  else {
    body = Buffer.from(JSON.stringify(reply.body));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = SECTIGO_JSON;
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

/** A port on which nothing listens: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
