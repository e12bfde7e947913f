/**
 * CSV cells safe to open in a spreadsheet (docs/security.md S14): RFC 4180 quoting, and any cell
 * that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
 * return) is prefixed with a single quote, as OWASP's CSV-injection guidance recommends.
 */
import "server-only";

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
