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
import type Database from "better-sqlite3";
import { is, SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db, Tx } from "@/db/client";

/** Renders `sql` templates as SQLite text and parameters, as Drizzle's own queries are rendered. */
const dialect = new SQLiteSyncDialect();

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

/**
 * How many built queries each connection keeps prepared (a search's shapes: filters × sort ×
 * page links). A query given to valuesOf binds a list as one JSON array (`json_each`), never as
 * a placeholder per item: each length would be a shape of its own.
 */
const KEPT_STATEMENTS = 64;
const keptStatements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The rows of a query Drizzle built, as arrays (`.values()`), through a statement kept per
 * connection by its SQL text. For queries whose SQL depends on the request (the certificate
 * search: which filters, which sort), so preparedPerConnection cannot hold them: building stays
 * per call, preparing (a quarter of such a query's cost) is done once per shape. Kept
 * statements are never iterated, so one is never busy when asked again; the least recently
 * used goes when more than KEPT_STATEMENTS shapes are in use. A query written as one `sql`
 * template is rendered in a fifth of the time Drizzle's select builder takes (it walks every
 * selected column on every call).
 */
export function valuesOf(db: Db | Tx, query: SQL | { toSQL(): { sql: string; params: unknown[] } }): unknown[][] {
  const { sql, params } = is(query, SQL) ? dialect.sqlToQuery(query) : query.toSQL();
  let kept = keptStatements.get(db.$client);
  if (!kept) keptStatements.set(db.$client, (kept = new Map()));
  let statement = kept.get(sql);
  if (statement) {
    kept.delete(sql);
  } else {
    statement = db.$client.prepare(sql).raw(true);
    if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
  }
  kept.set(sql, statement);
  return statement.all(...params) as unknown[][];
}
