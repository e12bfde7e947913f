/**
 * Timestamps as the database stores them: ISO-8601 UTC with milliseconds, exactly what
 * `Date#toISOString()` writes (24 characters), so text order is time order. The schema's
 * CHECK constraints refuse any other shape; make every stored time through here.
 */

/** A clock that tests can replace. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The stored form of a time. Throws on an invalid date rather than storing "Invalid Date". */
export function toIso(value: Date | number | string): string {
  const date = value instanceof Date ? value : new Date(value);
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid time: ${String(value)}`);
  const iso = date.toISOString();
  // Years past 9999 get a "+0…" form that breaks text ordering; no certificate we store needs them.
  if (iso.length !== 24) throw new RangeError(`time out of the supported range (years 0000–9999): ${iso}`);
  return iso;
}

export function nowIso(clock: Clock = systemClock): string {
  return toIso(clock());
}
