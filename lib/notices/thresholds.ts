/**
 * The days before expiry at which a certificate without a replacement is notified. A
 * certificate is "within" a threshold when its not-after is at most that many days ahead; it is
 * notified at the tightest threshold it is within, once: one first seen 5 days before expiry
 * gets the 7-day notice, not 30, 14 and 7 together.
 */
import { toIso } from "@/db/time";

export const NOTICE_THRESHOLDS = [30, 14, 7, 1] as const;

const DAY_MS = 86_400_000;

/** Each threshold with the instant it ends at (now + days), tightest first, for the crossing query. */
export function thresholdBounds(now: Date): { days: number; untilIso: string }[] {
  return [...NOTICE_THRESHOLDS].sort((a, b) => a - b).map((days) => ({ days, untilIso: toIso(now.getTime() + days * DAY_MS) }));
}

/** The tightest threshold a certificate expiring at `notAfter` is within at `now`; null when none (or already expired). */
export function tightestThreshold(notAfter: Date, now: Date): number | null {
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) return null;
  const within = NOTICE_THRESHOLDS.filter((days) => left <= days * DAY_MS);
  return within.length > 0 ? Math.min(...within) : null;
}

/** Whole days left, rounded down: what a digest says ("expires in 6 days"). */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.max(0, Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS));
}
