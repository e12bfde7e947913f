/**
 * The words a page shows when a Sectigo call fails: what happened, for the operation the
 * person asked for, and what to do next. No stack, no secrets.
 *
 * Rules to keep:
 * - Whether Sectigo acted comes from the error's `reached` (set by the transport), never
 *   from a guess: "not-sent" says nothing was sent, "no-answer" says the outcome is
 *   unknown and names the way to settle it, "answered" says Sectigo refused.
 * - "Try again" is offered only where trying again cannot make a duplicate: reads and
 *   downloads always; create and upload only when nothing was sent or Sectigo refused;
 *   revoke whenever Sectigo did not carry it out (a repeated revoke is harmless).
 * - Errors that are not the client's own get a generic sentence: their text is unknown and
 *   could hold anything.
 */
import { isApiError, isSectigoError, sentence, cleanSectigoText, type SectigoError } from "./errors";

/** What the person asked Sectigo for. */
export type SectigoOperation =
  | "create" // a single-certificate batch
  | "upload" // a CSR batch
  | "batch-check" // batch status, detail, processing info
  | "download" // the batch ZIP
  | "revoke"
  | "find" // Ask Sectigo / check with Sectigo
  | "read" // authorities, balances, profiles, licences, organization
  | "login"; // re-authenticate

export interface FailureContext {
  operation: SectigoOperation;
  /** What Sectigo would not know on a 404: "serial 0A1B…", "batch 10042", "profile 17". */
  subject?: string;
}

interface OperationWords {
  /** "the new batch was created" — for "nothing was sent, so …" */
  notDone: string;
  /** "Sectigo created the batch" — for "whether … is unknown"; only operations with an outcome to settle */
  whether?: string;
  /** what settles an unknown outcome */
  settle: string;
  /** may the person simply try again when the outcome is unknown? */
  retryWhenUnknown: boolean;
}

const WORDS: Record<SectigoOperation, OperationWords> = {
  create: {
    notDone: "no batch was created",
    whether: "Sectigo created the batch",
    settle:
      'The batch is marked "unknown" on its page: settle it there (Sectigo created it, or did not) before creating it again.',
    retryWhenUnknown: false,
  },
  upload: {
    notDone: "no batch was created",
    whether: "Sectigo created the batch",
    settle:
      'The batch is marked "unknown" on its page: settle it there (Sectigo created it, or did not) before uploading the CSRs again.',
    retryWhenUnknown: false,
  },
  "batch-check": {
    notDone: "the batch was not checked",
    settle: "The portal checks the batch again by itself; you can also use Check now.",
    retryWhenUnknown: true,
  },
  download: {
    notDone: "nothing was downloaded",
    settle: "Try the download again in a moment.",
    retryWhenUnknown: true,
  },
  revoke: {
    notDone: "nothing was revoked",
    whether: "the certificate was revoked",
    settle: 'Use "Check with Sectigo" on the certificate\'s page to settle it before revoking again.',
    retryWhenUnknown: false,
  },
  find: {
    notDone: "Sectigo was not asked",
    settle: "Try again in a moment.",
    retryWhenUnknown: true,
  },
  read: {
    notDone: "nothing was read",
    settle: "Try again in a moment.",
    retryWhenUnknown: true,
  },
  login: {
    notDone: "no new login was made",
    settle: "Try again in a moment.",
    retryWhenUnknown: true,
  },
};

const GENERIC = "Something went wrong while talking to Sectigo, and the portal cannot tell what. Tell an administrator; the server log has the details.";

/** The sentence a page shows for a failed Sectigo call, in the words of its operation. */
export function sectigoFailureMessage(err: unknown, context: FailureContext): string {
  if (!isSectigoError(err)) return GENERIC;
  const words = WORDS[context.operation];
  switch (err.reached) {
    case "not-sent":
      return notSent(err, words);
    case "no-answer":
      // A read that got no answer changed nothing; only a create, upload or revoke has an
      // outcome to settle.
      return words.retryWhenUnknown
        ? `${unknownLead(err)}. ${words.settle}`
        : `${unknownLead(err)}, so whether ${words.whether ?? "it took effect"} is unknown. ${words.settle}`;
    case "answered":
      return answered(err, context, words);
  }
}

