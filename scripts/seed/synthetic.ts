/**
 * A large synthetic dataset for the benchmarks (docs/operations.md §7): N certificates and N audit
 * entries, written fast but by the same rules as the portal.
 *
 * - Big transactions (tens of thousands of rows each) on raw prepared statements: one fsync
 *   per batch instead of per row, with synchronous=FULL left on.
 * - Certificates: the FTS sync triggers and the secondary indexes are dropped for the bulk
 *   insert and put back exactly as the migrations wrote them (read from sqlite_master); the
 *   indexes are then built by sorting and the FTS index rebuilt once — far faster than a
 *   million random index updates and trigger firings. Drop, insert, rebuild and re-create are
 *   one transaction, so a crash never leaves a trigger or an index missing.
 * - Audit entries continue the existing chain with the real canonical encoding and hash, and
 *   the checkpoint moves with every batch, so verifyAuditChain passes on the result.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { CHECKPOINT_KEY } from "@/lib/audit/append";
import { canonicalEntry, entryHash, GENESIS_HASH } from "@/lib/audit/canonical";

const DAY = 86_400_000;
// Names are built from random syllables so that their trigrams spread like real domain names
// do; a handful of repeated words would make every substring match half the table.
const SYLLABLES = "ka ve lo ri zu mar tek sol bri non qua dex fin ora pix lum tor vax cry zen ho ja ku mi ne pa so ti wu ya bel cor dra fen gal hul ist jor kel mun nex ost pry rho sen tyr ulm vor wyn xil yor zam".split(" ");
const SUFFIX = ["", "", "", "-exchange", "-custody", "-wallet", "-pay", "-markets", "-otc", "-vault", "-ledger", "-trust", "-capital"];
const PREFIX = ["trisa", "gds", "vasp", "node", "api"];
const TLDS = ["io", "com", "net", "eu", "sg", "ch", "co.uk", "jp", "ca", "au", "de", "fr", "br", "mx", "kr"];

export interface SyntheticOptions {
  batchSize?: number;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

/** Inserts `count` synthetic certificates (source `import`, no PEM) and rebuilds the FTS index. */
export function seedSyntheticCertificates(db: Db, count: number, options: SyntheticOptions = {}): void {
  const sqlite = db.$client;
  const now = (options.now ?? new Date()).getTime();
  const batchSize = options.batchSize ?? 50_000;
  const triggers = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'certificates' AND name LIKE 'certificates_fts_%'")
    .all() as { name: string; sql: string }[];
  // Secondary (non-unique) indexes are built once by sorting, after the rows are in, instead of
  // being updated a million times in random order; the unique serial index stays (OR IGNORE needs it).
  const indexes = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'certificates' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'")
    .all() as { name: string; sql: string }[];
  const insert = sqlite.prepare(
    `INSERT OR IGNORE INTO certificates (serial, common_name, sans, subject_dn, issuer_dn, not_before, not_after, profile_id, profile_name,
       status, source, fingerprint_sha256, key_algorithm, key_size, revoked_at, revocation_reason, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'CN=CipherTrace Issuing CA, O=CipherTrace Inc, L=Menlo Park, ST=California, C=US', ?, ?, ?, ?, ?, 'import', ?, 'RSA', 4096, ?, ?, ?, ?)`,
  );
  const bulk = sqlite.transaction((from: number, to: number) => {
    const pool = randomBytes(56 * (to - from)); // one call per batch: randomBytes costs µs per call
    for (let i = from; i < to; i++) {
      const bytes = pool.subarray((i - from) * 56, (i - from + 1) * 56);
      const serial = bytes.subarray(0, 16).toString("hex").toUpperCase();
      // 3–4 syllables: a name recurs a few times (renewals), as a VASP's does
      const name = [48, 49, 50, 51].slice(0, 3 + (bytes[52]! % 2)).map((b) => pick(SYLLABLES, bytes[b]!)).join("");
      const org = `${name[0]!.toUpperCase()}${name.slice(1)}${pick(SUFFIX, bytes[53]!).replace("-", " ")}`;
      const cn = `${pick(PREFIX, bytes[54]!)}.${name}${pick(SUFFIX, bytes[53]!)}.${pick(TLDS, bytes[55]!)}`;
      // issued over the last two years, one-year validity: some expired, some expiring soon
      const notBefore = now - Math.floor((bytes.readUInt32BE(16) / 0xffffffff) * 730 * DAY);
      const revoked = bytes[20]! < 5; // ~2 %
      const profile = i % 2 ? [85, "CipherTrace End Entity Certificate"] : [17, "CipherTrace EE"];
      const at = new Date(notBefore).toISOString();
      insert.run(
        serial,
        cn,
        `${cn}\nwww.${cn}`,
        `CN=${cn}, O=${org}, C=US`,
        at,
        new Date(notBefore + 365 * DAY).toISOString(),
        profile[0],
        profile[1],
        revoked ? "revoked" : "valid",
        bytes.subarray(16, 48).toString("hex").toUpperCase().replace(/(..)(?!$)/g, "$1:"),
        revoked ? new Date(notBefore + 30 * DAY).toISOString() : null,
        revoked ? 1 : null,
        at,
        at,
      );
    }
  });
  withBigCache(db, () => sqlite.transaction(() => {
    for (const t of triggers) sqlite.exec(`DROP TRIGGER ${t.name}`);
    for (const x of indexes) sqlite.exec(`DROP INDEX ${x.name}`);
    for (let done = 0; done < count; done += batchSize) {
      bulk(done, Math.min(count, done + batchSize));
      options.onProgress?.(Math.min(count, done + batchSize), count);
    }
    for (const x of indexes) sqlite.exec(x.sql);
    sqlite.exec("INSERT INTO certificates_fts(certificates_fts) VALUES ('rebuild')");
    for (const t of triggers) sqlite.exec(t.sql);
  }).immediate());
}

