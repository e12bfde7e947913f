/**
 * "More than N" kept for a while. A count that stops at a cap reads cap + 1 index entries when
 * it reaches it — at a million rows, the largest part of an unfiltered or broadly filtered
 * page's own time (docs/operations.md §7.1) — and that answer hardly ever changes. Only a count
 * under the cap is a figure a person reads closely, and that one is always counted afresh.
 * The cost of keeping it: a set that falls under the cap (a mass revocation) may still read
 * "more than N" for up to `keptMs`.
 *
 * One keeper per kind of count (the certificate search, the audit log), per connection; a key
 * names the count (its filters and cap, never its order or page).
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
}

export const CAPPED_KEPT_MS = 30_000;
const KEPT_VERDICTS = 256;

export function cappedCountKeeper(keptMs = CAPPED_KEPT_MS): CappedCountKeeper {
  const until = new WeakMap<Db, Map<string, number>>();
  return {
    count(db, key, cap, now, count, options = {}) {
      let kept = until.get(db);
      if (!kept) until.set(db, (kept = new Map()));
      const t = now.getTime();
      const keptUntil = kept.get(key);
      // a clock that went back counts again rather than trusting a verdict from its future
      if (!options.fresh && keptUntil !== undefined && t < keptUntil && t >= keptUntil - keptMs) return { count: cap, capped: true };
      const result = count();
      kept.delete(key);
      if (result.capped) {
        if (kept.size >= KEPT_VERDICTS) kept.delete(kept.keys().next().value!);
        kept.set(key, t + keptMs);
      }
      return result;
    },
  };
}
