/**
 * What the Sectigo connection page shows, gathered on the server: the state of the
 * connection from a live probe (connection-state.ts), the last successful contact, mode,
 * endpoint, the token the portal holds (a secondary fact, never the state; never a token),
 * authorities with their available balances, licences and the organization name.
 *
 * Rules: the page always renders. Every Sectigo call races one page deadline; a call that
 * fails leaves its part empty, and a balance that fails shows as unknown for that authority
 * only. Sentences are for staff: no stack, no secrets.
 */
import "server-only";
import { startDeadline } from "@/lib/http/deadline";
import type { SectigoConnection } from "@/lib/connection";
import { credentialsDebugLine, type SectigoClient } from "@/lib/sectigo";
import { notStartedState, probeState, type ConnectionState } from "./connection-state";
import { credentialsWords, relativeText, utcText, type CredentialsWords } from "./credentials-words";

export type ConnectionClient = Pick<
  SectigoClient,
  "userAuthorities" | "authorityAvailableBalance" | "licensesUsed" | "organization" | "credentialsState"
>;

export interface ConnectionSource {
  mode: SectigoConnection["mode"];
  endpoint: string;
  client: ConnectionClient;
  /** When Sectigo last answered any call with success; null: never. */
  lastContact?: () => Date | null;
}

export interface AuthorityRow {
  id: number;
  profileId: number;
  profileName: string;
  ecosystemName: string;
  enabled: boolean;
  /** balanceavailable; null when Sectigo did not say (shown as "unknown") */
  balance: number | null;
}

export interface ConnectionView {
  mode: SectigoConnection["mode"] | null;
  endpoint: string | null;
  /** what the probe found just now */
  state: ConnectionState;
  /** the last successful contact with Sectigo; null: never (or not known) */
  lastContact: { utc: string; relative: string } | null;
  /** the token the portal holds: a secondary fact */
  credentials: (CredentialsWords & { subject: string | null; debugLine: string }) | null;
  authorities: AuthorityRow[] | null;
  licenses: { ordered: number; issued: number } | null;
  organizationName: string | null;
}

export const PAGE_DEADLINE_MS = 8000;

function codeOf(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : "";
}

/** How long ago a past moment was; the probe's own answers can land in the same second. */
function agoText(past: Date, now: Date): string {
  return now.getTime() - past.getTime() < 1000 ? "just now" : relativeText(past, now);
}

export interface LoadOptions {
  deadlineMs?: number;
  now?: () => Date;
}

export async function loadConnectionView(
  source: () => Promise<ConnectionSource>,
  options: LoadOptions = {},
): Promise<ConnectionView> {
  const now = options.now ?? (() => new Date());
  let connection: ConnectionSource;
  try {
    connection = await source();
  } catch (err) {
    console.error(`connection page: the Sectigo connection is not available (${codeOf(err) || (err instanceof Error ? err.name : "error")})`);
    return {
      mode: null,
      endpoint: null,
      state: notStartedState(),
      lastContact: null,
      credentials: null,
      authorities: null,
      licenses: null,
      organizationName: null,
    };
  }
  const { client, endpoint } = connection;

  const deadlineMs = options.deadlineMs ?? PAGE_DEADLINE_MS;
  const deadline = startDeadline(deadlineMs);
  const settle = deadline.settle;

  try {
    const started = performance.now();
    const [authorities, licenses, organization] = await Promise.all([
      settle(() => client.userAuthorities()),
      settle(() => client.licensesUsed()),
      settle(() => client.organization()),
    ]);
    const probeMs = performance.now() - started;
    const balances = authorities.ok
      ? await Promise.all(authorities.value.map((a) => settle(() => client.authorityAvailableBalance(a.id))))
      : [];
    const tokens = await settle(() => client.credentialsState());

    const at = now();
    const contact = connection.lastContact?.() ?? null;
    return {
      mode: connection.mode,
      endpoint,
      state: probeState(
        [
          { what: "the authority list", result: authorities },
          { what: "the licence counts", result: licenses },
          { what: "the organization", result: organization },
        ],
        endpoint,
        probeMs,
        deadlineMs,
        connection.mode === "simulator" ? "SIMULATOR_USERNAME and SIMULATOR_PASSWORD" : "SECTIGO_USERNAME and SECTIGO_PASSWORD",
      ),
      lastContact: contact ? { utc: utcText(contact), relative: agoText(contact, at) } : null,
      credentials: tokens.ok
        ? {
            ...credentialsWords(tokens.value, at),
            subject: tokens.value.subject || null,
            debugLine: credentialsDebugLine(tokens.value, "UTC"),
          }
        : null,
      authorities: authorities.ok
        ? authorities.value.map((a, i) => {
            const balance = balances[i];
            return {
              id: a.id,
              profileId: a.profileId,
              profileName: a.profileName,
              ecosystemName: a.ecosystemName,
              enabled: a.enabled,
              balance: balance?.ok ? balance.value : null,
            };
          })
        : null,
      licenses: licenses.ok ? { ordered: licenses.value.ordered, issued: licenses.value.issued } : null,
      organizationName: organization.ok ? organization.value.organizationName : null,
    };
  } finally {
    deadline.cancel();
  }
}
