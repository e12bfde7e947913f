/**
 * Time formats of the Go CLI, so scripts that read its output keep working:
 * - Go's default `Time.String()` layout, `2024-05-01 10:15:00 -0500 CDT` (`auth --debug`);
 * - RFC 3339 in local time, `2024-05-01T10:15:00-05:00` (the credentials cache, yaml.v2).
 *
 * Both use the process time zone unless one is given. Go prints the tz database
 * abbreviation; Intl only knows some (CDT, EST, UTC, GMT…) and says "GMT+2" for the rest.
 * When it has no alphabetic abbreviation we print the numeric offset instead, which is
 * what Go itself prints for a zone without a name (e.g. `+0200 +0200`).
 */

interface ZonedParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** Minutes east of UTC. */
  offsetMinutes: number;
  abbreviation: string;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function formatter(cache: Map<string, Intl.DateTimeFormat>, timeZone: string | undefined, options: Intl.DateTimeFormatOptions) {
  const key = timeZone ?? "";
  let f = cache.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", { ...options, ...(timeZone === undefined ? {} : { timeZone }) });
    cache.set(key, f);
  }
  return f;
}

function zonedParts(date: Date, timeZone?: string): ZonedParts {
  const parts = formatter(partsFormatters, timeZone, {
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "longOffset",
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const offsetMinutes = parseGmtOffset(get("timeZoneName"));
  const short =
    formatter(nameFormatters, timeZone, { timeZoneName: "short" })
      .formatToParts(date)
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  return {
    year: get("year").padStart(4, "0"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
    offsetMinutes,
    abbreviation: /^[A-Z]{2,6}$/.test(short) ? short : numericOffset(offsetMinutes, ""),
  };
}

/** "GMT", "GMT+02:00", "GMT-05:30" → minutes east of UTC. */
function parseGmtOffset(text: string): number {
  const m = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(text);
  if (m === null || m[1] === undefined) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? "0");
  return m[1] === "-" ? -minutes : minutes;
}

function numericOffset(offsetMinutes: number, separator: string): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${sign}${hh}${separator}${mm}`;
}

/** Go trims trailing zeros of the fraction and drops it when zero (".999999999" layouts). */
function fraction(date: Date): string {
  const ms = date.getTime() % 1000;
  const positive = ms < 0 ? ms + 1000 : ms;
  return positive === 0 ? "" : `.${String(positive).padStart(3, "0").replace(/0+$/, "")}`;
}

/** Go's default `Time.String()` format: `2024-05-01 10:15:00 -0500 CDT`. */
export function formatGoTime(date: Date, timeZone?: string): string {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}${fraction(date)} ${numericOffset(p.offsetMinutes, "")} ${p.abbreviation}`;
}

/** RFC 3339 (Go's RFC3339Nano) in local time: `2024-05-01T10:15:00-05:00`, or `…Z` at UTC. */
export function formatRfc3339Local(date: Date, timeZone?: string): string {
  const p = zonedParts(date, timeZone);
  const zone = p.offsetMinutes === 0 ? "Z" : numericOffset(p.offsetMinutes, ":");
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${fraction(date)}${zone}`;
}
