/**
 * The tamper-evident audit log (docs/security.md S1–S4, S11, S14).
 *
 * Rules every caller keeps:
 * 1. An entry is written in the SAME synchronous immediate transaction as the change it records:
 *    `writeTx(db, tx => { change(tx); appendAudit(tx, entry) })`. Never fire-and-forget; an entry
 *    that stands alone uses recordAudit(db, entry).
 * 2. Every Sectigo call goes through withSectigoCall: the intent (`requested`) is committed
 *    BEFORE the call and, if it cannot be, the call is not made (AuditUnavailableError, fail
 *    closed); the outcome (`succeeded` / `failed` / `unknown`, with intent_seq) is committed
 *    after it, together with the state change. Never call Sectigo inside a transaction.
 * 3. At start, resolveDanglingIntents(db, resolver) closes intents a crash left open, by
 *    asking Sectigo, and records each resolution (details.resolvedBy = "recovery").
 * 4. Entries are append-only (the database refuses UPDATE/DELETE), numbered without gaps, and
 *    hash-chained over a canonical encoding (canonical.ts); verifyAuditChain names the first bad
 *    entry on any change, deletion, insertion, reordering or truncation.
 * 5. No secret enters an entry: details pass through the scrubber (redact.ts). Still, put
 *    only what an auditor needs in details — never a password, token or key, even "to debug".
 * 6. What leaves the portal as evidence is signed with the audit key, kept outside the
 *    database (signing-key.ts): checkpoints of the head, hourly and at every export
 *    (checkpoints.ts), and signed export bundles (signed-export.ts); docs/security.md S21.
 */
import "server-only";

export { appendAudit, recordAudit, auditHead, readCheckpoint, CHECKPOINT_KEY, MAX_DETAILS_BYTES } from "@/lib/audit/append";
export type { AuditCheckpoint, AppendOptions } from "@/lib/audit/append";
export { GENESIS_HASH, canonicalEntry, canonicalJson, entryHash } from "@/lib/audit/canonical";
export { csvCell, csvRow } from "@/lib/audit/csv";
export {
  AuditError,
  isAuditError,
  AuditInputError,
  AuditOutcomeNotRecordedError,
  AuditUnavailableError,
  type AuditErrorCode,
} from "@/lib/audit/errors";
export { streamAuditCsv, streamAuditJsonl } from "@/lib/audit/export";
export { countAudit, getAuditEntry, listAudit } from "@/lib/audit/query";
export type { AuditEntryDetail, AuditFilters, AuditPage, AuditPageRequest } from "@/lib/audit/query";
export { findDanglingIntents, resolveDanglingIntents } from "@/lib/audit/recovery";
export type { IntentResolution, IntentResolver, ResolvedIntent } from "@/lib/audit/recovery";
export { REDACTED, errorLogLine, isSecretKey, scrubDetails, scrubText } from "@/lib/audit/redact";
export { classifyCallError, withSectigoCall } from "@/lib/audit/sectigo-call";
export type { CallFailure, FailureOutcome, SectigoCallOptions } from "@/lib/audit/sectigo-call";
export { HOST_ACTOR, SYSTEM_ACTOR } from "@/lib/audit/types";
export type { AppendedAudit, AuditActor, AuditDetails, AuditEntry, AuditEntryInput, AuditOutcome, AuditTarget } from "@/lib/audit/types";
export { verifyAuditChain } from "@/lib/audit/verify";
export { canonicalCheckpoint, checkpointById, checkpointFileOf, parseCheckpointFile, recentCheckpoints, takeCheckpoint } from "@/lib/audit/checkpoints";
export type { AuditCheckpointRow, CheckpointBody, SignedCheckpointFile } from "@/lib/audit/checkpoints";
export type { AuditProblem, SignedCheckpointSummary, VerifyOptions, VerifyResult } from "@/lib/audit/verify";