/**
 * Random serials land all over the unique index; with SQLite's default 2 MB page cache every
 * insert then reads and writes pages from disk. A large cache for the bulk load keeps the
 * indexes in memory; the connection's own setting is restored afterwards.
 */
function withBigCache(db: Db, fn: () => void): void {
  const previous = db.$client.pragma("cache_size", { simple: true }) as number;
  db.$client.pragma("cache_size = -524288"); // 512 MiB
  try {
    fn();
  } finally {
    db.$client.pragma(`cache_size = ${previous}`);
  }
}

const ACTIONS = [
  ["auth.login", "succeeded"],
  ["certificate.find", "succeeded"],
  ["batch.create", "requested"],
  ["batch.create", "succeeded"],
  ["batch.download", "succeeded"],
  ["certificate.revoke", "requested"],
  ["certificate.revoke", "succeeded"],
  ["auth.login", "failed"],
] as const;
const ACTORS = ["olivia.ops@trisa.example", "adam.admin@trisa.example", "sam.support@trisa.example", "aurora.audit@trisa.example"];

/** Appends `count` synthetic entries to the audit chain (valid hashes, checkpoint kept). */
export function seedSyntheticAudit(db: Db, count: number, options: SyntheticOptions = {}): void {
  const sqlite = db.$client;
  const batchSize = options.batchSize ?? 50_000;
  const head = sqlite.prepare("SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1").get() as
    | { seq: number; hash: string; at: string }
    | undefined;
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  // spread over the last year, never before the current head
  const end = (options.now ?? new Date()).getTime();
  let atMs = Math.max(head ? Date.parse(head.at) : 0, end - 365 * DAY);
  const step = Math.max(1, Math.floor((end - atMs) / Math.max(1, count)));
  const insert = sqlite.prepare(
    `INSERT INTO audit_log (seq, at, actor_id, actor_email, actor_role, action, target_type, target_id, outcome, intent_seq, ip, details, prev_hash, hash)
     VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const checkpoint = sqlite.prepare(
    "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
  );
  let lastIntent: number | null = null;
  const bulk = sqlite.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      seq++;
      atMs += step;
      const [action, outcome] = pick(ACTIONS, seq);
      const actorEmail = pick(ACTORS, seq >> 2);
      const role = actorEmail.startsWith("olivia") ? "operator" : actorEmail.startsWith("adam") ? "admin" : actorEmail.startsWith("sam") ? "support" : "auditor";
      const intentSeq = outcome === "succeeded" && action !== "auth.login" && lastIntent !== null ? lastIntent : null;
      lastIntent = outcome === "requested" ? seq : null;
      const targetType = action.startsWith("certificate") ? "certificate" : action.startsWith("batch") ? "batch" : null;
      const targetId = targetType === "certificate" ? (seq * 2654435761 % 2 ** 32).toString(16).toUpperCase().padStart(8, "0") : targetType ? String(10000 + (seq >> 3)) : null;
      const fields = {
        seq,
        at: new Date(atMs).toISOString(),
        actorId: null,
        actorEmail,
        actorRole: role,
        action,
        targetType,
        targetId,
        outcome,
        intentSeq,
        ip: "192.0.2.10",
        details: `{"n":${seq}}`,
      };
      const hash = entryHash(prevHash, canonicalEntry(fields));
      insert.run(seq, fields.at, actorEmail, role, action, targetType, targetId, outcome, intentSeq, fields.ip, fields.details, prevHash, hash);
      prevHash = hash;
    }
    checkpoint.run(CHECKPOINT_KEY, JSON.stringify({ seq, hash: prevHash }), new Date(atMs).toISOString());
  });
  withBigCache(db, () => {
    for (let done = 0; done < count; done += batchSize) {
      bulk.immediate(Math.min(batchSize, count - done));
      options.onProgress?.(Math.min(count, done + batchSize), count);
    }
  });
}
