/**
 * The expiry watch's window and sort live in the URL (a GET form and links), so a view can be
 * bookmarked and the CSV export lists what the page shows. Pure: unit-tested, and safe to
 * import from a client component.
 *
 * Rules: the window is one of WATCH_WINDOWS days (anything else: the default, said in a
 * sentence on the page; the export refuses it); sort and direction likewise fall back.
 * `group` shows one group alone, paged by `after` (an opaque cursor lib/expiry decodes; one
 * that does not decode is the first page). The export takes the window only.
 */
import { isOneOf, paramReader, queryString, type SearchParams } from "@/app/_lib/url-filters";

export const WATCH_WINDOWS = ["7", "14", "30", "60", "90"] as const;
export const DEFAULT_WINDOW_DAYS = 30;
export const WATCH_SORTS = ["notAfter", "commonName"] as const;
export type WatchSort = (typeof WATCH_SORTS)[number];
export type WatchDir = "asc" | "desc";

/** The groups' names, as the page, the dashboard and the CSV's readers see them. */
export const GROUP_TITLES = { none: "No replacement yet", "in-progress": "Replacement in progress", replaced: "Replaced", overdue: "Overdue" } as const;
export type WatchGroup = keyof typeof GROUP_TITLES;

export interface WatchView {
  days: number;
  sort: WatchSort;
  dir: WatchDir;
  /** one group alone ("" for all) */
  group: WatchGroup | "";
  after: string;
}

export const DEFAULT_VIEW: WatchView = { days: DEFAULT_WINDOW_DAYS, sort: "notAfter", dir: "asc", group: "", after: "" };
const GROUPS = Object.keys(GROUP_TITLES) as WatchGroup[];

export function parseWatchView(params: SearchParams | URLSearchParams): { view: WatchView; problems: string[] } {
  const read = paramReader(params, 20);
  const problems: string[] = [];
  const view: WatchView = { ...DEFAULT_VIEW };
  const days = read("days");
  if (isOneOf(WATCH_WINDOWS, days)) view.days = Number(days);
  else if (days) problems.push(`"${days}" is not a window the expiry watch offers (${WATCH_WINDOWS.join(", ")} days); it shows ${DEFAULT_WINDOW_DAYS} days.`);
  const sort = read("sort");
  if (isOneOf(WATCH_SORTS, sort)) view.sort = sort;
  else if (sort) problems.push(`"${sort}" is not a sort order here; the list is sorted by expiry.`);
  const dir = read("dir");
  if (dir === "asc" || dir === "desc") view.dir = dir;
  else if (dir) problems.push(`"${dir}" is not a direction; the list is in ascending order.`);
  const group = read("group");
  if (isOneOf(GROUPS, group)) {
    view.group = group;
    view.after = read("after", 2048);
  } else if (group) problems.push(`"${group}" is not one of the groups; all of them are shown.`);
  return { view, problems };
}

/**
 * The query string ("" for the default view) of a view, with changes. A change of window,
 * sort or group starts again at the first page.
 */
export function watchQueryString(view: WatchView, change: Partial<WatchView> = {}): string {
  const next = { ...view, ...change };
  const samePage = change.days === undefined && change.sort === undefined && change.dir === undefined && change.group === undefined;
  return queryString(["days", "sort", "dir", "group", "after"], {
    days: next.days === DEFAULT_VIEW.days ? "" : String(next.days),
    sort: next.sort === DEFAULT_VIEW.sort ? "" : next.sort,
    dir: next.dir === DEFAULT_VIEW.dir ? "" : next.dir,
    group: next.group,
    after: next.group && (samePage || change.after !== undefined) ? next.after : "",
  });
}

/** The link a column header gives: that sort, ascending; the same again flips the direction. */
export function sortLink(view: WatchView, sort: WatchSort): string {
  const dir: WatchDir = view.sort === sort && view.dir === "asc" ? "desc" : "asc";
  return `/expiry${watchQueryString(view, { sort, dir })}`;
}

/** The export's query: the window; it lists every group, by expiry. */
export function exportQueryString(view: WatchView): string {
  return watchQueryString({ ...DEFAULT_VIEW, days: view.days });
}
