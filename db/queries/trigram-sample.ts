/**
 * How common each trigram is in the inventory, estimated from a random sample of rows: the
 * search's planner statistics (docs/operations.md §7.1). FTS5 reads the whole list of rows
 * for every trigram of a phrase, and in a large inventory some trigrams ("api", "de.") sit in
 * a fifth of it, so a long query costs what its commonest trigrams cost. Knowing which are
 * rare, the search reads only those. The sample is an estimate and only steers the plan:
 * whatever it says, the rows found are checked against the whole query.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/** Rows sampled: enough that a trigram in 1 % of the inventory shows up ~50 times. */
const SAMPLE_ROWS = 5_000;
/** A sample is taken again after this long, or once the inventory grew by a tenth. */
const MAX_AGE_MS = 60 * 60 * 1000;
const REGROWTH = 1.1;

export interface TrigramSample {
  /** how many sampled rows hold each trigram (lower case) */
  rows: ReadonlyMap<string, number>;
  /** rows sampled */
  size: number;
}

interface Cached {
  sample: TrigramSample;
  takenAt: number;
  maxId: number;
}

const cache = new WeakMap<Db, Cached>();

/** The distinct trigrams of a text, lower case (as the trigram index folds ASCII case). */
export function trigramsOf(text: string): string[] {
  const chars = [...text.toLowerCase()];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(""));
  return [...out];
}

function take(db: Db, maxId: number): TrigramSample {
  const ids = Array.from({ length: SAMPLE_ROWS }, () => 1 + Math.floor(Math.random() * maxId));
  const sampled = db.all<{ cn: string; sans: string; serial: string }>(
    sql`SELECT common_name AS cn, sans, serial FROM certificates WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
  );
  const rows = new Map<string, number>();
  for (const r of sampled) {
    for (const t of new Set([...trigramsOf(r.cn), ...trigramsOf(r.sans), ...trigramsOf(r.serial)])) rows.set(t, (rows.get(t) ?? 0) + 1);
  }
  return { rows, size: sampled.length };
}

/** The current sample for this database, taken again when stale. */
export function trigramSample(db: Db, now = Date.now()): TrigramSample {
  const maxId = db.get<{ m: number | null }>(sql`SELECT max(id) AS m FROM certificates`)?.m ?? 0;
  const cached = cache.get(db);
  if (cached && now - cached.takenAt < MAX_AGE_MS && maxId <= cached.maxId * REGROWTH) return cached.sample;
  const sample = maxId === 0 ? { rows: new Map<string, number>(), size: 0 } : take(db, maxId);
  cache.set(db, { sample, takenAt: now, maxId });
  return sample;
}

/** The `count` trigrams of `text` held by the fewest sampled rows (unseen ones first). */
export function rarestTrigrams(sample: TrigramSample, text: string, count: number): string[] {
  return trigramsOf(text)
    .map((t) => ({ t, n: sample.rows.get(t) ?? 0 }))
    .sort((a, b) => a.n - b.n)
    .slice(0, count)
    .map((x) => x.t);
}
