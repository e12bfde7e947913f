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
 * It also holds the log to the signed checkpoints stored beside it (docs/security.md S21):
 * each must lie within the log and match the chain at its seq, and with a trusted public key
 * each of that key's must carry a valid signature. An empty log beside staff accounts fails.
 *
 * What it cannot do: someone with write access to the file can rebuild the whole chain and
 * the checkpoint, and remove the stored signed checkpoints after their change. A head kept
 * outside the database — a signed checkpoint file (`checkpoint`) or a recorded head
 * (`anchor`) — closes that gap.
 */
import "server-only";
import type { Db } from "@/db/client";
import { withAuditSnapshot, type AuditChainReader, type RawAuditRow as RawRow, type SignedCheckpointRow } from "@/db/queries/audit-log";
import { CHECKPOINT_KEY, parseCheckpoint, type AuditCheckpoint } from "@/lib/audit/append";
import { canonicalEntry, canonicalHashInputSql, entryHash, GENESIS_HASH, hashInput } from "@/lib/audit/canonical";
import { checkpointSignatureValid, type SignedCheckpointFile } from "@/lib/audit/checkpoints";
import { parsePublicKeyPem, type AuditPublicKey } from "@/lib/audit/signing-key";

export type AuditProblem = "changed" | "deleted" | "inserted" | "reordered" | "truncated" | "bad-genesis" | "bad-checkpoint";

/** What the signed checkpoints stored in the database showed. */
export interface SignedCheckpointSummary {
  stored: number;
  /** how many carry a valid signature of the trusted key (0 when no key was given) */
  verified: number;
  latestSeq: number | null;
}

export type VerifyResult =
  | { ok: true; count: number; headSeq: number; headHash: string; checkpoint: AuditCheckpoint | null; signed: SignedCheckpointSummary }
  | { ok: false; firstBadSeq: number; problem: AuditProblem; message: string; checked: number };

export interface VerifyOptions {
  /** called after each chunk */
  onProgress?: (progress: { checked: number; total: number }) => void;
  /** an externally recorded head to check against as well */
  anchor?: AuditCheckpoint;
  chunkSize?: number;
  /**
   * The audit public key the verifier trusts: stored checkpoints signed by it must carry a
   * valid signature, and a checkpoint file is checked against it.
   */
  publicKey?: AuditPublicKey;
  /** a signed checkpoint kept outside the portal: the log must still extend it */
  checkpoint?: SignedCheckpointFile;
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
  const emptyProblem = head.seq === 0 ? emptyLogProblem(reader) : null;
  if (emptyProblem) return emptyProblem;
  const recordedProblem = checkHead(reader, head, checkpoint, "recorded checkpoint", head.seq);
  if (recordedProblem) return recordedProblem;
  const key = options.publicKey;
  // Each signature is checked once: a year of hourly checkpoints is some 9,000 of them.
  const signed: CheckedCheckpoint[] = reader
    .signedCheckpoints()
    .map((c) => ({ ...c, signatureValid: key ? checkpointSignatureValid(key, c, c.signature) : null }));
  const signedProblem = checkSignedCheckpoints(reader, head, signed, key);
  if (signedProblem) return signedProblem;
  if (options.anchor) {
    const anchorProblem = checkHead(reader, head, options.anchor, "head you recorded", head.seq);
    if (anchorProblem) return anchorProblem;
  }
  if (options.checkpoint) {
    const fileProblem = checkCheckpointFile(reader, head, signed, options.checkpoint, key);
    if (fileProblem) return fileProblem;
  }
  return {
    ok: true,
    count: head.seq,
    headSeq: head.seq,
    headHash: head.hash,
    checkpoint,
    signed: {
      stored: signed.length,
      verified: signed.filter((c) => c.signatureValid === true).length,
      latestSeq: signed.length > 0 ? Math.max(...signed.map((c) => c.seq)) : null,
    },
  };
}

/**
 * An empty log is only believable in a database nobody has used: creating a staff account is
 * itself an audit entry, so accounts beside an empty log mean its entries were wiped (with the
 * checkpoint, which is why nothing else notices).
 */
function emptyLogProblem(reader: AuditChainReader): Failure | null {
  const staff = reader.staffCount();
  if (staff === 0) return null;
  return bad(1, "truncated", `The audit log is empty, but the database holds ${staff} staff account${staff === 1 ? "" : "s"}, whose creation was recorded in it: its entries were removed.`, 0);
}

function signedAt(c: { at: string }): string {
  return `the signed checkpoint of ${c.at.replace("T", " ").slice(0, 19)} UTC`;
}

