/**
 * Test support: SQLite's plan for a statement (EXPLAIN QUERY PLAN), its steps' details one per
 * line, and the statements a call prepares, each with its plan. Not a test file itself.
 */
import type { Db } from "@/db/client";

export function queryPlan(db: Db, sqlText: string, params: readonly unknown[] = []): string {
  const steps = db.$client.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...params) as { detail: string }[];
  return steps.map((s) => s.detail).join("\n");
}

/**
 * Every statement `call` prepares, in order, with its plan. Parameters are bound as NULL: the
 * database has no statistics (no ANALYZE), so a plan follows from the SQL and the schema alone.
 */
export function preparedPlans(db: Db, call: () => unknown): { text: string; plan: string }[] {
  const client = db.$client;
  const texts: string[] = [];
  const prepare = client.prepare;
  client.prepare = ((text: string) => {
    texts.push(text);
    return prepare.call(client, text);
  }) as typeof client.prepare;
  try {
    call();
  } finally {
    delete (client as { prepare?: unknown }).prepare; // the prototype's again
  }
  return texts.map((text) => ({ text, plan: queryPlan(db, text, Array.from({ length: (text.match(/\?/g) ?? []).length }, () => null)) }));
}
