/**
 * What "replaced" means, in one place: the expiry watch (its groups), the expiry notices (only
 * certificates with no replacement are notified) and the certificate pages (replaces /
 * replaced by) all read these conditions.
 *
 * A reissue is a batch whose `reissue_of_serial` names the old certificate; the certificate it
 * produces gets `replaces_serial` when the batch is indexed. So, for a certificate `c`:
 * - replaced: some certificate says it replaces `c`;
 * - replacement in progress: not replaced, and a reissue batch for `c` is still in flight
 *   (IN_FLIGHT_STATES: submitted, processing, ready, downloaded — a rejected or errored one
 *   does not count, the certificate still needs a replacement);
 * - no replacement: neither.
 * Both look-ups use partial indexes that hold only reissues, so they cost one index probe each.
 */
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { IN_FLIGHT_STATES } from "@/db/queries/batches";

const inFlight = sql.raw(IN_FLIGHT_STATES.map((s) => `'${s}'`).join(", "));

/** True when a certificate replaces the one whose serial is `serial` (an SQL expression). */
export function isReplaced(serial: SQL): SQL<number> {
  return sql<number>`EXISTS (SELECT 1 FROM certificates AS replacement WHERE replacement.replaces_serial = ${serial})`;
}

/** True when a reissue batch for `serial` is in flight (an SQL expression). */
export function hasReplacementInProgress(serial: SQL): SQL<number> {
  return sql<number>`EXISTS (SELECT 1 FROM batches AS reissue WHERE reissue.reissue_of_serial = ${serial} AND reissue.state IN (${inFlight}))`;
}

export type ReplacementState = "none" | "in-progress" | "replaced";

/** The replacement state of `serial` as an SQL CASE giving 'replaced', 'in-progress' or 'none'. */
export function replacementState(serial: SQL): SQL<ReplacementState> {
  return sql<ReplacementState>`CASE WHEN ${isReplaced(serial)} THEN 'replaced' WHEN ${hasReplacementInProgress(serial)} THEN 'in-progress' ELSE 'none' END`;
}
