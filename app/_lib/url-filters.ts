/**
 * What the list pages (certificates, audit, batches) share in reading their filters from the
 * URL query and writing them back into links. Each page keeps its own fields and sentences;
 * this module holds the rules they have in common. Pure: unit-tested, and safe to import from
 * a client component.
 *
 * Rules: a parameter given twice counts once (the first); text is trimmed and cut to a
 * length, so a crafted link cannot make a page echo a novel; dates are whole UTC days, and a
 * range's `to` day is inclusive (the query gets `< to + 1 day`).
 */

/** A page's `searchParams`, as Next.js hands them over. */
export type SearchParams = Record<string, string | string[] | undefined>;

const DAY_MS = 86_400_000;

/** Reads one parameter: its first value, trimmed, at most `max` characters ("" when absent). */
export type ParamReader = (key: string, max?: number) => string;

export function paramReader(params: SearchParams | URLSearchParams, defaultMax: number): ParamReader {
  return (key, max = defaultMax) => {
    const raw = params instanceof URLSearchParams ? params.get(key) : params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    return (value ?? "").trim().slice(0, max);
  };
}

/** True when `value` is one of `allowed`; narrows it to that union. */
export function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

/**
 * A whole number from 1 to `max` written with at most `maxDigits` digits, or null. The digit
 * limit keeps Number() away from texts too long to be a real position or id.
 */
export function positiveInteger(text: string, maxDigits: number, max: number = Number.MAX_SAFE_INTEGER): number | null {
  const n = new RegExp(`^\\d{1,${maxDigits}}$`).test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) && n >= 1 && n <= max ? n : null;
}

/** A YYYY-MM-DD date as the start of that UTC day, or null (2026-02-31 is null). */
export function parseDay(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // Date.UTC rolls 2026-02-31 over into March; only a date that round-trips is real.
  return date.toISOString().slice(0, 10) === text ? date : null;
}

export interface DayRange {
  /** start of the `from` UTC day */
  from?: Date;
  /** start of the day AFTER `to`, so the whole `to` day is included */
  toExclusive?: Date;
}

/**
 * Reads a from/to pair of days. A text that is not a date is dropped with a sentence (using
 * the page's own `labels` for the two fields) and comes back as "" so the form shows it
 * empty; a `from` after `to` is kept but said, since nothing can match.
 */
export function parseDayRange(
  text: { from: string; to: string },
  labels: { from: string; to: string },
  problems: string[],
): { range: DayRange; from: string; to: string } {
  const range: DayRange = {};
  let { from, to } = text;
  if (from) {
    const day = parseDay(from);
    if (day) range.from = day;
    else {
      problems.push(`The "${labels.from}" date "${from}" is not a date like 2026-01-31; it was ignored.`);
      from = "";
    }
  }
  if (to) {
    const day = parseDay(to);
    if (day) range.toExclusive = new Date(day.getTime() + DAY_MS);
    else {
      problems.push(`The "${labels.to}" date "${to}" is not a date like 2026-01-31; it was ignored.`);
      to = "";
    }
  }
  if (range.from && range.toExclusive && range.from >= range.toExclusive) {
    problems.push(`The "${labels.from}" date is after the "${labels.to}" date, so nothing can match.`);
  }
  return { range, from, to };
}

/**
 * The query string (with "?", or "") holding the set `keys` of `query` in that order, then
 * `extra` (a page, a format…). An empty or undefined extra removes its key, so
 * `{ page: undefined }` links to the first page.
 */
export function queryString<K extends string>(
  keys: readonly K[],
  query: Partial<Record<K, string>>,
  extra: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined || value === "") params.delete(key);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
