/**
 * How certificates are worded on screen. Pure: the status badge, the revoke dialog (a
 * client component) and the tests share it. Rule: a status is always shown as words;
 * colour only repeats them (WCAG 1.4.1).
 */
import type { BadgeTone } from "@/app/_components/ui/badge";
import type { RevokeOutcome } from "@/lib/revocation/revoke";
import { revocationReason } from "@/lib/sectigo/reasons";
import type { StatusFilter } from "./search-query";

export interface StatusStyle {
  label: string;
  tone: BadgeTone;
  description: string;
}

export const STATUS_STYLES: Readonly<Record<StatusFilter, StatusStyle>> = {
  valid: { label: "Valid", tone: "green", description: "In use and not expiring within 30 days." },
  expiring: { label: "Expiring soon", tone: "amber", description: "Valid, but its not-after date is within 30 days." },
  expired: { label: "Expired", tone: "slate", description: "Its not-after date has passed." },
  revoked: { label: "Revoked", tone: "red", description: "Revoked: relying parties must no longer trust it." },
  // Never "Valid": the portal has no copy of the certificate, so it cannot tell.
  unknown: { label: "Expiry unknown", tone: "slate", description: "The portal knows no validity dates for it (known from Sectigo's find only)." },
};

export function statusStyle(status: string): StatusStyle {
  return (STATUS_STYLES as Record<string, StatusStyle | undefined>)[status] ?? { label: status, tone: "slate", description: "" };
}

/** "0A1B2C" → "0A:1B:2C", the form openssl and browsers show (odd length gets a leading 0). */
export function serialWithColons(hex: string): string {
  const h = hex.replace(/[^0-9a-fA-F]/g, "").toUpperCase();
  const even = h.length % 2 ? `0${h}` : h;
  return even.match(/../g)?.join(":") ?? "";
}

/** "2026-03-01" from a stored ISO time, or the fallback. */
export function formatDay(iso: string | null | undefined, fallback = "unknown"): string {
  if (!iso) return fallback;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(iso);
  return m?.[1] ?? iso;
}

/** "2026-03-01 09:30 UTC" from a stored ISO time, or the fallback. */
export function formatUtcMinute(iso: string | null | undefined, fallback = "unknown"): string {
  if (!iso) return fallback;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** Whole days from `now` until `iso` (negative once past), or null. */
export function daysUntil(iso: string | null | undefined, now: Date = new Date()): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  return Math.floor((ms - now.getTime()) / 86_400_000);
}

/** "in 12 days", "today", "3 days ago". */
export function relativeDays(days: number): string {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

export const OUTCOME_STYLES: Readonly<Record<RevokeOutcome, StatusStyle>> = {
  revoked: { label: "Revoked", tone: "green", description: "Sectigo revoked it; it will be on the next CRL." },
  "already-revoked": { label: "Already revoked", tone: "slate", description: "It was revoked before; nothing was sent to Sectigo." },
  failed: { label: "Failed", tone: "red", description: "Sectigo refused or the request failed; it is not revoked." },
  unknown: { label: "Unknown", tone: "amber", description: 'Sectigo may or may not have revoked it; settle it with "Check with Sectigo" on the certificate\'s page before revoking again.' },
};

/** "Key compromise, code 1" — the friendly label and the RFC 5280 code together. */
export function reasonText(code: number | null | undefined, label?: string | null): string {
  if (code === null || code === undefined) return "no reason given";
  const name = label ?? revocationReason(code)?.label;
  return name ? `${name}, code ${code}` : `code ${code}`;
}

/**
 * What became of a revocation request whose answer was lost, from the error the portal
 * recorded for it (its own text, which may name internals: never shown as is).
 */
export function lostAnswerText(error: string | null | undefined): string {
  const e = error ?? "";
  if (/did not answer/i.test(e)) return "Sectigo did not answer in time";
  if (/unexpected response|could not be read/i.test(e)) return "Sectigo's reply could not be read";
  if (/network|reached|broke|socket|reset|ECONN/i.test(e)) return "the connection to Sectigo broke before it answered";
  return "Sectigo's answer was lost";
}
