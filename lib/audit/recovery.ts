/**
 * Start-up recovery of intents left without an outcome (the process died between the
 * Sectigo call and recording its result — docs/security.md S2).
 *
 * Rules:
 * - Run it once at start, before serving requests: an intent whose call is still in flight in
 *   a running process would look dangling too (use `olderThan` for periodic sweeps).
 * - Sectigo is the source of truth: the caller's resolver asks it what happened (batch.create →
 *   find the batch by name; certificate.revoke → find by serial and look for REVOKED) and may
 *   return a state change to apply with the outcome.
 * - Every resolution is itself an outcome entry (succeeded / failed / unknown) by the system
 *   actor, with details.resolvedBy = "recovery". A resolver that throws or cannot tell yields
 *   `unknown`. An intent closed meanwhile by someone else is left alone.
 */
import "server-only";
import { writeTx, type Db, type Tx } from "@/db/client";
import { danglingIntentRows, hasAuditOutcome } from "@/db/queries/audit-log";
import type { Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { describe } from "@/lib/audit/errors";
import { toAuditEntry } from "@/lib/audit/query";
import { SYSTEM_ACTOR, type AuditDetails, type AuditEntry } from "@/lib/audit/types";

export interface IntentResolution {
  outcome: "succeeded" | "failed" | "unknown";
  details?: AuditDetails;
  /** State change committed together with the outcome entry. */
  apply?: (tx: Tx) => void;
}

/** Asks Sectigo what became of an intent; null when it cannot tell (recorded as unknown). */
export type IntentResolver = (intent: AuditEntry) => Promise<IntentResolution | null>;

export interface ResolvedIntent {
  intentSeq: number;
  action: string;
  outcome: IntentResolution["outcome"];
  /** null when another process closed the intent first */
  outcomeSeq: number | null;
}

/** Intents (outcome `requested`) that no entry closes, oldest first. */
export function findDanglingIntents(db: Db, options: { olderThan?: Date; limit?: number } = {}): AuditEntry[] {
  return danglingIntentRows(db, { olderThan: options.olderThan, limit: options.limit ?? 1000 }).map(toAuditEntry);
}

function record(
  db: Db,
  intent: AuditEntry,
  resolution: IntentResolution,
  clock: Clock | undefined,
  withApply: boolean,
): number | null {
  return writeTx(db, (tx) => {
    if (hasAuditOutcome(tx, intent.seq)) return null;
    if (withApply) resolution.apply?.(tx);
    return appendAudit(
      tx,
      {
        actor: SYSTEM_ACTOR,
        action: intent.action,
        target: intent.target,
        outcome: resolution.outcome,
        intentSeq: intent.seq,
        details: { ...(resolution.details ?? {}), resolvedBy: "recovery" },
      },
      { clock },
    ).seq;
  });
}

/** Resolves every dangling intent through `resolver`, one at a time, and records each result. */
export async function resolveDanglingIntents(
  db: Db,
  resolver: IntentResolver,
  options: { olderThan?: Date; clock?: Clock } = {},
): Promise<ResolvedIntent[]> {
  const resolved: ResolvedIntent[] = [];
  for (const intent of findDanglingIntents(db, { olderThan: options.olderThan, limit: 10_000 })) {
    let resolution: IntentResolution;
    try {
      resolution = (await resolver(intent)) ?? {
        outcome: "unknown",
        details: { reason: "Sectigo could not tell what became of this request" },
      };
    } catch (err) {
      resolution = { outcome: "unknown", details: { reason: "asking Sectigo failed", error: describe(err) } };
    }
    let outcomeSeq: number | null;
    try {
      outcomeSeq = record(db, intent, resolution, options.clock, true);
    } catch (err) {
      // The state change failed; still close the intent truthfully, without it.
      resolution = {
        outcome: "unknown",
        details: { ...(resolution.details ?? {}), resolvedOutcome: resolution.outcome, stateChangeError: describe(err) },
      };
      outcomeSeq = record(db, intent, resolution, options.clock, false);
    }
    resolved.push({ intentSeq: intent.seq, action: intent.action, outcome: resolution.outcome, outcomeSeq });
  }
  return resolved;
}
