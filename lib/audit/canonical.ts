/**
 * The canonical encoding and hash of an audit entry. Changing anything here invalidates every
 * stored chain: this is a file format (version 1).
 *
 * canonical(entry) is the JSON object of exactly these keys, in this (sorted) order, with no
 * whitespace; text values as JSON string literals (RFC 8259: `"` and `\` escaped, control
 * characters as \b \t \n \f \r or \u00xx, everything else as is), integers in decimal, absent
 * values null:
 *
 *   action, actorEmail, actorId, actorRole, at, details, intentSeq, ip, outcome, seq, targetId, targetType
 *
 * `details` is itself canonical JSON (object keys sorted by UTF-16 code units at every level,
 * no whitespace, finite numbers only — the RFC 8785 rules for the values we store), stored as
 * that exact text and embedded verbatim.
 *
 * hash(entry) = hex( SHA-256( UTF-8( U+0000 ‖ prev_hash ‖ canonical(entry) ) ) )
 *
 * where prev_hash is the previous entry's hash as 64 lower-case hex characters (GENESIS_HASH,
 * 64 zeros, for the first entry). The leading 0x00 byte is RFC 6962's leaf-hash domain
 * separator: an entry hash can never collide with an interior-node hash (0x01) should a Merkle
 * tree over entries be added for external checkpoints.
 *
 * The encoding exists twice, on purpose: in TypeScript (canonicalEntry, used when appending)
 * and in SQL (canonicalHashInputSql, used by verification, so a million entries are encoded
 * inside SQLite at C speed). JSON.stringify and SQLite's json_quote() write identical string
 * literals for every well-formed string, and appends store only well-formed strings; a
 * property test holds the two to the same bytes.
 */
import "server-only";
import { hash } from "node:crypto";
import { AuditInputError } from "@/lib/audit/errors";

export const GENESIS_HASH = "0".repeat(64);

/** The stored columns that the hash covers (everything but prev_hash, which is chained, and hash). */
export interface CanonicalFields {
  seq: number;
  at: string;
  actorId: number | null;
  actorEmail: string;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  intentSeq: number | null;
  ip: string | null;
  /** canonical JSON text */
  details: string;
}

function str(value: string | null): string {
  return value === null ? "null" : JSON.stringify(value);
}

function int(value: number | null): string {
  return value === null ? "null" : String(value);
}

export function canonicalEntry(e: CanonicalFields): string {
  return (
    `{"action":${str(e.action)},"actorEmail":${str(e.actorEmail)},"actorId":${int(e.actorId)},` +
    `"actorRole":${str(e.actorRole)},"at":${str(e.at)},"details":${e.details},"intentSeq":${int(e.intentSeq)},` +
    `"ip":${str(e.ip)},"outcome":${str(e.outcome)},"seq":${int(e.seq)},"targetId":${str(e.targetId)},` +
    `"targetType":${str(e.targetType)}}`
  );
}

export function entryHash(prevHash: string, canonical: string): string {
  return hashInput(`\u0000${prevHash}${canonical}`);
}

/**
 * The SQL expression for the whole hash input (U+0000 ‖ prev_hash ‖ canonical) of an
 * audit_log row, built from its columns. `seq` may be replaced by another expression, to ask
 * what an entry would hash to under a different number (tamper diagnosis).
 */
export function canonicalHashInputSql(seq = "seq"): string {
  const q = (column: string) => `json_quote(${column})`;
  const i = (column: string) => `coalesce(CAST(${column} AS TEXT), 'null')`;
  return [
    `char(0) || prev_hash || '{"action":' || ${q("action")}`,
    `',"actorEmail":' || ${q("actor_email")}`,
    `',"actorId":' || ${i("actor_id")}`,
    `',"actorRole":' || ${q("actor_role")}`,
    `',"at":' || ${q("at")}`,
    `',"details":' || details`,
    `',"intentSeq":' || ${i("intent_seq")}`,
    `',"ip":' || ${q("ip")}`,
    `',"outcome":' || ${q("outcome")}`,
    `',"seq":' || ${i(seq)}`,
    `',"targetId":' || ${q("target_id")}`,
    `',"targetType":' || ${q("target_type")} || '}'`,
  ].join(" || ");
}

/**
 * SHA-256 hex of a hash input as canonicalHashInputSql produces it (strings hash as UTF-8).
 * The one-shot crypto.hash: a Hash object per entry costs more than the hashing itself.
 */
export function hashInput(input: string): string {
  return hash("sha256", input, "hex");
}

/**
 * Canonical JSON of a details value that has already been through the scrubber (plain JSON
 * data). Throws AuditInputError on values JSON cannot represent faithfully.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new AuditInputError("Audit details cannot hold NaN or Infinity.");
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
      const keys = Object.keys(value).sort();
      const parts: string[] = [];
      for (const key of keys) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      throw new AuditInputError(`Audit details cannot hold a ${typeof value}.`);
  }
}
