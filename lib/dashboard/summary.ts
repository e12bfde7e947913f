/**
 * The dashboard's numbers: licences and authority balances from
 * Sectigo, and from the portal's own database the batches in flight, certificates expiring
 * within 30 days, recent revocations and issuance/revocations per week.
 *
 * Rules:
 * - Sectigo's parts may fail (then null with a message) without breaking the local parts;
 *   they may come from a kept answer a minute old at most (sectigo-answers.ts), and say when.
 * - The weekly chart counts the portal's own work in certificates, not requests: issued =
 *   certificates its batches produced, by their not-before; revoked = succeeded revocations,
 *   by when they took effect. That stays correct for CSR batches of many certificates,
 *   rejected batches (no certificate) and revocations closed by start-up recovery, which
 *   counting audit entries would get wrong; and it reads only indexed, portal-sized rows (not
 *   the whole inventory, which may hold a million imported certificates). Weeks start on
 *   Monday 00:00 UTC; the last of the 26 is the current week; empty weeks are 0.
 * - Recent revocations are the portal's (the revocations table), with who asked for them.
 * - The expiry groups (lib/expiry/watch.ts) are counted on the expiry clock, like the Expiry
 *   watch page they link to.
 */
import "server-only";
import type { Db } from "@/db/client";
import { issuedCertificatesByWeek } from "@/db/queries/batches";
import { searchCertificates } from "@/db/queries/certificates";
import { recentSucceededRevocations, succeededRevocationsByWeek } from "@/db/queries/revocations";
import type { WeekCount } from "@/db/queries/weeks";
import { toIso } from "@/db/time";
import { listInFlightBatches, type BatchDto } from "@/lib/issuance/batch-dto";
import { revocationReason } from "@/lib/sectigo/reasons";
import type { LicensesUsed } from "@/lib/sectigo/schemas";
import type { Clock } from "@/db/time";
import { expiryCounts, type ExpiryGroup } from "@/lib/expiry/watch";
import { rowDtoFromListItem, type CertificateRowDto } from "@/lib/inventory/certificate-dto";
import { fetchSectigoAnswers, type DashboardAuthority, type DashboardClient, type SectigoAnswersCache } from "./sectigo-answers";

export const DASHBOARD_WEEKS = 26;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** How long before the window a batch (or revocation request) may start and still count in it. */
const BATCH_LEAD_MS = 30 * DAY_MS;

export interface WeeklyCount {
  /** Monday, YYYY-MM-DD (UTC) */
  weekStart: string;
  issued: number;
  revoked: number;
}

export interface RecentRevocation {
  serial: string;
  commonName: string;
  reasonCode: number | null;
  reasonLabel: string | null;
  revokedAt: string | null;
  revokedBy: { id: number; email: string } | null;
}

export interface DashboardSummary {
  licenses: LicensesUsed | null;
  /** why `licenses` is null */
  licensesError: string | null;
  authorities: DashboardAuthority[] | null;
  /** why `authorities` is null */
  authoritiesError: string | null;
  /** when Sectigo's figures were taken (they may be kept a minute); null when it was not asked */
  sectigoAsOf: string | null;
  inFlight: BatchDto[];
  expiringSoon: CertificateRowDto[];
  /** the Expiry watch's groups in its default window */
  expiryGroups: Record<ExpiryGroup, number>;
  recentRevocations: RecentRevocation[];
  weekly: WeeklyCount[];
}

/** Monday 00:00 UTC of the week holding `date`. */
export function weekStartOf(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

function fill(rows: WeekCount[], weeks: number): number[] {
  const counts = new Array<number>(weeks).fill(0);
  for (const r of rows) if (r.week >= 0 && r.week < weeks) counts[r.week] = (counts[r.week] ?? 0) + r.n;
  return counts;
}

/** Certificates the portal's batches produced, by the week of their not-before. */
function issuedByWeek(db: Db, start: Date, end: Date, weeks: number): number[] {
  // A certificate is issued after its batch was created; allow for slow batches.
  const rows = issuedCertificatesByWeek(db, toIso(start.getTime() - BATCH_LEAD_MS), toIso(start), toIso(end));
  return fill(rows, weeks);
}

/** Succeeded revocations by the week they took effect. */
function revokedByWeek(db: Db, start: Date, end: Date, weeks: number): number[] {
  const rows = succeededRevocationsByWeek(db, toIso(start.getTime() - BATCH_LEAD_MS), toIso(start), toIso(end));
  return fill(rows, weeks);
}

export function weeklyCounts(db: Db, now: Date = new Date(), weeks = DASHBOARD_WEEKS): WeeklyCount[] {
  const start = new Date(weekStartOf(now).getTime() - (weeks - 1) * WEEK_MS);
  const end = new Date(weekStartOf(now).getTime() + WEEK_MS);
  const issued = issuedByWeek(db, start, end, weeks);
  const revoked = revokedByWeek(db, start, end, weeks);
  return Array.from({ length: weeks }, (_, i) => ({
    weekStart: new Date(start.getTime() + i * WEEK_MS).toISOString().slice(0, 10),
    issued: issued[i] ?? 0,
    revoked: revoked[i] ?? 0,
  }));
}

/** The latest revocations made through the portal (start-up recovery's included), newest first. */
export function recentRevocations(db: Db, limit = 10): RecentRevocation[] {
  return recentSucceededRevocations(db, limit).map((r) => ({
    serial: r.serial,
    commonName: r.commonName ?? r.serial,
    reasonCode: r.reasonCode,
    reasonLabel: revocationReason(r.reasonCode)?.label ?? null,
    revokedAt: r.certificateRevokedAt ?? r.completedAt ?? r.requestedAt,
    revokedBy: r.revokedById !== null && r.revokedByEmail !== null ? { id: r.revokedById, email: r.revokedByEmail } : null,
  }));
}

export interface DashboardOptions {
  /** false when the viewer may not see Sectigo's panels: Sectigo is then not asked at all */
  sectigo?: boolean;
  /** where Sectigo's answers are kept between views (the page passes the process's); none: ask every time */
  cache?: SectigoAnswersCache;
  /** the clock the expiry groups are counted on (default: lib/expiry/clock.ts) */
  expiryClock?: Clock;
}

export async function dashboardSummary(db: Db, client: DashboardClient, now: Date = new Date(), options: DashboardOptions = {}): Promise<DashboardSummary> {
  const sectigo = options.sectigo === false ? null : await (options.cache ? options.cache.get(client) : fetchSectigoAnswers(client, now));
  return {
    licenses: sectigo?.licenses ?? null,
    licensesError: sectigo?.licensesError ?? null,
    authorities: sectigo?.authorities ?? null,
    authoritiesError: sectigo?.authoritiesError ?? null,
    sectigoAsOf: sectigo?.asOf ?? null,
    inFlight: listInFlightBatches(db, 20),
    expiringSoon: searchCertificates(db, { status: "expiring", sort: "notAfter", dir: "asc", limit: 10, now }).items.map(rowDtoFromListItem),
    expiryGroups: expiryCounts(db, options.expiryClock),
    recentRevocations: recentRevocations(db, 10),
    weekly: weeklyCounts(db, now),
  };
}
