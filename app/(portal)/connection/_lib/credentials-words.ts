/**
 * The credentials state in the words of `sectigo auth --debug` (docs/sectigo-protocol.md §3.6):
 * "valid until …", "current until …" (the access token expired but the refresh token still
 * works) or "expired or invalid", with the time in UTC and relative to now ("in 14 min").
 * Pure: the page and its tests use it; times come in as Dates, never tokens.
 */

export interface CredentialsFacts {
  valid: boolean;
  current: boolean;
  subject?: string;
  issuedAt?: Date;
  expiresAt?: Date;
  refreshBy?: Date;
}

export type CredentialsTone = "valid" | "current" | "expired";

export interface CredentialsWords {
  tone: CredentialsTone;
  /** "valid until", "current until" or "expired or invalid" */
  phrase: string;
  /** the time the phrase refers to, as "2026-11-25 14:03:07 UTC", or null */
  untilUtc: string | null;
  /** "in 14 min", "2 h ago", or null */
  relative: string | null;
  /** a sentence that says what this means for staff */
  meaning: string;
}

export function utcText(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "in 14 min" / "3 h ago" / "in 2 days"; "now" within a minute. */
export function relativeText(date: Date, now: Date): string {
  const diff = date.getTime() - now.getTime();
  const abs = Math.abs(diff);
  const minute = 60_000;
  if (abs < minute) return diff >= 0 ? "in less than a minute" : "less than a minute ago";
  let amount: string;
  if (abs < 60 * minute) amount = `${Math.floor(abs / minute)} min`;
  else if (abs < 48 * 60 * minute) {
    const h = Math.floor(abs / (60 * minute));
    const m = Math.floor((abs % (60 * minute)) / minute);
    amount = m > 0 && h < 10 ? `${h} h ${m} min` : `${h} h`;
  } else amount = `${Math.floor(abs / (24 * 60 * minute))} days`;
  return diff >= 0 ? `in ${amount}` : `${amount} ago`;
}

export function credentialsWords(facts: CredentialsFacts, now: Date): CredentialsWords {
  if (facts.valid && facts.expiresAt) {
    return {
      tone: "valid",
      phrase: "valid until",
      untilUtc: utcText(facts.expiresAt),
      relative: relativeText(facts.expiresAt, now),
      meaning: "The portal holds a valid access token; calls to Sectigo need no login.",
    };
  }
  if (facts.current && facts.refreshBy) {
    return {
      tone: "current",
      phrase: "current until",
      untilUtc: utcText(facts.refreshBy),
      relative: relativeText(facts.refreshBy, now),
      meaning: "The access token has expired; the next call renews it with the refresh token, without the password.",
    };
  }
  return {
    tone: "expired",
    phrase: "expired or invalid",
    untilUtc: null,
    relative: null,
    meaning: "The portal holds no usable token; the next call to Sectigo logs in with the configured password.",
  };
}
