/**
 * Text made safe for HTML, for the few places that write markup as a string (the table rows of
 * the certificate search and the audit log, the expiry e-mail). Safe in element text and in a
 * double-quoted attribute value: & < > " ' become entities, so a value like
 * `"><img src=x onerror=…>` stays text.
 *
 * Characters outside ASCII become numeric references too (é → &#233;): the browser shows the
 * same text, and a page of rows stays a one-byte string in V8. One character beyond Latin-1
 * (a dash, any non-Latin script) would make V8 store the whole string at two bytes a character,
 * and a page of rows then crosses V8's 128 kB large-object line (docs/operations.md §7.1);
 * the rest of non-ASCII is escaped with it, so markup is ASCII whatever the data.
 */
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const NEEDS_ESCAPE = /[&<>"']|[^\x00-\x7f]/;
const ESCAPED = /[&<>"']|[^\x00-\x7f]/gu;

export function escapeHtml(value: string | number): string {
  const text = String(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPED, (c) => ENTITIES[c] ?? `&#${c.codePointAt(0)!};`);
}
