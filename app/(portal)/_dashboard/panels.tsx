"use client";
// The dashboard's panels, rendered from the rows of panel-rows.ts. Client components on
// purpose: as Server Components every list went to the browser twice, once as HTML and once
// as the element tree that hydrates it (every class name, every link's props); as client
// components the rows travel once as plain data beside the HTML (docs/operations.md §7, P10).
// The page decides, by permission, which panels exist and so which rows are sent at all.
// Every name (CN, batch name) is React text. The links are plain <a>: the page puts the panels
// in an InAppLinks region, which navigates them in the app.
/* eslint-disable @next/next/no-html-link-for-pages -- InAppLinks navigates these in the app */
import type { ReactNode } from "react";
import { Badge } from "@/app/_components/ui/badge";
import { focusRing } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import type { LicensesUsed } from "@/lib/sectigo/schemas";
import { Meter } from "@/app/(portal)/certificates/_components/meter";
import type { AuthorityRow, ExpiringRow, ExpiryGroupCount, InFlightRow, RevocationRow } from "./panel-rows";

const link = `rounded text-blue-800 underline underline-offset-2 ${focusRing}`;

export function Panel({ id, title, children, more }: { id: string; title: string; children: ReactNode; more?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={id}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {more}
      </div>
      {children}
    </section>
  );
}

/** When Sectigo's figures were taken: they may be a minute old (lib/dashboard/sectigo-answers.ts). */
function SectigoAsOf({ at }: { at: string | null }) {
  if (!at) return null;
  return (
    <p className="mt-2 text-xs text-slate-600" data-testid="sectigo-as-of">
      As of {at.slice(11, 16)} UTC
    </p>
  );
}

export function LicencesPanel({ licenses: l, error, asOf }: { licenses: LicensesUsed | null; error: string | null; asOf: string | null }) {
  return (
    <Panel id="dash-licences" title="Licences">
      {l ? (
        <div>
          <p className="text-3xl font-semibold tabular-nums text-slate-900">
            {l.issued.toLocaleString("en")} <span className="text-base font-normal text-slate-600">issued of {l.ordered.toLocaleString("en")} ordered</span>
          </p>
          <Meter value={l.issued} max={l.ordered} label="Licences used" className="mt-2" />
          <p className="mt-1 text-sm text-slate-700">{Math.max(0, l.ordered - l.issued).toLocaleString("en")} left.</p>
          <SectigoAsOf at={asOf} />
        </div>
      ) : (
        <Notice tone="warning" title="Licences unknown">
          {error ?? "Sectigo did not give the licence counts."}
        </Notice>
      )}
    </Panel>
  );
}

export function BalancesPanel({ authorities, error, asOf }: { authorities: readonly AuthorityRow[] | null; error: string | null; asOf: string | null }) {
  return (
    <Panel
      id="dash-balances"
      title="Authority balances"
      more={
        <a href="/authorities" className={`text-sm ${link}`}>
          Authorities & profiles
        </a>
      }
    >
      {authorities ? (
        authorities.length > 0 ? (
          <ul className="divide-y divide-slate-200 text-sm">
            {authorities.map((a) => (
              <li key={a.id} className="flex flex-wrap items-baseline justify-between gap-2 py-1.5" data-testid="dash-authority">
                <span className="min-w-0">
                  <span className="font-medium text-slate-900">{a.profileName}</span> <span className="text-xs text-slate-600">authority #{a.id}</span>
                </span>
                <span className="tabular-nums">
                  {a.balance === null ? "unknown" : a.balance === 0 ? <Badge tone="red">0 left</Badge> : `${a.balance.toLocaleString("en")} left`}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-700">The Sectigo account has no authorities.</p>
        )
      ) : (
        <Notice tone="warning" title="Balances unknown">
          {error ?? "Sectigo did not list the authorities."}
        </Notice>
      )}
      {authorities ? <SectigoAsOf at={asOf} /> : null}
    </Panel>
  );
}

export function InFlightPanel({ batches }: { batches: readonly InFlightRow[] }) {
  return (
    <Panel
      id="dash-in-flight"
      title="Batches in flight"
      more={
        <a href="/batches" className={`text-sm ${link}`}>
          All batches
        </a>
      }
    >
      {batches.length > 0 ? (
        <ul className="divide-y divide-slate-200 text-sm">
          {batches.map((b) => (
            <li key={b.id} className="py-2" data-testid="dash-batch">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <a href={`/batches/${b.id}`} className={`min-w-0 break-all ${link}`}>
                  {b.batchName}
                </a>
                <span className="text-xs text-slate-600">
                  {b.state}
                  {b.size ? ` · ${b.size} certificate${b.size === 1 ? "" : "s"}` : ""}
                </span>
              </div>
              <Meter value={b.percent} max={100} label={`Progress of ${b.batchName}`} className="mt-1" />
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-700">No batch is being processed right now.</p>
      )}
    </Panel>
  );
}

export function ExpiringPanel({ rows, groups }: { rows: readonly ExpiringRow[]; groups: readonly ExpiryGroupCount[] }) {
  return (
    <Panel
      id="dash-expiring"
      title="Expiring within 30 days"
      more={
        <a href="/expiry" className={`text-sm ${link}`}>
          Expiry watch
        </a>
      }
    >
      <ul className="mb-3 grid grid-cols-2 gap-2 text-sm" aria-label="Expiry watch groups">
        {groups.map((g) => (
          <li key={g.group}>
            <a href={`/expiry#group-${g.group}`} className={`flex items-baseline gap-2 rounded ${focusRing}`} data-testid={`dash-expiry-${g.group}`}>
              <span className={`font-semibold tabular-nums ${g.count > 0 && (g.group === "none" || g.group === "overdue") ? "text-amber-800" : "text-slate-900"}`}>{g.text}</span>
              <span className="text-slate-700 underline underline-offset-2">{g.label}</span>
            </a>
          </li>
        ))}
      </ul>
      {rows.length > 0 ? (
        <ul className="divide-y divide-slate-200 text-sm">
          {rows.map((c) => (
            <li key={c.serial} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 py-1.5" data-testid="dash-expiring-row">
              <a href={`/certificates/${encodeURIComponent(c.serial)}`} className={`min-w-0 break-all ${link}`}>
                {c.commonName}
              </a>
              <span className="whitespace-nowrap text-slate-700">
                {c.day}
                {c.relative !== null ? <span className="text-amber-800"> ({c.relative})</span> : null}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-700">No certificate expires within 30 days.</p>
      )}
    </Panel>
  );
}

export function RevocationsPanel({ rows }: { rows: readonly RevocationRow[] }) {
  return (
    <Panel
      id="dash-revocations"
      title="Recent revocations"
      more={
        <a href="/certificates?status=revoked&sort=createdAt&dir=desc" className={`text-sm ${link}`}>
          All revoked
        </a>
      }
    >
      {rows.length > 0 ? (
        <ul className="divide-y divide-slate-200 text-sm">
          {rows.map((r) => (
            <li key={r.serial} className="py-1.5" data-testid="dash-revocation">
              <a href={`/certificates/${encodeURIComponent(r.serial)}`} className={`break-all ${link}`}>
                {r.commonName}
              </a>
              <span className="block text-xs text-slate-600">{r.line}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-700">No certificate has been revoked.</p>
      )}
    </Panel>
  );
}
