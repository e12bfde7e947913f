/** Grouping timestamps by week, for the dashboard's weekly counts. */
import "server-only";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/** Week index (0 = the week starting at `startIso`) of an ISO timestamp expression. */
export function weekIndex(column: SQL | AnyColumn, startIso: string): SQL<number> {
  // julianday of the first 10 characters: the UTC day; the week is days since start / 7.
  return sql<number>`CAST((julianday(substr(${column}, 1, 10)) - julianday(${startIso.slice(0, 10)})) / 7 AS INTEGER)`;
}

/** One week's count: `week` is the index from weekIndex. */
export interface WeekCount {
  week: number;
  n: number;
}
