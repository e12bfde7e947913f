"use client";
// Issuance and revocations per week as an inline SVG bar chart (no chart library). The SVG
// is an image with a title and a one-sentence description; the exact numbers are in a table
// under it for screen readers and for anyone who wants them. Colour is not the only cue:
// revoked bars are hatched, and the legend names both series. A client component so the 26
// weeks cross to the browser as numbers, not as the chart's element tree beside its HTML
// (docs/operations.md §7, P10).
import { chartSummary, niceMax, ticks, weekLabel, type WeekPoint } from "./chart-scale";

const H = 220;
const TOP = 12;
const BOTTOM = 28;
// Horizontal positions are percentages of the width, vertical ones pixels: the chart fills
// any width from 360 px up while its text keeps its size (a scaled viewBox would shrink the
// labels to nothing on a phone).
const LEFT_PCT = 7;
const RIGHT_PCT = 1;
const ISSUED = "#1d4ed8"; // blue-700
const REVOKED = "#b91c1c"; // red-700

const pct = (n: number) => `${n.toFixed(3)}%`;

export function WeeklyChart({ weeks, id }: { weeks: readonly WeekPoint[]; id: string }) {
  const top = niceMax(Math.max(0, ...weeks.map((w) => Math.max(w.issued, w.revoked))));
  const plotH = H - TOP - BOTTOM;
  const slot = (100 - LEFT_PCT - RIGHT_PCT) / Math.max(1, weeks.length);
  const bar = slot * 0.36;
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const summary = chartSummary(weeks);
  const last = weeks.length - 1;
  return (
    <figure className="space-y-2">
      <div className="flex flex-wrap gap-4 text-xs text-slate-700" aria-hidden="true">
        <span className="inline-flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-sm" style={{ background: ISSUED }} /> Issued
        </span>
        <span className="inline-flex items-center gap-1">
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" fill={`url(#${id}-hatch)`} stroke={REVOKED} />
          </svg>
          Revoked
        </span>
      </div>
      <svg width="100%" height={H} className="block" role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>Certificates issued and revoked per week</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <defs>
          <pattern id={`${id}-hatch`} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="4" height="4" fill="#fee2e2" />
            <line x1="0" y1="0" x2="0" y2="4" stroke={REVOKED} strokeWidth="2.5" />
          </pattern>
        </defs>
        {ticks(top).map((t) => (
          <g key={t}>
            <line x1={pct(LEFT_PCT)} x2={pct(100 - RIGHT_PCT)} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
            <text x={pct(LEFT_PCT - 1)} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#475569">
              {t}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          const x = LEFT_PCT + i * slot + (slot - 2 * bar) / 2;
          return (
            <g key={w.weekStart}>
              {w.issued > 0 ? <rect x={pct(x)} y={y(w.issued)} width={pct(bar)} height={TOP + plotH - y(w.issued)} fill={ISSUED} /> : null}
              {w.revoked > 0 ? (
                <rect x={pct(x + bar)} y={y(w.revoked)} width={pct(bar)} height={TOP + plotH - y(w.revoked)} fill={`url(#${id}-hatch)`} stroke={REVOKED} strokeWidth="1" />
              ) : null}
              {/* Every fourth week (every eighth on a phone), counted back from this week, so the
                  newest is always labelled; it is right-aligned so it is not cut off. */}
              {(last - i) % 4 === 0 ? (
                <text
                  x={pct(i === last ? 100 - RIGHT_PCT : LEFT_PCT + i * slot + slot / 2)}
                  y={H - 8}
                  textAnchor={i === last ? "end" : "middle"}
                  fontSize="11"
                  fill="#475569"
                  className={(last - i) % 8 === 0 ? undefined : "hidden sm:inline"}
                >
                  {weekLabel(w.weekStart)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={pct(LEFT_PCT)} x2={pct(100 - RIGHT_PCT)} y1={TOP + plotH} y2={TOP + plotH} stroke="#94a3b8" />
      </svg>
      <figcaption className="text-sm text-slate-700">{summary}</figcaption>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-blue-800">Show the numbers per week</summary>
        <div className="mt-2 max-h-72 overflow-auto rounded-md ring-1 ring-slate-200" tabIndex={0} role="region" aria-label="Numbers per week">
          <table className="w-full text-left text-sm" data-testid="weekly-table">
            <caption className="sr-only">Certificates issued and revoked per week, oldest first</caption>
            <thead className="sticky top-0 bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-1 font-medium">Week starting (UTC)</th>
                <th scope="col" className="px-3 py-1 text-right font-medium">Issued</th>
                <th scope="col" className="px-3 py-1 text-right font-medium">Revoked</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 tabular-nums">
              {weeks.map((w) => (
                <tr key={w.weekStart}>
                  <th scope="row" className="px-3 py-1 font-normal">
                    {w.weekStart.slice(0, 10)}
                  </th>
                  <td className="px-3 py-1 text-right">{w.issued}</td>
                  <td className="px-3 py-1 text-right">{w.revoked}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
