/**
 * "More than N" kept for a while. A count that stops at a cap reads cap + 1 index entries when
 * it reaches it — at a million rows, the largest part of an unfiltered or broadly filtered
 * page's own time (docs/operations.md §7.1) — and that answer hardly ever changes. Only a count
 * under the cap is a figure a person reads closely, and that one is always counted afresh.
 * The cost of keeping it: a set that falls under the cap (a mass revocation) may still read
 * "more than N" for up to `keptMs`.
 *
 * One keeper per kind of count (the certificate search, the audit log, the expiry watch's large
 * groups), per connection; a key names the count (its filters and cap, never its order or page).
 */
import "server-only";
import type { Db } from "@/db/client";

export interface CappedCount {
  count: number;
  capped: boolean;
}

export interface CappedCountKeeper {
  /**
   * The kept "more than `cap`" while it is fresh, else `count()` (kept when capped).
   * `fresh`: count now, whatever is kept (for a record, such as an export's audit entry).
   */
  count(db: Db, key: string, cap: number, now: Date, count: () => CappedCount, options?: { fresh?: boolean }): CappedCount;
  /** Whether "more than the cap" is kept for `key` at `now` (for counts taken several at once). */
  isKept(db: Db, key: string, now: Date): boolean;
  /** Records a count just taken: kept when capped, forgotten when not. */
  record(db: Db, key: string, now: Date, capped: boolean): void;
}

export const CAPPED_KEPT_MS = 30_000;
const KEPT_VERDICTS = 256;

export function cappedCountKeeper(keptMs = CAPPED_KEPT_MS): CappedCountKeeper {
  const until = new WeakMap<Db, Map<string, number>>();
  const keptOf = (db: Db) => {
    let kept = until.get(db);
    if (!kept) until.set(db, (kept = new Map()));
    return kept;
  };
  const keeper: CappedCountKeeper = {
    isKept(db, key, now) {
      const t = now.getTime();
      const keptUntil = keptOf(db).get(key);
      // a clock that went back counts again rather than trusting a verdict from its future
      return keptUntil !== undefined && t < keptUntil && t >= keptUntil - keptMs;
    },
    record(db, key, now, capped) {
      const kept = keptOf(db);
      kept.delete(key);
      if (!capped) return;
      if (kept.size >= KEPT_VERDICTS) kept.delete(kept.keys().next().value!);
      kept.set(key, now.getTime() + keptMs);
    },
    count(db, key, cap, now, count, options = {}) {
      if (!options.fresh && keeper.isKept(db, key, now)) return { count: cap, capped: true };
      const result = count();
      keeper.record(db, key, now, result.capped);
      return result;
    },
  };
  return keeper;
}
