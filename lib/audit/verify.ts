/**
 * Verification of the audit chain (docs/security.md S3; its speed: docs/operations.md §7, P7).
 *
 * Walks every entry in seq order, recomputing each hash from the stored prev_hash and the
 * canonical entry, and checking that seq has no gap and prev_hash is the previous entry's hash.
 * At the first entry that fails it names the problem: changed, deleted, inserted, reordered,
 * bad-genesis; after the walk it compares the head with the checkpoint that every append
 * moves, which is how a cut-off tail (truncated) is noticed.
 *
 * It reads through its own read-only connection inside one read transaction: a consistent
 * snapshot while writers carry on, read in chunks with a yield to the event loop between them,
 * so a million entries neither sit in memory nor freeze the server.
 *
 * What it cannot do: someone with write access to the file can rebuild the whole chain and
 * the checkpoint. Recording the head hash outside the database (the audit page shows it) and
 * passing it back as `anchor` closes that gap.
 */
import "server-only";
import type { Db } from "@/db/client";
import { withAuditSnapshot, type AuditChainReader, type RawAuditRow as RawRow } from "@/db/queries/audit-log";
import { CHECKPOINT_KEY, parseCheckpoint, type AuditCheckpoint } from "@/lib/audit/append";
import { canonicalEntry, canonicalHashInputSql, entryHash, GENESIS_HASH, hashInput } from "@/lib/audit/canonical";

export type AuditProblem = "changed" | "deleted" | "inserted" | "reordered" | "truncated" | "bad-genesis";

export type VerifyResult =
  | { ok: true; count: number; headSeq: number; headHash: string; checkpoint: AuditCheckpoint | null }
  | { ok: false; firstBadSeq: number; problem: AuditProblem; message: string; checked: number };

export interface VerifyOptions {
  /** called after each chunk */
  onProgress?: (progress: { checked: number; total: number }) => void;
  /** an externally recorded head to check against as well */
  anchor?: AuditCheckpoint;
  chunkSize?: number;
}

function hashAt(r: RawRow, seq: number): string {
  return entryHash(
    r[12],
    canonicalEntry({
      seq,
      at: r[1],
      actorId: r[2],
      actorEmail: r[3],
      actorRole: r[4],
      action: r[5],
      targetType: r[6],
      targetId: r[7],
      outcome: r[8],
      intentSeq: r[9],
      ip: r[10],
      details: r[11],
    }),
  );
}

type Failure = Extract<VerifyResult, { ok: false }>;

const ADVICE = " Restore the database from a backup taken before it, and find out who had access to the file.";

function bad(firstBadSeq: number, problem: AuditProblem, message: string, checked: number): Failure {
  return { ok: false, firstBadSeq, problem, message: message + ADVICE, checked };
}

/** Names what is wrong at the first entry `r` that does not continue the chain from `prevHash`. */
function diagnose(reader: AuditChainReader, r: RawRow, expected: number, prevHash: string, checked: number): Failure {
  const e = expected;
  const seq = r[0];
  if (seq > e) {
    return bad(e, "deleted", seq - 1 === e ? `Entry ${e} is missing.` : `Entries ${e}–${seq - 1} are missing.`, checked);
  }
  const storedHash = r[13];
  const selfOk = hashAt(r, seq) === storedHash;
  const linkOk = r[12] === prevHash;

  if (!linkOk) {
    // A genuine entry from elsewhere sits here, and the entry that belongs here sits later.
    const holder = reader.seqHoldingHash(r[12], e - 1);
    const successor = reader.laterSuccessor(prevHash, e);
    if (holder !== undefined && successor !== undefined) {
      return bad(e, "reordered", `Entry ${e} is out of order: the entry that follows #${e - 1} is stored at #${successor}.`, checked);
    }
  }
  const n = reader.rowAfter(seq);
  if (n && n[12] === prevHash && (hashAt(n, n[0] - 1) === n[13] || hashAt(n, n[0]) === n[13])) {
    return bad(e, "inserted", `Entry ${e} was inserted: entry #${n[0]} is chained to #${e - 1}, not to it.`, checked);
  }
  if (!linkOk && e > 1 && hashAt(r, seq - 1) === storedHash) {
    return bad(e - 1, "inserted", `Entry ${e - 1} was inserted: the entries after it were renumbered to make room.`, checked);
  }
  if (!linkOk && hashAt(r, seq + 1) === storedHash) {
    return bad(e, "deleted", `Entry ${e} was deleted and the entries after it renumbered to hide the gap.`, checked);
  }
  if (e === 1 && r[12] !== GENESIS_HASH) {
    return bad(1, "bad-genesis", "The first entry does not start from the genesis hash (64 zeros).", checked);
  }
  if (linkOk && !selfOk) {
    return bad(e, "changed", `Entry ${e} was changed after it was written: its content no longer matches its hash.`, checked);
  }
  if (!linkOk && selfOk) {
    return bad(e - 1, "changed", `Entry ${e - 1} was changed or replaced: entry #${e} was chained to a different entry.`, checked);
  }
  return bad(e, "changed", `Entry ${e} was changed: neither its link to #${e - 1} nor its own hash is right.`, checked);
}

