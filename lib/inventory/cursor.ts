/**
 * A page's place in a search, as the page links carry it: the sort value and id of the row
 * before (or after) the page, opaque to the user (base64url of a small JSON array). A
 * cursor from an edited or stale address that does not decode is ignored, and the page
 * number alone is used.
 */
import type { SearchCursor } from "@/db/queries/certificates";

/** Long enough for any sort value the inventory holds (a common name is at most a few hundred characters). */
const MAX_VALUE = 1024;

export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id]), "utf8").toString("base64url");
}

export function decodeCursor(text: string | undefined): SearchCursor | undefined {
  if (!text || text.length > 2 * MAX_VALUE || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [value, id] = parsed as unknown[];
  if (!(value === null || (typeof value === "string" && value.length <= MAX_VALUE))) return undefined;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) return undefined;
  return { value, id };
}
