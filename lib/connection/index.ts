/**
 * The portal's one connection to Sectigo. When SECTIGO_ENDPOINT is unset the portal starts
 * its own simulator on loopback (the embedded default) and talks to it over real HTTP,
 * exactly as it would talk to Sectigo; the simulator lives and dies with the server.
 *
 * Memoized on globalThis as a promise, so that concurrent first requests and Next's module
 * re-evaluation share one client (and so one token refresh) and one simulator.
 *
 * Tokens live in the database (db/queries/sectigo-tokens.ts, encrypted with the data key),
 * keyed by endpoint and username, so a restart reuses a login while its tokens are valid.
 * The password stays in the environment; it is never stored.
 */
import "server-only";
import { getDb } from "@/db/client";
import { DbTokenStore } from "@/lib/connection/token-store";
import { lastSectigoContact, recordSectigoContact } from "@/db/queries/settings";
import { env, rawEnv } from "@/lib/env";
import { SectigoClient } from "@/lib/sectigo/client";
import { simulatorOptionsFromEnv } from "@/lib/simulator/options";
import { startSimulator, type RunningSimulator } from "@/lib/simulator/server";
import { contactRecorder, type ContactRecorder } from "./last-contact";

export interface SectigoConnection {
  mode: "simulator" | "live";
  endpoint: string;
  client: SectigoClient;
  simulator?: RunningSimulator;
  /** When Sectigo last answered a call with success (any call, any page); null: never. */
  lastContact: () => Date | null;
}

const holder = globalThis as unknown as { __sectigoConnection?: Promise<SectigoConnection> };

function recorderFor(endpoint: string): ContactRecorder {
  return contactRecorder({
    write: (at) => recordSectigoContact(getDb(), endpoint, at),
    read: () => lastSectigoContact(getDb(), endpoint),
  });
}

async function open(): Promise<SectigoConnection> {
  const config = env();
  if (!config.embeddedSimulator) {
    const endpoint = config.SECTIGO_ENDPOINT as string;
    const contact = recorderFor(endpoint);
    const client = new SectigoClient({
      endpoint,
      username: config.SECTIGO_USERNAME,
      password: config.SECTIGO_PASSWORD,
      ...(config.SECTIGO_TIMEOUT_MS ? { timeoutMs: config.SECTIGO_TIMEOUT_MS } : {}),
      tokenStore: new DbTokenStore(getDb, { endpoint, username: config.SECTIGO_USERNAME ?? "" }),
      onRequest: contact.onRequest,
    });
    return { mode: "live", endpoint, client, lastContact: contact.lastContact };
  }
  const options = simulatorOptionsFromEnv(rawEnv(), config.DATA_DIR);
  const simulator = await startSimulator({ ...options, host: "127.0.0.1", port: config.simulatorPort });
  const stop = () => void simulator.close();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  const contact = recorderFor(simulator.url);
  const client = new SectigoClient({
    endpoint: simulator.url,
    username: options.username,
    password: options.password,
    ...(config.SECTIGO_TIMEOUT_MS ? { timeoutMs: config.SECTIGO_TIMEOUT_MS } : {}),
    tokenStore: new DbTokenStore(getDb, { endpoint: simulator.url, username: options.username }),
    onRequest: contact.onRequest,
  });
  return { mode: "simulator", endpoint: simulator.url, client, simulator, lastContact: contact.lastContact };
}

/** The shared connection, started on first use (instrumentation.ts starts it at boot). */
export function sectigoConnection(): Promise<SectigoConnection> {
  if (!holder.__sectigoConnection) {
    holder.__sectigoConnection = open().catch((err: unknown) => {
      // A failed start (port taken, bad data folder) must not stick: the next request retries.
      holder.__sectigoConnection = undefined;
      throw err;
    });
  }
  return holder.__sectigoConnection;
}