function checkHead(
  reader: AuditChainReader,
  head: AuditCheckpoint,
  recorded: AuditCheckpoint | null,
  what: string,
  checked: number,
): Failure | null {
  if (recorded === null) {
    if (head.seq === 0) return null;
    return bad(head.seq + 1, "truncated", `The ${what} is missing, so entries cut from the end could not be noticed.`, checked);
  }
  if (head.seq < recorded.seq) {
    const range = recorded.seq === head.seq + 1 ? `Entry ${recorded.seq} was` : `Entries ${head.seq + 1}–${recorded.seq} were`;
    return bad(head.seq + 1, "truncated", `${range} cut off the end of the log (the ${what} is #${recorded.seq}).`, checked);
  }
  if (reader.hashAtSeq(recorded.seq) !== recorded.hash) {
    return bad(recorded.seq, "changed", `Entry ${recorded.seq} differs from the ${what}.`, checked);
  }
  if (head.seq > recorded.seq && what === "recorded checkpoint") {
    return bad(recorded.seq + 1, "inserted", `Entries after #${recorded.seq} were added without moving the ${what}.`, checked);
  }
  return null;
}

/**
 * Rows come one string each — the stored hash (64 characters) followed by the hash input
 * SQLite encodes (U+0000 ‖ prev_hash ‖ canonical entry) — in chunks of a few thousand: one
 * string per row and short-lived chunks keep a million rows to about the cost of hashing them
 * (docs/operations.md §7, P7).
 */
const HASH_HEX = 64;
const PREV_AT = HASH_HEX + 1; // after the stored hash and the U+0000 separator

async function walk(reader: AuditChainReader, options: VerifyOptions): Promise<VerifyResult> {
  const checkpointValue = reader.settingValue(CHECKPOINT_KEY);
  const checkpoint = checkpointValue === undefined ? null : parseCheckpoint(checkpointValue);
  const total = reader.maxSeq();
  const size = Math.max(100, options.chunkSize ?? 4000);
  // Without a gap anywhere, the n-th row is seq n and the rows need not carry their numbers;
  // with one (tampering), each chunk reads its seqs too, to name the first missing entry.
  const [count, lowest] = reader.countAndLowestSeq();
  const gapless = lowest === 1 && count === total;

  let expected = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = reader.hashChunk(expected - 1, size);
    if (rows.length === 0) break;
    const numbers = gapless ? null : reader.seqChunk(expected - 1, size);
    for (let i = 0; i < rows.length; i++) {
      const seq = numbers ? (numbers[i] as number) : expected;
      const row = rows[i] as string;
      if (seq !== expected || !row.startsWith(prevHash, PREV_AT) || !row.startsWith(hashInput(row.slice(HASH_HEX)))) {
        return diagnose(reader, reader.row(seq) as RawRow, expected, prevHash, expected - 1);
      }
      prevHash = row.slice(0, HASH_HEX);
      expected++;
    }
    options.onProgress?.({ checked: expected - 1, total });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  const head = { seq: expected - 1, hash: prevHash };
  const recordedProblem = checkHead(reader, head, checkpoint, "recorded checkpoint", head.seq);
  if (recordedProblem) return recordedProblem;
  if (options.anchor) {
    const anchorProblem = checkHead(reader, head, options.anchor, "head you recorded", head.seq);
    if (anchorProblem) return anchorProblem;
  }
  return { ok: true, count: head.seq, headSeq: head.seq, headHash: head.hash, checkpoint };
}

/** Verifies the whole chain of `db`'s file; see the module comment for what it detects. */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<VerifyResult> {
  return withAuditSnapshot(db, canonicalHashInputSql(), (reader) => walk(reader, options));
}
