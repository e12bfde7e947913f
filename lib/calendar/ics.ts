/**
 * Writing iCalendar (RFC 5545) text: just what a feed of all-day events needs.
 * - Lines end in CRLF (RFC 5545 §3.1).
 * - A content line longer than 75 octets is folded: CRLF followed by one space, each physical
 *   line at most 75 octets of UTF-8, never splitting a multi-byte character (§3.1).
 * - TEXT values escape backslash, semicolon and comma with a backslash, and a newline as
 *   "\n" (§3.3.11); other control characters are dropped, since TEXT may not hold them.
 */

/** A TEXT property value, escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

const MAX_OCTETS = 75;

/** One content line folded into physical lines of at most 75 octets, joined by CRLF + space. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, "utf8") <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  // A continuation line starts with the space that marks it, which counts towards its 75.
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** A DATE value (all-day): `20270115` for the UTC day of `iso`. */
export function icsDate(iso: string | Date): string {
  return new Date(iso).toISOString().slice(0, 10).replace(/-/g, "");
}

/** A UTC DATE-TIME value: `20270115T093000Z`. */
export function icsDateTime(iso: string | Date): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

export interface AllDayEvent {
  uid: string;
  /** the day the event is on (its UTC date) */
  day: string | Date;
  summary: string;
  description?: string;
  url?: string;
}

export interface CalendarText {
  prodId: string;
  /** the calendar's name as calendar apps show it (X-WR-CALNAME) */
  name: string;
  /** when the feed was made: every event's DTSTAMP */
  stamp: Date;
  events: readonly AllDayEvent[];
}

function property(name: string, value: string): string {
  return `${foldLine(`${name}:${value}`)}\r\n`;
}

/** The whole calendar as text, one event per entry, CRLF line ends and folded lines. */
export function writeCalendar(calendar: CalendarText): string {
  const stamp = icsDateTime(calendar.stamp);
  let out = property("BEGIN", "VCALENDAR") + property("VERSION", "2.0") + property("PRODID", escapeText(calendar.prodId)) + property("CALSCALE", "GREGORIAN");
  out += property("METHOD", "PUBLISH") + property("X-WR-CALNAME", escapeText(calendar.name));
  for (const event of calendar.events) {
    const start = new Date(new Date(event.day).toISOString().slice(0, 10) + "T00:00:00.000Z");
    const end = new Date(start.getTime() + 86_400_000);
    out += property("BEGIN", "VEVENT");
    out += property("UID", escapeText(event.uid));
    out += property("DTSTAMP", stamp);
    out += property("DTSTART;VALUE=DATE", icsDate(start));
    out += property("DTEND;VALUE=DATE", icsDate(end));
    out += property("SUMMARY", escapeText(event.summary));
    if (event.description) out += property("DESCRIPTION", escapeText(event.description));
    if (event.url) out += property("URL", event.url);
    out += property("TRANSP", "TRANSPARENT");
    out += property("END", "VEVENT");
  }
  return out + property("END", "VCALENDAR");
}
