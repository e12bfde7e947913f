/**
 * Signed audit checkpoints (docs/security.md S21): the chain's head — its seq and hash — at a
 * moment, signed with the audit signing key (lib/audit/signing-key.ts), which is kept outside
 * the database. A checkpoint downloaded and kept elsewhere proves later that the log still
 * extends what it held then, even against someone who rebuilt the whole chain in the file.
 *
 * The signed bytes (a file format, version 1) are the UTF-8 of this JSON text, with exactly
 * these four keys in this order and no whitespace:
 *
 *   {"seq":<integer>,"headHash":"<64 lower-case hex>","at":"<ISO-8601 UTC, ms>","keyId":"<16 hex>"}
 *
 * The signature is Ed25519 (RFC 8032, pure, no context) over those bytes, stored and shipped
 * as base64 of its 64 raw bytes. The downloadable form is `{checkpoint, signature, publicKey}`
 * (publicKey as SPKI PEM, a convenience: a verifier trusts only a key it obtained elsewhere).
 *
 * Rules:
 * - A checkpoint is taken on a schedule (AUDIT_CHECKPOINT_INTERVAL_MINUTES, default hourly)
 *   and at every export; the scheduled one is skipped when nothing was appended since the
 *   last one.
 * - Checkpoints are append-only (triggers in drizzle/0009_signed_checkpoints.sql).
 */
import "server-only";
import { writeTx, type Db } from "@/db/client";
import { auditHead } from "@/db/queries/audit-log";
import {
  checkpointRowById,
  insertCheckpointRow,
  latestCheckpointRow,
  recentCheckpointRows,
  type AuditCheckpointRow,
} from "@/db/queries/audit-checkpoints";
import { nowIso, systemClock, type Clock } from "@/db/time";
import { verifySignature, type AuditPublicKey, type AuditSigningKey } from "@/lib/audit/signing-key";

export type { AuditCheckpointRow };

/** The newest stored checkpoints, newest first (the audit page). */
export function recentCheckpoints(db: Db, limit: number): AuditCheckpointRow[] {
  return recentCheckpointRows(db, limit);
}

export function checkpointById(db: Db, id: number): AuditCheckpointRow | undefined {
  return checkpointRowById(db, id);
}

/** What is signed. */
export interface CheckpointBody {
  seq: number;
  headHash: string;
  at: string;
  keyId: string;
}

/** A checkpoint as downloaded: the body, its signature (base64) and the signer's public key (PEM). */
export interface SignedCheckpointFile {
  checkpoint: CheckpointBody;
  signature: string;
  publicKey: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The signed text: fixed key order, no whitespace (see the module comment). */
export function canonicalCheckpoint(c: CheckpointBody): string {
  return `{"seq":${c.seq},"headHash":${JSON.stringify(c.headHash)},"at":${JSON.stringify(c.at)},"keyId":${JSON.stringify(c.keyId)}}`;
}

function canonicalBytes(c: CheckpointBody): Buffer {
  return Buffer.from(canonicalCheckpoint(c), "utf8");
}

export function signCheckpoint(key: AuditSigningKey, c: CheckpointBody): string {
  return key.sign(canonicalBytes(c)).toString("base64");
}

/** Whether `signature` (base64) is `key`'s signature over the checkpoint; a keyId not of this key never is. */
export function checkpointSignatureValid(key: AuditPublicKey, c: CheckpointBody, signature: string): boolean {
  if (c.keyId !== key.keyId) return false;
  return verifySignature(key, canonicalBytes(c), Buffer.from(signature, "base64"));
}

export function checkpointFileOf(row: AuditCheckpointRow): SignedCheckpointFile {
  return {
    checkpoint: { seq: row.seq, headHash: row.headHash, at: row.at, keyId: row.keyId },
    signature: row.signature,
    publicKey: row.publicKey,
  };
}

/** Reads a downloaded checkpoint file; throws a RangeError naming what is wrong with its shape. */
export function parseCheckpointFile(text: string): SignedCheckpointFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RangeError("The checkpoint file is not JSON.");
  }
  const f = parsed as Partial<SignedCheckpointFile> | null;
  const c = (f?.checkpoint ?? null) as Partial<CheckpointBody> | null;
  if (
    !c ||
    !Number.isSafeInteger(c.seq) ||
    (c.seq as number) < 1 ||
    typeof c.headHash !== "string" ||
    !HEX64.test(c.headHash) ||
    typeof c.at !== "string" ||
    !ISO.test(c.at) ||
    typeof c.keyId !== "string" ||
    !KEY_ID.test(c.keyId) ||
    typeof f?.signature !== "string" ||
    typeof f.publicKey !== "string"
  ) {
    throw new RangeError("The checkpoint file is not of the form {checkpoint: {seq, headHash, at, keyId}, signature, publicKey}.");
  }
  return {
    checkpoint: { seq: c.seq as number, headHash: c.headHash, at: c.at, keyId: c.keyId },
    signature: f.signature,
    publicKey: f.publicKey,
  };
}

/**
 * Signs the current head and stores it, in one write transaction (so no append slips between
 * reading the head and storing it). Returns the new checkpoint, the latest one when nothing
 * was appended since it, or null while the log is empty. An export records itself first, so
 * its checkpoint is always a new one that covers that record.
 */
export function takeCheckpoint(db: Db, key: AuditSigningKey, clock: Clock = systemClock): AuditCheckpointRow | null {
  return writeTx(db, (tx) => {
    const head = auditHead(tx);
    if (!head) return null;
    const latest = latestCheckpointRow(tx);
    if (latest && latest.seq === head.seq && latest.headHash === head.hash && latest.keyId === key.keyId) {
      return latest;
    }
    const body: CheckpointBody = { seq: head.seq, headHash: head.hash, at: nowIso(clock), keyId: key.keyId };
    return insertCheckpointRow(tx, { ...body, signature: signCheckpoint(key, body), publicKey: key.pem });
  });
}
