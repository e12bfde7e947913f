/**
 * The Sectigo calls of the dashboard, bounded: the dashboard is the landing page, so a slow
 * or absent Sectigo must cost it seconds, not the client's full timeout and retries. Each
 * call races DASHBOARD_DEADLINE_MS and fails with a Sectigo timeout error, which the domain
 * turns into the panel's notice; the local panels render regardless.
 */
import "server-only";
import { SectigoError, SectigoTimeoutError, type SectigoClient } from "@/lib/sectigo";

export const DASHBOARD_DEADLINE_MS = 6000;

export type DashboardCalls = Pick<SectigoClient, "licensesUsed" | "userAuthorities" | "authorityAvailableBalance">;

function race<T>(call: () => Promise<T>, what: string, deadline: Promise<never>): Promise<T> {
  return Promise.race([call(), deadline.catch(() => Promise.reject(new SectigoTimeoutError(what, DASHBOARD_DEADLINE_MS)))]);
}

/**
 * `connect` gives the shared client (sectigoConnection); when it cannot, every call fails
 * with a sentence saying so. One deadline covers the whole page, started here.
 */
export function boundedDashboardCalls(connect: () => Promise<{ client: DashboardCalls }>, deadlineMs = DASHBOARD_DEADLINE_MS): { calls: DashboardCalls; done: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("deadline")), deadlineMs);
  });
  deadline.catch(() => undefined);
  const client = connect().catch((err: unknown) => {
    console.error(`dashboard: the Sectigo connection is not available (${err instanceof Error ? err.name : "error"})`);
    throw new SectigoError("NETWORK", "The portal's connection to Sectigo has not started: see the server log, then restart the portal");
  });
  client.catch(() => undefined);
  const calls: DashboardCalls = {
    licensesUsed: () => race(async () => (await client).client.licensesUsed(), "the licence counts", deadline),
    userAuthorities: () => race(async () => (await client).client.userAuthorities(), "the authority list", deadline),
    authorityAvailableBalance: (id) => race(async () => (await client).client.authorityAvailableBalance(id), "an authority balance", deadline),
  };
  return { calls, done: () => clearTimeout(timer) };
}
