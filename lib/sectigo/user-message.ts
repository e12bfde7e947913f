/**
 * One readable sentence for a page from any error: no stack, no secrets. Errors that are
 * not the client's own get a generic sentence, because their text is unknown and could
 * hold anything; Sectigo's own words in an API error are kept to one short clean line.
 */
import { ApiError, SectigoError } from "./errors";

export function userMessage(err: unknown): string {
  if (!(err instanceof SectigoError)) {
    return "Something went wrong while talking to Sectigo. Try again, and tell an administrator if it keeps happening.";
  }
  if (err instanceof ApiError) return apiUserMessage(err);
  return sentence(err.message);
}

function apiUserMessage(err: ApiError): string {
  const said = err.fromBody && err.apiMessage.trim() !== "" ? `: ${clean(err.apiMessage)}` : "";
  switch (err.code) {
    case "NOT_AUTHENTICATED":
      return sentence(`Sectigo did not accept the login (HTTP 401)${said}. Re-authenticate on the Sectigo connection page and retry`);
    case "NOT_AUTHORIZED":
      return sentence(`The Sectigo account is not allowed to do this (HTTP 403)${said}`);
    case "NOT_FOUND":
      return sentence(`Sectigo could not find what was asked for (HTTP 404)${said}`);
    case "RATE_LIMITED":
      return sentence(`Sectigo is limiting requests (HTTP 429)${said}. Wait a minute and try again`);
    case "UPSTREAM":
      return sentence(`Sectigo had a problem on its side (HTTP ${err.httpStatus})${said}. Try again later`);
    default:
      return sentence(`Sectigo refused the request (HTTP ${err.httpStatus})${said}`);
  }
}

/** Sectigo's own words, kept to one short line of printable text. */
function clean(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
