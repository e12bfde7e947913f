/**
 * The state of the connection to Sectigo, as the page's live probe found it just now:
 * reachable, slow, unreachable (the host named), credentials refused, or answering with
 * errors. Only what the probe saw: a token the portal holds says nothing about whether
 * Sectigo answers, so it never decides the state.
 *
 * Pure: the page's loader settles the probe's calls and hands their results here.
 */
import type { Settled } from "@/lib/http/deadline";
import { isSectigoError } from "@/lib/sectigo/errors";
import { sectigoFailureMessage } from "@/lib/sectigo/user-message";

export type ConnectionStateKind = "reachable" | "slow" | "unreachable" | "refused" | "failing" | "not-started";

export interface ConnectionState {
  kind: ConnectionStateKind;
  /** the badge: "Reachable", "Unreachable", … */
  label: string;
  /** one or two sentences for staff: what the probe saw and what to do */
  sentence: string;
  /** how long the probe took, in ms; null when it did not run */
  probeMs: number | null;
}

/** Above this, a probe that got every answer still reads as slow. */
export const SLOW_AFTER_MS = 3000;

export const STATE_LABELS: Record<ConnectionStateKind, string> = {
  reachable: "Reachable",
  slow: "Slow",
  unreachable: "Unreachable",
  refused: "Credentials refused",
  failing: "Answering with errors",
  "not-started": "Not started",
};

/** Errors that say the login itself was refused: no call can work until the account is fixed. */
const LOGIN_REFUSED = new Set([
  "INVALID_CREDENTIALS",
  "NOT_AUTHENTICATED",
  "NO_CREDENTIALS",
  "CREDENTIALS_MISMATCH",
  "MUST_USE_TLS_AUTH",
  "TOKENS_EXPIRED",
]);

/** No answer: nothing came back at all, or not in time. */
const NO_ANSWER = new Set(["NETWORK", "TIMEOUT", "DEADLINE"]);

export interface ProbePart {
  /** "the authority list", "the licence counts", … */
  what: string;
  result: Settled<unknown>;
}

function codeOf(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : "";
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** host[:port] of the endpoint, as a person would name it. */
export function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

function isRefusal(err: unknown): boolean {
  const code = codeOf(err);
  if (LOGIN_REFUSED.has(code)) return true;
  // A 403 at login (nothing sent): the account may not log in at all. A 403 on one /api
  // call is that call's refusal, shown as an error of Sectigo's instead.
  return code === "NOT_AUTHORIZED" && isSectigoError(err) && err.reached === "not-sent";
}

function refusedSentence(err: unknown, host: string, account: string): string {
  const code = codeOf(err);
  const what =
    code === "NOT_AUTHENTICATED"
      ? "refused the portal's credentials even after a fresh login (HTTP 401)"
      : code === "INVALID_CREDENTIALS"
        ? "refused the portal's username and password (HTTP 401)"
        : code === "NOT_AUTHORIZED"
          ? "does not allow the portal's account to log in (HTTP 403)"
          : code === "MUST_USE_TLS_AUTH"
            ? "wants a TLS client certificate for this account, which the portal does not use"
            : "cannot be logged in to with the portal's settings";
  return `Sectigo at ${host} answers, but ${what}. No call to Sectigo can work until an administrator fixes ${account}.`;
}

function noAnswerSentence(err: unknown, host: string, deadlineMs: number): string {
  if (codeOf(err) === "NETWORK") return sectigoFailureMessage(err, { operation: "read" });
  const ms = codeOf(err) === "TIMEOUT" ? ((err as { timeoutMs?: number }).timeoutMs ?? deadlineMs) : deadlineMs;
  return `Sectigo at ${host} did not answer within ${seconds(ms)}; the portal could not reach it just now. Try again in a moment; if it lasts, check the network and Sectigo's status.`;
}

/**
 * The state from the probe's parts (each settled within the page deadline) and how long
 * they took together.
 */
export function probeState(
  parts: ProbePart[],
  endpoint: string,
  probeMs: number,
  deadlineMs: number,
  /** the settings that hold the account: the embedded simulator has its own */
  account = "SECTIGO_USERNAME and SECTIGO_PASSWORD",
): ConnectionState {
  const host = hostOf(endpoint);
  const state = (kind: ConnectionStateKind, sentence: string): ConnectionState => ({ kind, label: STATE_LABELS[kind], sentence, probeMs });
  const failed = parts.filter((p): p is ProbePart & { result: { ok: false; error: unknown } } => !p.result.ok);
  const answered = parts.length - failed.length;

  if (failed.length === 0) {
    return probeMs > SLOW_AFTER_MS
      ? state("slow", `Sectigo at ${host} answered, but slowly: it took ${seconds(probeMs)}. Pages that ask Sectigo may be slow or give up.`)
      : state("reachable", `Sectigo at ${host} answered just now, in ${seconds(probeMs)}.`);
  }
  const refused = failed.find((p) => isRefusal(p.result.error));
  if (refused) return state("refused", refusedSentence(refused.result.error, host, account));

  const errored = failed.find((p) => !NO_ANSWER.has(codeOf(p.result.error)));
  if (errored) {
    return state("failing", `${sectigoFailureMessage(errored.result.error, { operation: "read" })} (Asked for ${errored.what} at ${host}.)`);
  }
  const silent = failed[0]!;
  if (answered > 0) {
    const missing = failed.map((p) => p.what).join(" and ");
    return state(
      "slow",
      `Sectigo at ${host} answered part of what the page asked, but ${missing} did not come back within ${seconds(deadlineMs)}. Pages that ask Sectigo may be slow or give up.`,
    );
  }
  return state("unreachable", noAnswerSentence(silent.result.error, host, deadlineMs));
}

export function notStartedState(): ConnectionState {
  return {
    kind: "not-started",
    label: STATE_LABELS["not-started"],
    sentence: "The portal's connection to Sectigo has not started; see the server log, then restart the portal.",
    probeMs: null,
  };
}
