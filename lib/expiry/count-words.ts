/**
 * How far the expiry watch counts a group: like the certificate search (lib/inventory
 * COUNT_CAP), a count stops just past 10,000 and says "more than 10,000", so the counts on the
 * page, the dashboard and every page's navigation cost the same in any inventory. Pure, so
 * client components word the counts alike.
 */
export const EXPIRY_COUNT_CAP = 10_000;

/** "1,234", or "more than 10,000" for a count that stopped at the cap. */
export function countWords(n: number): string {
  return n > EXPIRY_COUNT_CAP ? `more than ${EXPIRY_COUNT_CAP.toLocaleString("en")}` : n.toLocaleString("en");
}

/** The short form for a badge: "10,000+". */
export function countBadge(n: number): string {
  return n > EXPIRY_COUNT_CAP ? `${EXPIRY_COUNT_CAP.toLocaleString("en")}+` : n.toLocaleString("en");
}
