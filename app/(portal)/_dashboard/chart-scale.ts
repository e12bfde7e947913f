/**
 * The arithmetic of the dashboard's weekly bar chart, kept apart from the SVG so it can be
 * tested: a "nice" top for the value axis, its ticks, and short week labels. Pure.
 */

/** The smallest of 1, 2, 5 × 10^k at or above `max` (at least 1, so an empty chart has an axis). */
export function niceMax(max: number): number {
  if (!Number.isFinite(max) || max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

/**
 * Tick values from 0 to `top` inclusive: at most `count + 1` whole numbers, evenly spaced.
 * The step is the smallest whole divisor of `top` that needs at most `count` intervals, so the
 * last interval is never a cramped remainder (0, 3, 6, 9, 10).
 */
export function ticks(top: number, count = 4): number[] {
  const end = Math.max(1, Math.round(top));
  let step = end;
  for (let d = 1; d <= end; d++) {
    if (end % d === 0 && end / d <= count) {
      step = d;
      break;
    }
  }
  const out: number[] = [];
  for (let v = 0; v <= end; v += step) out.push(v);
  return out;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-03-02" or an ISO time → "2 Mar" (UTC). */
export function weekLabel(weekStart: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(weekStart);
  if (!m) return weekStart;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]}`;
}

export interface WeekPoint {
  weekStart: string;
  issued: number;
  revoked: number;
}

/** One sentence summing the chart up, for its text alternative. */
export function chartSummary(weeks: readonly WeekPoint[]): string {
  if (weeks.length === 0) return "No weeks to show.";
  const issued = weeks.reduce((n, w) => n + w.issued, 0);
  const revoked = weeks.reduce((n, w) => n + w.revoked, 0);
  const busiest = weeks.reduce((best, w) => (w.issued > best.issued ? w : best), weeks[0] as WeekPoint);
  const first = weekLabel(weeks[0]?.weekStart ?? "");
  const last = weekLabel(weeks[weeks.length - 1]?.weekStart ?? "");
  const peak = busiest.issued > 0 ? ` The busiest week for issuance began ${weekLabel(busiest.weekStart)} (${busiest.issued}).` : "";
  return `${weeks.length} ${weeks.length === 1 ? "week" : "weeks"} from ${first} to ${last}: ${issued} ${issued === 1 ? "certificate" : "certificates"} issued and ${revoked} revoked.${peak}`;
}
