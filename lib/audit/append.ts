/**
 * Appending to the audit log. Rules (see also lib/audit/index.ts):
 * - appendAudit runs INSIDE the caller's synchronous immediate transaction (writeTx), so the
 *   entry commits or rolls back together with the change it records, and seq = last + 1 is
 *   gapless: a rolled-back transaction takes its seq with it.
 * - Each append also moves the checkpoint (`settings['audit.checkpoint']` = { seq, hash }) in
 *   the same transaction. Verification compares the chain's head with it, which is the only way
 *   to notice that entries were cut off the end.
 */
import "server-only";
import { writeTx, type Db, type Tx } from "@/db/client";
import { appendHead, auditHead, insertAuditRow, writeCheckpointSetting } from "@/db/queries/audit-log";
import { getSettingText } from "@/db/queries/settings";
import { AUDIT_OUTCOMES, type AuditOutcome } from "@/db/types";
import { nowIso, systemClock, type Clock } from "@/db/time";
import { canonicalEntry, canonicalJson, entryHash, GENESIS_HASH, type CanonicalFields } from "@/lib/audit/canonical";
import { AuditInputError } from "@/lib/audit/errors";
import { scrubDetails, scrubText } from "@/lib/audit/redact";
import type { AppendedAudit, AuditEntryInput } from "@/lib/audit/types";

export const CHECKPOINT_KEY = "audit.checkpoint";
/** Canonical details text beyond this is refused: record a summary, not a payload. */
export const MAX_DETAILS_BYTES = 64 * 1024;

const ACTION = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;

export interface AuditCheckpoint {
  seq: number;
  hash: string;
}

export interface AppendOptions {
  clock?: Clock;
}

function short(value: string | null | undefined, max = 512): string | null {
  if (value === null || value === undefined) return null;
  return scrubText(value).slice(0, max);
}

/** Validates and scrubs an entry into the stored columns (all but seq, prev_hash and hash). */
export function prepareEntry(entry: AuditEntryInput, at: string): Omit<CanonicalFields, "seq"> & { outcome: AuditOutcome } {
  if (!ACTION.test(entry.action)) {
    throw new AuditInputError(`Audit action "${entry.action.slice(0, 80)}" is not of the form noun.verb (lower case).`);
  }
  if (!AUDIT_OUTCOMES.includes(entry.outcome)) throw new AuditInputError(`Unknown audit outcome "${entry.outcome}".`);
  const intentSeq = entry.intentSeq ?? null;
  if (intentSeq !== null && (!Number.isSafeInteger(intentSeq) || intentSeq < 1 || entry.outcome === "requested")) {
    throw new AuditInputError("An intent_seq must be a positive integer, on an outcome entry only.");
  }
  if (!entry.actor.email) throw new AuditInputError("An audit entry needs an actor (use SYSTEM_ACTOR for background work).");
  const details = canonicalJson(scrubDetails(entry.details));
  if (Buffer.byteLength(details, "utf8") > MAX_DETAILS_BYTES) {
    throw new AuditInputError(`Audit details for ${entry.action} exceed ${MAX_DETAILS_BYTES} bytes; record a summary.`);
  }
  return {
    at,
    actorId: entry.actor.id,
    actorEmail: entry.actor.email.toLowerCase().toWellFormed(),
    actorRole: entry.actor.role === null ? null : entry.actor.role.toWellFormed(),
    action: entry.action,
    targetType: short(entry.target?.type, 64),
    targetId: entry.target ? short(String(entry.target.id)) : null,
    outcome: entry.outcome,
    intentSeq,
    ip: short(entry.ip, 64),
    details,
  };
}

export { auditHead };

export function readCheckpoint(tx: Tx | Db): AuditCheckpoint | null {
  const value = getSettingText(tx, CHECKPOINT_KEY);
  return value !== undefined ? parseCheckpoint(value) : null;
}

export function parseCheckpoint(value: string): AuditCheckpoint | null {
  try {
    const parsed = JSON.parse(value) as Partial<AuditCheckpoint>;
    if (typeof parsed.seq === "number" && typeof parsed.hash === "string") return { seq: parsed.seq, hash: parsed.hash };
  } catch {
    // a damaged checkpoint reads as none; verification reports it
  }
  return null;
}

/** Appends one entry inside the caller's write transaction and returns its seq, time and hash. */
export function appendAudit(tx: Tx, entry: AuditEntryInput, options: AppendOptions = {}): AppendedAudit {
  const at = nowIso(options.clock ?? systemClock);
  const fields = prepareEntry(entry, at);
  const head = appendHead(tx);
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const hash = entryHash(prevHash, canonicalEntry({ ...fields, seq }));
  insertAuditRow(tx, { ...fields, seq, prevHash, hash });
  writeCheckpointSetting(tx, CHECKPOINT_KEY, JSON.stringify({ seq, hash }), at);
  return { seq, at, hash };
}

/** One entry in its own immediate transaction (for events that change nothing else). */
export function recordAudit(db: Db, entry: AuditEntryInput, options: AppendOptions = {}): AppendedAudit {
  return writeTx(db, (tx) => appendAudit(tx, entry, options));
}
