/**
 * What one delivery attempt answered, and when the next one is due. Retries wait 1 minute,
 * 5 minutes, 30 minutes, 2 hours, then 6 hours; after MAX_ATTEMPTS tries (about 9 hours
 * and a half) the delivery is failed for good. A permanent refusal (an SMTP 5xx reply,
 * RFC 5321 §4.2.1) fails at once: sending it again would be refused again.
 */
export interface AttemptOutcome {
  delivered: boolean;
  /** the server's answer: an SMTP reply line, an HTTP status line, or what the network said */
  answer: string;
  /** true when trying again cannot help */
  permanent?: boolean;
}

export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** When attempt `attempts + 1` is due, after `attempts` failures; null when there is none. */
export function nextAttemptAt(attempts: number, at: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const delay = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1];
  return delay === undefined ? null : new Date(at.getTime() + delay);
}

/** Bounded length: an answer is shown on the log page, not kept as a transcript. */
export function shortAnswer(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > 300 ? `${one.slice(0, 300)}…` : one;
}
