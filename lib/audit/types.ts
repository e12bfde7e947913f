/**
 * The shapes the audit log takes in and gives out. Entries are plain data (strings, numbers,
 * JSON details) so pages, exports and tests can use them as they are.
 */
import type { AuditOutcome } from "@/db/types";

export type { AuditOutcome };

/** Who did it. Background work (the batch poller, start-up recovery) acts as SYSTEM_ACTOR. */
export interface AuditActor {
  id: number | null;
  /** lower-case e-mail of a staff account, "system" or "host" */
  email: string;
  role: string | null;
}

export const SYSTEM_ACTOR: AuditActor = Object.freeze({ id: null, email: "system", role: null });

/**
 * Someone with a shell on the portal's host, at its command line (`npm run staff`): not a
 * staff account, so the entry names the host rather than a person the portal can vouch for.
 */
export const HOST_ACTOR: AuditActor = Object.freeze({ id: null, email: "host", role: null });

/** What it was done to, e.g. { type: "certificate", id: "<serial>" } or { type: "batch", id: "10000" }. */
export interface AuditTarget {
  type: string;
  id: string | number;
}

/** JSON-able details; passed through the redaction scrubber before they are stored. */
export type AuditDetails = Record<string, unknown>;

export interface AuditEntryInput {
  actor: AuditActor;
  /** `noun.verb`, lower-case, e.g. `certificate.revoke`, `batch.create`, `auth.login` */
  action: string;
  outcome: AuditOutcome;
  target?: AuditTarget | null;
  /** the seq of the intent this outcome closes */
  intentSeq?: number | null;
  ip?: string | null;
  details?: AuditDetails;
}

/** What an append wrote: enough to link an outcome to its intent. */
export interface AppendedAudit {
  seq: number;
  at: string;
  hash: string;
}

/** A stored entry as pages and exports see it. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: AuditActor;
  action: string;
  target: { type: string; id: string } | null;
  outcome: AuditOutcome;
  intentSeq: number | null;
  ip: string | null;
  details: AuditDetails;
  prevHash: string;
  hash: string;
}
