/**
 * Starts the simulator: a node:http server on loopback speaking the Sectigo protocol of
 * docs/sectigo-protocol.md, backed by the local CA and the persistent state in `<dataDir>/simulator/`.
 *
 * Rules: one log line per request (method, path, status, ms) through `options.log` only —
 * never headers, tokens or bodies; faults apply before authentication, as a flaky proxy in
 * front of the real service would; `close()` stops the batch timer, ends every open
 * connection (a `timeout` fault included) and waits for the last state write.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { BatchEngine } from "./batches";
import { loadOrCreateCa } from "./ca";
import { startingBalances } from "./catalog";
import { CrlService, type SimulatorCore } from "./core";
import { isSimulatorError, SimulatorError } from "./errors";
import { applyFault } from "./fault-replies";
import { FaultController } from "./faults";
import { ensurePrivateDir, readTextIfExists, writeFileAtomic } from "./files";
import { sendError } from "./http";
import { acquireDirLock } from "./lock";
import { resolveOptions, type ResolvedOptions, type SimulatorOptions } from "./options";
import { requireAccessToken, Router, type RouteMatch } from "./router";
import { CONTROL_PREFIX, controlRoutes, sectigoRoutes } from "./routes";
import { StatsRecorder, type SimulatorStats } from "./stats";
import { StateStore } from "./store";
import { TokenService } from "./tokens";

export interface RunningSimulator {
  /** Base URL the simulator listens on, e.g. http://127.0.0.1:8831 (no trailing slash). */
  url: string;
  close(): Promise<void>;
  faults: FaultController;
  /** PEM of the root and issuing CA certificates, to verify what the simulator issues. */
  caChainPem(): { root: string; issuing: string };
  stats(): SimulatorStats;
  resetStats(): void;
  /** Issues every batch that is due now (for tests that drive an injected clock). */
  runDueBatches(): Promise<void>;
}

async function loadOrCreateSecret(file: string): Promise<Buffer> {
  const text = await readTextIfExists(file);
  const existing = text === undefined ? undefined : Buffer.from(text.trim(), "base64");
  if (existing && existing.length >= 32) return existing;
  const secret = randomBytes(64);
  await writeFileAtomic(file, secret.toString("base64"), 0o600);
  return secret;
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://simulator.invalid").pathname;
  } catch {
    return "/";
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => {
      const why = err.code === "EADDRINUSE" ? `port ${port} is already in use` : (err.code ?? err.message);
      reject(new SimulatorError("LISTEN_FAILED", 500, `The simulator cannot listen on ${host}:${port}: ${why}. Choose another port (SIMULATOR_PORT) or stop the other process.`));
    };
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts a simulator on loopback with its CA and state in `<dataDir>/simulator/`, creating
 * them on first use. Throws SimulatorError (INVALID_OPTIONS, DATA_DIR_IN_USE, LISTEN_FAILED,
 * CA_INCONSISTENT, STATE_CORRUPT) with a message that says what to do.
 */
export async function startSimulator(input: SimulatorOptions): Promise<RunningSimulator> {
  const options = resolveOptions(input);
  await ensurePrivateDir(options.stateDir);
  const release = await acquireDirLock(options.stateDir);
  try {
    return await start(options, release);
  } catch (err) {
    await release();
    throw err;
  }
}

async function start(options: ResolvedOptions, release: () => Promise<void>): Promise<RunningSimulator> {
  const secret = await loadOrCreateSecret(path.join(options.stateDir, "jwt-secret"));
  const ca = await loadOrCreateCa(options.stateDir, options.caKeyBits, options.now());
  const store = await StateStore.open(path.join(options.stateDir, "state.json"), startingBalances());

  let boundUrl = "";
  const publicUrl = () => options.publicUrl ?? boundUrl;
  const core: SimulatorCore = {
    options,
    store,
    ca,
    tokens: new TokenService({
      secret,
      issuer: () => `${publicUrl()}/`,
      accessTtlSeconds: options.accessTokenTtlSeconds,
      refreshTtlSeconds: options.refreshTokenTtlSeconds,
      now: options.now,
    }),
    engine: new BatchEngine(store, ca, options, publicUrl),
    faults: new FaultController(),
    crl: new CrlService(store, ca, options.now),
    stats: new StatsRecorder(),
    publicUrl,
    startedAt: new Date(),
  };
  const router = new Router(sectigoRoutes());
  const control = new Router(options.controlApi ? controlRoutes() : []);
  let closing = false;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const method = req.method ?? "GET";
    const pathname = pathOf(req.url);
    const isControl = pathname.startsWith(CONTROL_PREFIX);
    const match: RouteMatch = (isControl ? control : router).match(method, pathname);
    const endpoint = match.kind === "route" ? match.route.endpoint : `${method} ${pathname}`;
    res.once("close", () => {
      const status = res.writableFinished ? res.statusCode : 0;
      const ms = Math.round(performance.now() - started);
      if (!isControl) core.stats.record({ method, path: pathname, endpoint, status, ms });
      options.log(`${method} ${pathname} ${status || "aborted"} ${ms}ms`);
    });
    if (!isControl) core.stats.count(endpoint);
    const now = options.now();
    if (closing) return sendError(res, new SimulatorError("INTERNAL", 503, "The simulator is stopping."), now);

    if (!isControl) {
      const taken = core.faults.take(method, pathname, endpoint);
      if (taken.latencyMs > 0) await new Promise((r) => setTimeout(r, taken.latencyMs).unref());
      if (closing) return void req.socket.destroy();
      if (taken.fault) return applyFault(taken.fault, req, res, now);
    }

    try {
      if (match.kind === "none") throw new SimulatorError("NOT_FOUND", 404, `No such resource: ${method} ${pathname}.`);
      if (match.kind === "method") {
        const err = new SimulatorError("METHOD_NOT_ALLOWED", 405, `${method} is not allowed here; use ${match.allowed.join(" or ")}.`);
        return sendError(res, err, now, { Allow: match.allowed.join(", ") });
      }
      if (match.route.auth === "bearer") requireAccessToken(core, req);
      await match.route.handler({ core, req, res, params: match.params, path: pathname });
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      if (isSimulatorError(err)) {
        return sendError(res, err, options.now());
      }
      options.log(`simulator: internal error on ${method} ${pathname}: ${err instanceof Error ? err.message : String(err)}`);
      sendError(res, new SimulatorError("INTERNAL", 500, "The simulator failed to handle this request; see its log."), options.now());
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Last resort: a failure outside the handler's own try (e.g. while applying a fault)
      // must not become an unhandled rejection that takes the portal down with it.
      options.log(`simulator: request failed: ${err instanceof Error ? err.message : String(err)}`);
      res.destroy();
    });
  });
  const port = await listen(server, options.host, options.port);
  boundUrl = `http://${options.host}:${port}`;
  try {
    await core.crl.get();
  } catch (err) {
    server.close();
    throw err;
  }
  core.engine.start();

  let closed: Promise<void> | undefined;
  return {
    url: boundUrl,
    faults: core.faults,
    caChainPem: () => ({ root: ca.root.pem, issuing: ca.issuing.pem }),
    stats: () => core.stats.snapshot(store.state),
    resetStats: () => core.stats.reset(),
    runDueBatches: () => core.engine.runDue(),
    close() {
      closed ??= (async () => {
        closing = true;
        await core.engine.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await store.idle();
        await release();
      })();
      return closed;
    },
  };
}
