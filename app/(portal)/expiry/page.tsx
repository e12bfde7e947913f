// Expiry watch (every role: certificates.read): valid certificates expiring within a window
// (7–90 days, chosen by links, so a view can be bookmarked) or expired in the last 90 days, in
// four groups by what is being done about them (lib/expiry/watch.ts). Export CSV
// (certificates.export) downloads every row of the same view. The permission is checked here
// on every request; the layout only checks the session.
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses, focusRing } from "@/app/_components/ui/button";
import { WarningList } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import type { SearchParams } from "@/app/_lib/url-filters";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import { countWords } from "@/lib/expiry/count-words";
import { expiryWatch, OVERDUE_DAYS, type ExpiryGroup, type ExpiryGroupView } from "@/lib/expiry/watch";
import { GroupTable, type SortHeader } from "./_components/group-table";
import { exportQueryString, GROUP_TITLES, parseWatchView, sortLink, WATCH_SORTS, WATCH_WINDOWS, watchQueryString, type WatchSort, type WatchView } from "./_lib/watch-query";

export const metadata: Metadata = { title: "Expiry watch" };
export const dynamic = "force-dynamic";

const GROUP_TEXT: Record<ExpiryGroup, { title: string; explain: (days: number) => string; empty: string }> = {
  none: {
    title: GROUP_TITLES.none,
    explain: (days) => `Expire within ${days} days and nobody has started a reissue. Open one and choose Reissue.`,
    empty: "No certificate expiring in this window is without a replacement.",
  },
  "in-progress": {
    title: GROUP_TITLES["in-progress"],
    explain: () => "A reissue batch is on its way at Sectigo; follow it from its batch page.",
    empty: "No reissue is in flight for these certificates.",
  },
  replaced: {
    title: GROUP_TITLES.replaced,
    explain: () => "A new certificate was issued; the old one is still valid. Once the VASP uses the new one, revoke the old one as superseded.",
    empty: "No replaced certificate waits to be revoked.",
  },
  overdue: {
    title: GROUP_TITLES.overdue,
    explain: () => `Expired in the last ${OVERDUE_DAYS} days with no replacement: these VASPs are off the network until one is issued.`,
    empty: `No certificate expired in the last ${OVERDUE_DAYS} days without a replacement.`,
  },
};

const link = `rounded text-blue-800 underline underline-offset-2 ${focusRing}`;

function sortHeaders(view: WatchView): Record<WatchSort, SortHeader> {
  const header = (sort: WatchSort): SortHeader => ({
    href: sortLink(view, sort),
    state: view.sort !== sort ? "none" : view.dir === "asc" ? "ascending" : "descending",
  });
  return Object.fromEntries(WATCH_SORTS.map((s) => [s, header(s)])) as Record<WatchSort, SortHeader>;
}