/** A stored checkpoint with its signature checked against the trusted key (null: no key given). */
type CheckedCheckpoint = SignedCheckpointRow & { signatureValid: boolean | null };

/**
 * The first entry that can differ when the chain at `seq` no longer matches a signed
 * checkpoint: one after the latest stored signed checkpoint below `seq` that still matches
 * (and, when a key is trusted, carries its valid signature). Without the original entries
 * nothing narrower can be known: the chain after a rewrite is self-consistent.
 */
function firstDifferingSeq(reader: AuditChainReader, signed: CheckedCheckpoint[], seq: number): number {
  let lastGood = 0;
  for (const c of signed) {
    if (c.seq >= seq) break;
    if (c.signatureValid !== false && reader.hashAtSeq(c.seq) === c.headHash) lastGood = c.seq;
  }
  return lastGood + 1;
}

function differsMessage(first: number, seq: number, what: string): string {
  if (first === seq) return `Entry ${seq} differs from ${what}: it was changed or replaced, and the chain after it rebuilt.`;
  return `The chain at entry ${seq} differs from ${what}, and matches the signed checkpoints up to #${first - 1}: the first changed entry is one of #${first}–#${seq}.`;
}

/**
 * Every stored signed checkpoint must lie within the log and match the chain at its seq; one
 * beyond the head means entries were cut off the end even if the settings checkpoint was moved
 * back with them.
 */
function checkSignedCheckpoints(
  reader: AuditChainReader,
  head: AuditCheckpoint,
  signed: CheckedCheckpoint[],
  key: AuditPublicKey | undefined,
): Failure | null {
  for (const c of signed) {
    if (key && c.keyId === key.keyId && c.signatureValid === false) {
      return bad(c.seq, "bad-checkpoint", `Signed checkpoint #${c.id} (entry ${c.seq}) does not carry a valid signature of key ${key.keyId}: it was forged or altered.`, head.seq);
    }
  }
  const latest = signed.reduce<CheckedCheckpoint | null>((a, c) => (a === null || c.seq > a.seq ? c : a), null);
  if (latest && latest.seq > head.seq) {
    const range = latest.seq === head.seq + 1 ? `Entry ${latest.seq} was` : `Entries ${head.seq + 1}–${latest.seq} were`;
    return bad(head.seq + 1, "truncated", `${range} cut off the end of the log: ${signedAt(latest)} covers #${latest.seq}.`, head.seq);
  }
  for (const c of signed) {
    if (reader.hashAtSeq(c.seq) !== c.headHash) {
      const first = firstDifferingSeq(reader, signed, c.seq);
      return bad(first, "changed", differsMessage(first, c.seq, signedAt(c)), head.seq);
    }
  }
  return null;
}

/** A checkpoint file kept outside: its signature, then that the log still extends it. */
function checkCheckpointFile(
  reader: AuditChainReader,
  head: AuditCheckpoint,
  signed: CheckedCheckpoint[],
  file: SignedCheckpointFile,
  trusted: AuditPublicKey | undefined,
): Failure | null {
  const c = file.checkpoint;
  const key = trusted ?? parsePublicKeyPem(file.publicKey);
  if (!checkpointSignatureValid(key, c, file.signature)) {
    const why = c.keyId !== key.keyId ? `it names key ${c.keyId}, not ${key.keyId}` : "the signature does not match its contents";
    return { ok: false, firstBadSeq: c.seq, problem: "bad-checkpoint", message: `The checkpoint file is not validly signed: ${why}.`, checked: head.seq };
  }
  if (head.seq < c.seq) {
    return bad(head.seq + 1, "truncated", `The log ends at #${head.seq}, but the signed checkpoint you kept covers #${c.seq}: entries were cut off the end.`, head.seq);
  }
  if (reader.hashAtSeq(c.seq) !== c.headHash) {
    const first = firstDifferingSeq(reader, signed, c.seq);
    const kept = signed.some((s) => s.seq === c.seq && s.headHash === c.headHash && s.signature === file.signature);
    const removed = kept ? "" : " The database no longer holds this checkpoint either: it was removed.";
    return bad(first, "changed", differsMessage(first, c.seq, "the signed checkpoint you kept") + removed, head.seq);
  }
  return null;
}

/** Verifies the whole chain of `db`'s file; see the module comment for what it detects. */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<VerifyResult> {
  return withAuditSnapshot(db, canonicalHashInputSql(), (reader) => walk(reader, options));
}