/** Context-free: the error's own sentence (kept for callers without an operation). */
export function userMessage(err: unknown): string {
  return isSectigoError(err) ? err.userMessage : GENERIC;
}

function notSent(err: SectigoError, words: OperationWords): string {
  switch (err.code) {
    case "NETWORK": {
      const { host, reason } = err as SectigoError & { host?: string; reason?: string };
      return `Sectigo could not be reached at ${host ?? "its address"} (${reason ?? "network error"}); nothing was sent, so ${words.notDone}. Try again when Sectigo is reachable.`;
    }
    case "INVALID_CREDENTIALS":
      // For a login the refused request is the login itself; for anything else the call
      // behind it was never sent.
      return words === WORDS.login
        ? `Sectigo refused the portal's username and password (HTTP 401), so ${words.notDone}. ${CHECK_ACCOUNT}`
        : `Sectigo refused the portal's username and password (HTTP 401); nothing was sent, so ${words.notDone}. ${CHECK_ACCOUNT}`;
    case "NOT_AUTHORIZED":
      return `Sectigo does not allow the portal's account to log in (HTTP 403); nothing was sent, so ${words.notDone}. Ask the Sectigo administrator for the permission.`;
    default:
      return `${err.userMessage.replace(/\.$/, "")}; nothing was sent, so ${words.notDone}.`;
  }
}

function unknownLead(err: SectigoError): string {
  if (err.code === "TIMEOUT") {
    const ms = (err as SectigoError & { timeoutMs?: number }).timeoutMs;
    return `Sectigo did not answer${ms ? ` within ${seconds(ms)}` : " in time"}`;
  }
  if (err.code === "NETWORK") {
    const { host, reason } = err as SectigoError & { host?: string; reason?: string };
    return `The connection to Sectigo at ${host ?? "its address"} broke before it answered (${reason ?? "network error"})`;
  }
  return "Sectigo's reply could not be read (it is not what the API promises)";
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

const CHECK_ACCOUNT = "An administrator should check the portal's Sectigo account (SECTIGO_USERNAME and SECTIGO_PASSWORD).";

function answered(err: SectigoError, context: FailureContext, words: OperationWords): string {
  if (!isApiError(err)) return err.userMessage;
  const said = err.fromBody && err.apiMessage.trim() !== "" ? cleanSectigoText(err.apiMessage) : "";
  const quoted = said ? `: “${said}”` : "";
  const status = err.httpStatus;
  switch (err.code) {
    case "NOT_FOUND":
      return sentence(`Sectigo does not know ${context.subject ?? "what was asked for"} (HTTP 404)${quoted}; ${words.notDone}`);
    case "NOT_AUTHENTICATED":
      return `Sectigo refused the portal's credentials even after a fresh login (HTTP 401), so ${words.notDone}. ${CHECK_ACCOUNT}`;
    case "NOT_AUTHORIZED":
      return sentence(`The Sectigo account may not do this (HTTP 403)${quoted}; ${words.notDone}. Ask the Sectigo administrator for the permission`);
    case "RATE_LIMITED":
      return sentence(`Sectigo is limiting requests (HTTP 429)${quoted}; ${words.notDone}. Wait a minute, then try again`);
    case "UPSTREAM":
      return `Sectigo answered with a server error (HTTP ${status})${quoted}, so ${words.notDone}. ${retryAfterRefusal(context.operation)}`;
    default:
      return sentence(`Sectigo refused it (HTTP ${status})${quoted}; ${words.notDone}`);
  }
}

function retryAfterRefusal(operation: SectigoOperation): string {
  switch (operation) {
    case "create":
    case "upload":
      return "You can retry it from the batch's page once Sectigo works again.";
    case "batch-check":
      return "The portal checks the batch again by itself.";
    default:
      return "Try again later.";
  }
}
