/**
 * What the Sectigo connection page shows, gathered on the server: mode, endpoint, the
 * credentials state (never a token), authorities with their available balances, licences
 * and the organization name.
 *
 * Rules: the page always renders. Every Sectigo call races one page deadline; a call that
 * fails leaves its part empty with a notice, and a balance that fails shows as unknown for
 * that authority only. Notices are sentences for staff: no stack, no secrets.
 */
import "server-only";
import { startDeadline } from "@/lib/http/deadline";
import type { SectigoConnection } from "@/lib/connection";
import { credentialsDebugLine, userMessage, type SectigoClient } from "@/lib/sectigo";
import { credentialsWords, type CredentialsWords } from "./credentials-words";

export type ConnectionClient = Pick<
  SectigoClient,
  "userAuthorities" | "authorityAvailableBalance" | "licensesUsed" | "organization" | "credentialsState"
>;

export interface ConnectionSource {
  mode: SectigoConnection["mode"];
  endpoint: string;
  client: ConnectionClient;
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
  credentials: (CredentialsWords & { subject: string | null; debugLine: string }) | null;
  authorities: AuthorityRow[] | null;
  licenses: { ordered: number; issued: number } | null;
  organizationName: string | null;
  /** the one notice about reaching Sectigo, or null */
  problem: string | null;
}

export const PAGE_DEADLINE_MS = 8000;

/** Errors that mean Sectigo did not answer usefully, rather than refused. */
const UNREACHABLE = new Set(["DEADLINE", "TIMEOUT", "NETWORK", "UPSTREAM", "BAD_RESPONSE", "RATE_LIMITED"]);

function codeOf(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : "";
}

export function unreachableNotice(endpoint: string): string {
  return `Sectigo could not be reached at ${endpoint} — the portal keeps working with its local data; try again later.`;
}

function problemFor(err: unknown, endpoint: string): string {
  return UNREACHABLE.has(codeOf(err)) ? unreachableNotice(endpoint) : userMessage(err);
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
      credentials: null,
      authorities: null,
      licenses: null,
      organizationName: null,
      problem: "The portal's connection to Sectigo has not started; see the server log, then restart the portal.",
    };
  }
  const { client, endpoint } = connection;

  const deadline = startDeadline(options.deadlineMs ?? PAGE_DEADLINE_MS);
  const settle = deadline.settle;

  try {
    const [authorities, licenses, organization] = await Promise.all([
      settle(() => client.userAuthorities()),
      settle(() => client.licensesUsed()),
      settle(() => client.organization()),
    ]);
    const balances = authorities.ok
      ? await Promise.all(authorities.value.map((a) => settle(() => client.authorityAvailableBalance(a.id))))
      : [];
    const state = await settle(() => client.credentialsState());

    const failure = [authorities, licenses, organization].find((r): r is { ok: false; error: unknown } => !r.ok);
    const at = now();
    return {
      mode: connection.mode,
      endpoint,
      credentials: state.ok
        ? {
            ...credentialsWords(state.value, at),
            subject: state.value.subject || null,
            debugLine: credentialsDebugLine(state.value, "UTC"),
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
      problem: failure ? problemFor(failure.error, endpoint) : null,
    };
  } finally {
    deadline.cancel();
  }
}
