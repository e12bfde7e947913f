/**
 * Statements built and prepared once per connection. Drizzle builds a query's SQL again on
 * every call, and better-sqlite3 prepares it again: for a wide select on a small table that is
 * several times what SQLite needs to run it (the dashboard's in-flight batches: 0.3 ms to build
 * and prepare, 0.04 ms to run; docs/operations.md §7.1). Queries a page runs on every view are
 * written with `sql.placeholder` for their values and kept here.
 *
 *   const recent = preparedPerConnection((db) => db.select(…).limit(sql.placeholder("limit")).prepare());
 *   recent(db).all({ limit: 10 });
 */
import "server-only";
import type { Db, Tx } from "@/db/client";

export function preparedPerConnection<T>(build: (db: Db | Tx) => T): (db: Db | Tx) => T {
  // Keyed by the handle: a transaction's handle is short-lived, and its entry goes with it.
  const kept = new WeakMap<Db | Tx, T>();
  return (db) => {
    let prepared = kept.get(db);
    if (prepared === undefined) {
      prepared = build(db);
      kept.set(db, prepared);
    }
    return prepared;
  };
}