function WindowChooser({ view }: { view: WatchView }) {
  return (
    <nav aria-label="Window" className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-700">Expiring within</span>
      <ul className="flex flex-wrap gap-1">
        {WATCH_WINDOWS.map((d) => {
          const current = Number(d) === view.days;
          return (
            <li key={d}>
              <a
                href={`/expiry${watchQueryString(view, { days: Number(d) })}`}
                aria-current={current ? "page" : undefined}
                className={`${buttonClasses(current ? "primary" : "secondary", "sm")} tabular-nums`}
                data-testid={`expiry-window-${d}`}
              >
                {d} days
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** The four counts; each leads to its group (on this page, or shown alone when one already is). */
function Summary({ groups, view }: { groups: readonly ExpiryGroupView[]; view: WatchView }) {
  return (
    <ul className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Certificates per group">
      {groups.map((g) => (
        <li key={g.group} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
          <a href={view.group ? `/expiry${watchQueryString(view, { group: g.group })}` : `#group-${g.group}`} className={`block ${focusRing} rounded`} data-testid={`expiry-count-${g.group}`}>
            <span className="block text-2xl font-semibold tabular-nums text-slate-900">{countWords(g.count)}</span>
            <span className="text-sm text-slate-700">{GROUP_TEXT[g.group].title}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function GroupSection({ group, view }: { group: ExpiryGroupView; view: WatchView }) {
  const text = GROUP_TEXT[group.group];
  const id = `group-${group.group}`;
  return (
    <section aria-labelledby={id} className="space-y-3" data-testid={`expiry-group-${group.group}`}>
      <div>
        <h2 id={id} className="text-lg font-semibold text-slate-900">
          {text.title} <span className="font-normal text-slate-600">({countWords(group.count)})</span>
        </h2>
        <p className="text-sm text-slate-600">{text.explain(view.days)}</p>
      </div>
      {group.rows.length > 0 ? (
        <>
          <GroupTable caption={text.title} rows={group.rows} sorts={sortHeaders(view)} testId={`expiry-row-${group.group}`} />
          <GroupMore group={group} view={view} />
        </>
      ) : (
        <p className="text-sm text-slate-700">{view.after ? "No more certificates in this group." : text.empty}</p>
      )}
    </section>
  );
}

/** Below a preview: the way to the whole group; below a group shown alone: its pages. */
function GroupMore({ group, view }: { group: ExpiryGroupView; view: WatchView }) {
  const title = GROUP_TEXT[group.group].title;
  if (!view.group) {
    if (group.count <= group.rows.length) return null;
    return (
      <p className="text-sm text-slate-700" data-testid={`expiry-more-${group.group}`}>
        The first {group.rows.length} of {countWords(group.count)}.{" "}
        <a href={`/expiry${watchQueryString(view, { group: group.group })}`} className={link}>
          Show all “{title}”
        </a>
      </p>
    );
  }
  return (
    <nav aria-label={`Pages of ${title}`} className="flex flex-wrap gap-2 text-sm">
      {view.after ? (
        <a href={`/expiry${watchQueryString(view, { after: "" })}`} className={buttonClasses("secondary", "sm")}>
          First page
        </a>
      ) : null}
      {group.next ? (
        <a href={`/expiry${watchQueryString(view, { after: group.next })}`} className={buttonClasses("secondary", "sm")} data-testid="expiry-next-page">
          Next page
        </a>
      ) : null}
    </nav>
  );
}

export default async function ExpiryWatchPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { view, problems } = parseWatchView(await searchParams);
  const user = await requirePermission("certificates.read", `/expiry${watchQueryString(view)}`);
  const watch = expiryWatch(getDb(), { ...view, group: view.group || null });
  const exportLink = can(user.role, "certificates.export") ? (
    <a href={`/api/expiry/export${exportQueryString(view)}`} className={buttonClasses("secondary", "sm")} download title="Every group of this window, by expiry" data-testid="expiry-export">
      Export CSV
    </a>
  ) : null;
  return (
    <>
      <PageHeader
        title="Expiry watch"
        description={
          <>
            Valid certificates that expire within the chosen window, or expired in the last {OVERDUE_DAYS} days, grouped by whether a replacement exists. As of{" "}
            {watch.asOf.slice(0, 16).replace("T", " ")} UTC. For any certificate, use the{" "}
            <Link href="/certificates?status=expiring" prefetch={false} className={link}>
              certificate search
            </Link>
            .
          </>
        }
        actions={exportLink}
      />
      <div className="flex flex-col gap-6">
        {problems.length > 0 ? <WarningList title="Some of the address was not understood" items={problems} testId="expiry-problems" /> : null}
        <WindowChooser view={view} />
        <Summary groups={watch.groups} view={view} />
        {view.group ? (
          <p className="text-sm">
            <a href={`/expiry${watchQueryString(view, { group: "" })}`} className={link} data-testid="expiry-all-groups">
              All groups
            </a>
          </p>
        ) : null}
        {watch.groups
          .filter((g) => !view.group || g.group === view.group)
          .map((g) => (
            <GroupSection key={g.group} group={g} view={view} />
          ))}
      </div>
    </>
  );
}
