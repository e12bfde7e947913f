/**
 * The dashboard panels' rows, worded on the server from lib/dashboard's summary. The panels
 * are client components (panels.tsx), so what these return is all that crosses to the
 * browser for them: only the fields shown, never a whole batch or certificate record. Times
 * and reasons are worded here, so the browser's clock cannot make the page differ from its
 * HTML. Pure.
 */
import type { DashboardSummary } from "@/lib/dashboard/summary";
import { GROUP_TITLES, type WatchGroup } from "@/app/(portal)/expiry/_lib/watch-query";
import { countWords } from "@/lib/expiry/count-words";
import { daysUntil, formatDay, formatUtcMinute, reasonText, relativeDays } from "@/app/(portal)/certificates/_lib/display";

export interface InFlightRow {
  id: number;
  batchName: string;
  state: string;
  size: number | null;
  /** 0–100 */
  percent: number;
}

export interface ExpiringRow {
  serial: string;
  commonName: string;
  /** "2026-12-24" */
  day: string;
  /** "in 12 days", or null when the date is unknown */
  relative: string | null;
}

export interface ExpiryGroupCount {
  group: WatchGroup;
  label: string;
  count: number;
  /** "12", or "more than 10,000" */
  text: string;
}

export interface RevocationRow {
  serial: string;
  commonName: string;
  /** "2026-03-01 09:30 UTC · Key compromise, code 1 · by alice@example.com" */
  line: string;
}

export interface AuthorityRow {
  id: number;
  profileName: string;
  balance: number | null;
}

export function inFlightRows(summary: Pick<DashboardSummary, "inFlight">): InFlightRow[] {
  return summary.inFlight.map((b) => ({ id: b.id, batchName: b.batchName, state: b.state, size: b.size, percent: Math.round(b.progress * 100) }));
}

export function expiringRows(summary: Pick<DashboardSummary, "expiringSoon">, now: Date = new Date()): ExpiringRow[] {
  return summary.expiringSoon.map((c) => {
    const days = daysUntil(c.notAfter, now);
    return { serial: c.serial, commonName: c.commonName, day: formatDay(c.notAfter), relative: days !== null ? relativeDays(days) : null };
  });
}

/** The Expiry watch's groups, in its order, for the expiring panel. */
export function expiryGroupCounts(summary: Pick<DashboardSummary, "expiryGroups">): ExpiryGroupCount[] {
  return (Object.keys(GROUP_TITLES) as WatchGroup[]).map((group) => ({ group, label: GROUP_TITLES[group], count: summary.expiryGroups[group], text: countWords(summary.expiryGroups[group]) }));
}

export function revocationRows(summary: Pick<DashboardSummary, "recentRevocations">): RevocationRow[] {
  return summary.recentRevocations.map((r) => ({
    serial: r.serial,
    commonName: r.commonName,
    line: `${formatUtcMinute(r.revokedAt)} · ${reasonText(r.reasonCode, r.reasonLabel)} · by ${r.revokedBy?.email ?? "unknown"}`,
  }));
}

export function authorityRows(summary: Pick<DashboardSummary, "authorities">): AuthorityRow[] | null {
  return summary.authorities?.map((a) => ({ id: a.id, profileName: a.profileName, balance: a.balance })) ?? null;
}
