/** Grouping timestamps by week, for the dashboard's weekly counts. */
import "server-only";
import { sql, type AnyColumn, type Placeholder, type SQL } from "drizzle-orm";

/**
 * Week index (0 = the week starting at `start`) of an ISO timestamp expression. `start` is an ISO
 * time or a placeholder for one (a prepared statement's); only its first 10 characters count.
 */
export function weekIndex(column: SQL | AnyColumn, start: string | Placeholder): SQL<number> {
  const startDay = typeof start === "string" ? start.slice(0, 10) : sql`substr(${start}, 1, 10)`;
  // julianday of the first 10 characters: the UTC day; the week is days since start / 7.
  return sql<number>`CAST((julianday(substr(${column}, 1, 10)) - julianday(${startDay})) / 7 AS INTEGER)`;
}

/** One week's count: `week` is the index from weekIndex. */
export interface WeekCount {
  week: number;
  n: number;
}
