/**
 * The audit log's SQL: the append's prepared statements, the filtered reads of the audit page
 * and exports, and the read-only snapshot that verification walks. The rules (chaining,
 * hashing, what an entry may hold) live in lib/audit; this module only stores and finds rows.
 */
import "server-only";
import Database from "better-sqlite3";
import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { auditLog, type AuditRow } from "@/db/schema";
import type { AuditOutcome } from "@/db/enums";
import { toIso } from "@/db/time";

/** The chain's last link: the newest entry's seq and hash. */
export interface AuditLink {
  seq: number;
  hash: string;
}

/** The last entry as stored (not the checkpoint). */
export function auditHead(tx: Tx | Db): AuditLink | null {
  return (
    tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get() ??
    null
  );
}

/**
 * The append's three statements, prepared once per connection: building and preparing them
 * through the query builder on every append cost more than the append's own fsync (P5).
 */
interface AppendStatements {
  head: Database.Statement<[], AuditLink>;
  insert: Database.Statement<[Record<string, unknown>]>;
  checkpoint: Database.Statement<[string, string, string]>;
}
const prepared = new WeakMap<Database.Database, AppendStatements>();

function statements(client: Database.Database): AppendStatements {
  let s = prepared.get(client);
  if (!s) {
    s = {
      head: client.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"),
      insert: client.prepare(
        `INSERT INTO audit_log (seq, at, actor_id, actor_email, actor_role, action, target_type, target_id, outcome, intent_seq, ip, details, prev_hash, hash)
         VALUES (@seq, @at, @actorId, @actorEmail, @actorRole, @action, @targetType, @targetId, @outcome, @intentSeq, @ip, @details, @prevHash, @hash)`,
      ),
      checkpoint: client.prepare(
        "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, NULL) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = NULL",
      ),
    };
    prepared.set(client, s);
  }
  return s;
}

/** The head as the append reads it (a prepared statement, same answer as auditHead). */
export function appendHead(tx: Tx): AuditLink | null {
  return statements(tx.$client).head.get() ?? null;
}

/** Inserts one entry as given; seq and the hashes are the caller's to compute. */
export function insertAuditRow(tx: Tx, row: AuditRow): void {
  statements(tx.$client).insert.run(row);
}

/** Writes a settings value without an editor (the audit checkpoint, moved by every append). */
export function writeCheckpointSetting(tx: Tx, key: string, value: string, at: string): void {
  statements(tx.$client).checkpoint.run(key, value, at);
}

export interface AuditFilters {
  /** actor e-mail, or its beginning (case-insensitive) */
  actor?: string;
  /** action prefix: "certificate" matches certificate.revoke, certificate.find, … */
  action?: string;
  target?: { type?: string; id?: string };
  outcome?: AuditOutcome | AuditOutcome[];
  /** inclusive lower bound */
  from?: Date | string;
  /** exclusive upper bound */
  to?: Date | string;
}

/** Above every UTF-8 string that starts with the prefix, for index-friendly prefix ranges. */
const PREFIX_END = "\u{10FFFF}";

type FilterColumn =
  | typeof auditLog.actorEmail
  | typeof auditLog.action
  | typeof auditLog.targetType
  | typeof auditLog.targetId
  | typeof auditLog.outcome
  | typeof auditLog.at;

/**
 * How a query may use the indexes: `scan` keeps every index out (the query then walks entries
 * in seq order and stops at the page size: right for a broad filter, and for exports); `list`
 * and `count` let one filter drive the plan (auditConditions).
 */
type AuditPlan = "scan" | "list" | "count";

/** The outcome filter as a list (one outcome or several; none when unset). */
function outcomesOf(filters: AuditFilters): readonly AuditOutcome[] {
  return filters.outcome === undefined ? [] : Array.isArray(filters.outcome) ? filters.outcome : [filters.outcome];
}

/**
 * The filters as SQL, with at most one of them allowed to use an index: only the filter
 * likely to be the narrowest drives the plan — target, then time range, then action, then
 * actor, then outcome — because SQLite, left to choose between two range indexes, may pick
 * the broad one. Other columns are written `+column`, SQLite's way to keep an index out of
 * the plan.
 *
 * A count of actor + action is the exception: the actor drives, its prefix written as "the
 * whole e-mail, or a longer one", and the action stays indexable, so SQLite seeks (actor,
 * action) in audit_log_actor_action_idx and counts inside that index without reading a row.
 * Driven by the action instead, a count of a common action read ~20,000 rows to find 10,000
 * of one actor's at a million entries. A page keeps the action first: with ORDER BY seq,
 * SQLite would pick the action index for that form anyway.
 */
function auditConditions(filters: AuditFilters, plan: AuditPlan): SQL[] {
  const actor = filters.actor?.trim().toLowerCase();
  const action = filters.action?.trim();
  const outcomes = outcomesOf(filters);
  const hasTime = filters.from !== undefined || filters.to !== undefined;
  const actorWithAction = plan === "count" && Boolean(actor) && Boolean(action);
  const driver: FilterColumn | undefined =
    plan === "scan"
      ? undefined
      : filters.target?.type || filters.target?.id
        ? auditLog.targetType
        : hasTime
          ? auditLog.at
          : actorWithAction
            ? auditLog.actorEmail
            : action
              ? auditLog.action
              : actor
                ? auditLog.actorEmail
                : outcomes.length > 0
                  ? auditLog.outcome
                  : undefined;
  const indexable = (c: FilterColumn) =>
    c === driver ||
    (c === auditLog.targetId && driver === auditLog.targetType) ||
    (c === auditLog.action && driver === auditLog.actorEmail && actorWithAction) ||
    // with a time range, an outcome seeks audit_log_outcome_at_idx: (outcome, at) together
    (c === auditLog.outcome && driver === auditLog.at);
  const col = (c: FilterColumn) => (indexable(c) ? sql`${c}` : sql`+${c}`);
  const where: SQL[] = [];
  if (actor && driver === auditLog.actorEmail && actorWithAction) {
    where.push(sql`(${auditLog.actorEmail} = ${actor} OR (${auditLog.actorEmail} > ${actor} AND ${auditLog.actorEmail} < ${actor + PREFIX_END}))`);
  } else if (actor) where.push(sql`${col(auditLog.actorEmail)} >= ${actor} AND ${col(auditLog.actorEmail)} < ${actor + PREFIX_END}`);
  if (action) where.push(sql`${col(auditLog.action)} >= ${action} AND ${col(auditLog.action)} < ${action + PREFIX_END}`);
  if (filters.target?.type) where.push(sql`${col(auditLog.targetType)} = ${filters.target.type}`);
  if (filters.target?.id) where.push(sql`${col(auditLog.targetId)} = ${filters.target.id}`);
  if (outcomes.length > 0) where.push(sql`${col(auditLog.outcome)} IN (${sql.join(outcomes.map((o) => sql`${o}`), sql`, `)})`);
  if (filters.from !== undefined) where.push(sql`${col(auditLog.at)} >= ${toIso(filters.from)}`);
  if (filters.to !== undefined) where.push(sql`${col(auditLog.at)} < ${toIso(filters.to)}`);
  return where;
}

/** Whether any filter narrows the log (blank text filters do not). */
export function hasAuditConditions(filters: AuditFilters): boolean {
  return auditConditions(filters, "scan").length > 0;
}

/** How many of the newest entries the first, index-free attempt of a page looks through. */
const RECENT_WINDOW = 5000;

const firstAtFrom = preparedPerConnection((db) =>
  db
    .select({ at: auditLog.at })
    .from(auditLog)
    .where(gt(auditLog.seq, sql.placeholder("after")))
    .orderBy(asc(auditLog.seq))
    .limit(1)
    .prepare(),
);

/**
 * Whether the filter's time range ends before the entry `fromSeq`: entries are appended in
 * time order, so none from there on can match, and walking them (5,000 rows read for nothing,
 * 1.3 ms, for a day months ago) is skipped. Only a shortcut: the indexed attempt after it
 * finds every match either way.
 */
function endsBeforeWindow(db: Db, filters: AuditFilters, fromSeq: number): boolean {
  if (filters.to === undefined) return false;
  const first = firstAtFrom(db).get({ after: fromSeq - 1 });
  return first !== undefined && toIso(filters.to) <= first.at;
}

/** Whether the only filter is the outcome (one or several). */
function outcomeAlone(filters: AuditFilters): boolean {
  const given = (text: string | undefined) => Boolean(text?.trim());
  const outcomes = outcomesOf(filters);
  return (
    outcomes.length > 0 &&
    !given(filters.actor) &&
    !given(filters.action) &&
    !filters.target?.type &&
    !filters.target?.id &&
    filters.from === undefined &&
    filters.to === undefined
  );
}

/**
 * How many matches of an outcome alone may be sorted to find a page: its index holds them in
 * time order, not seq order, so every match is sorted (20,000 seqs, ~4 ms). More than that, and
 * the outcome is common enough that walking entries by seq reaches a page sooner.
 */
const SORTED_AT_MOST = 20_000;

/**
 * Up to `fetch` entries matching the filters, newest first, below `beforeSeq` when given.
 *
 * Two attempts, because one plan cannot serve both kinds of filter: first the newest
 * RECENT_WINDOW entries below the cursor are walked in seq order (a broad filter fills the page
 * there at once); if that does not fill the page, the filter's indexes find the rarer matches.
 * `sortedAtMost` is SORTED_AT_MOST, given only by tests.
 */
export function auditRowsNewestFirst(db: Db, filters: AuditFilters, page: { beforeSeq?: number; fetch: number; sortedAtMost?: number }): AuditRow[] {
  const below = page.beforeSeq !== undefined ? lt(auditLog.seq, page.beforeSeq) : undefined;
  // entries walked in seq order from the cursor down (the table itself is in seq order)
  const walk = (where: (SQL | undefined)[]) =>
    db
      .select()
      .from(auditLog)
      .where(and(...where, below))
      .orderBy(desc(auditLog.seq))
      .limit(page.fetch)
      .all();
  if (!hasAuditConditions(filters)) return walk([]);
  // One object's entries (a certificate's history on its page) are few and sit together in the
  // target index: walking the newest entries first read 5,000 rows for nothing (1.3 ms a view).
  const oneTarget = Boolean(filters.target?.type && filters.target?.id);
  if (!oneTarget) {
    const upper = page.beforeSeq ?? (auditHead(db)?.seq ?? 0) + 1;
    if (!endsBeforeWindow(db, filters, upper - RECENT_WINDOW)) {
      const rows = walk([...auditConditions(filters, "scan"), gt(auditLog.seq, upper - RECENT_WINDOW - 1)]);
      if (rows.length === page.fetch) return rows;
    }
  }
  const sortedAtMost = page.sortedAtMost ?? SORTED_AT_MOST;
  if (outcomeAlone(filters) && countAuditRows(db, filters, sortedAtMost) > sortedAtMost) return walk(auditConditions(filters, "scan"));
  // The page's seqs first, whole rows after: an index's matches are sorted by seq before the
  // LIMIT, and sorting only their seqs (from the index itself where it covers the filter), not
  // whole rows, took a day's page (no other filter) from 4.8 to 0.8 ms at a million entries.
  const seqs = db
    .select({ seq: auditLog.seq })
    .from(auditLog)
    .where(and(...auditConditions(filters, "list"), below))
    .orderBy(desc(auditLog.seq))
    .limit(page.fetch);
  return db.select().from(auditLog).where(inArray(auditLog.seq, seqs)).orderBy(desc(auditLog.seq)).all();
}

/**
 * How many entries the log holds. Entries are numbered without gaps and never deleted
 * (docs/security.md S3), so the seq range is the count: two index seeks, where counting rows
 * read every one of them.
 */
export function countAllAuditRows(db: Db): number {
  // Each extreme in a subquery of its own: SQLite answers a bare max() or min() from the
  // rowid's ends, but an expression holding both scans the table.
  const row = db.get<{ n: number }>(
    sql`SELECT coalesce((SELECT max(seq) FROM audit_log) - (SELECT min(seq) FROM audit_log) + 1, 0) AS n`,
  );
  return row?.n ?? 0;
}

/** How many entries match, counting at most `cap + 1` (so a broad filter on a huge log stays fast). */
export function countAuditRows(db: Db, filters: AuditFilters, cap: number): number {
  const inner = db
    .select({ seq: auditLog.seq })
    .from(auditLog)
    .where(and(...auditConditions(filters, "count")))
    .limit(cap + 1)
    .as("matching");
  return db.select({ n: sql<number>`count(*)` }).from(inner).get()?.n ?? 0;
}

export function getAuditRow(db: Db | Tx, seq: number): AuditRow | undefined {
  return db.select().from(auditLog).where(eq(auditLog.seq, seq)).get();
}

/** The outcome entries that close intent `intentSeq`, oldest first. */
export function auditOutcomeRows(db: Db | Tx, intentSeq: number): AuditRow[] {
  return db.select().from(auditLog).where(eq(auditLog.intentSeq, intentSeq)).orderBy(asc(auditLog.seq)).all();
}

/** Whether any entry closes intent `intentSeq`. */
export function hasAuditOutcome(db: Db | Tx, intentSeq: number): boolean {
  return db.select({ seq: auditLog.seq }).from(auditLog).where(eq(auditLog.intentSeq, intentSeq)).limit(1).get() !== undefined;
}

/** Ascending rows after `afterSeq`, up to and including `throughSeq` (export scans). */
export function auditRowsAfter(db: Db, filters: AuditFilters, afterSeq: number, throughSeq: number, limit: number): AuditRow[] {
  return db
    .select()
    .from(auditLog)
    // an export walks the whole range once, in seq order: keep the filter's indexes out of it
    .where(and(...auditConditions(filters, "scan"), gt(auditLog.seq, afterSeq), lt(auditLog.seq, throughSeq + 1)))
    .orderBy(asc(auditLog.seq))
    .limit(limit)
    .all();
}

/** Intents (outcome `requested`) that no entry closes, oldest first. */
export function danglingIntentRows(db: Db, options: { olderThan?: Date; limit: number }): AuditRow[] {
  const older = options.olderThan ? sql`AND at < ${toIso(options.olderThan)}` : sql``;
  // The intents are walked on their partial index, which holds only them, in seq order, and
  // stops at the limit. Left to choose, SQLite takes audit_log_outcome_at_idx for
  // `outcome = 'requested'`, finds every intent and sorts them; INDEXED BY also makes the
  // statement fail, rather than quietly scan, if that index ever stops fitting. (The outcome is
  // a literal, not a bound parameter, so that the partial index fits at all.)
  const intents = sql`SELECT seq FROM audit_log INDEXED BY audit_log_requested_idx
    WHERE outcome = 'requested' ${older}
      AND NOT EXISTS (SELECT 1 FROM audit_log AS closing WHERE closing.intent_seq = audit_log.seq)
    ORDER BY seq LIMIT ${options.limit}`;
  return db
    .select()
    .from(auditLog)
    .where(sql`${auditLog.seq} IN (${intents})`)
    .orderBy(asc(auditLog.seq))
    .all();
}

/** A stored signed checkpoint as verification reads it (lib/audit/checkpoints.ts). */
export interface SignedCheckpointRow {
  id: number;
  seq: number;
  headHash: string;
  at: string;
  keyId: string;
  signature: string;
}

// seq, at, actor_id, actor_email, actor_role, action, target_type, target_id, outcome, intent_seq, ip, details, prev_hash, hash
export type RawAuditRow = [number, string, number | null, string, string | null, string, string | null, string | null, string, number | null, string | null, string, string, string];
const COLUMNS =
  "seq, at, actor_id, actor_email, actor_role, action, target_type, target_id, outcome, intent_seq, ip, details, prev_hash, hash";
const WINDOW = "FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?";

/**
 * Raw prepared reads over one snapshot of the log, for verification: rows as arrays or single
 * values, never objects, so a million entries cost about what hashing them costs
 * (docs/operations.md §7, P7).
 */
export class AuditChainReader {
  private readonly one;
  private readonly next;
  private readonly byHash;
  private readonly successor;
  private readonly hashOf;
  private readonly chunk;
  private readonly seqs;
  constructor(
    private readonly conn: Database.Database,
    hashInputSql: string,
  ) {
    this.one = conn.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq = ?`).raw(true);
    this.next = conn.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1`).raw(true);
    // The two lookups below scan the table, but run only once, at the first bad entry.
    this.byHash = conn.prepare("SELECT seq FROM audit_log WHERE hash = ? AND seq <> ? LIMIT 1").pluck(true);
    this.successor = conn.prepare("SELECT seq FROM audit_log WHERE prev_hash = ? AND seq > ? LIMIT 1").pluck(true);
    this.hashOf = conn.prepare("SELECT hash FROM audit_log WHERE seq = ?").pluck(true);
    this.chunk = conn.prepare(`SELECT hash || ${hashInputSql} ${WINDOW}`).pluck(true);
    this.seqs = conn.prepare(`SELECT seq ${WINDOW}`).pluck(true);
  }
  row(seq: number): RawAuditRow | undefined {
    return this.one.get(seq) as RawAuditRow | undefined;
  }
  rowAfter(seq: number): RawAuditRow | undefined {
    return this.next.get(seq) as RawAuditRow | undefined;
  }
  seqHoldingHash(hash: string, notSeq: number): number | undefined {
    return this.byHash.get(hash, notSeq) as number | undefined;
  }
  laterSuccessor(prevHash: string, afterSeq: number): number | undefined {
    return this.successor.get(prevHash, afterSeq) as number | undefined;
  }
  hashAtSeq(seq: number): string | undefined {
    return this.hashOf.get(seq) as string | undefined;
  }
  /** Each row after `afterSeq` (up to `limit`) as one string: its stored hash, then its hash input. */
  hashChunk(afterSeq: number, limit: number): string[] {
    return this.chunk.all(afterSeq, limit) as string[];
  }
  seqChunk(afterSeq: number, limit: number): number[] {
    return this.seqs.all(afterSeq, limit) as number[];
  }
  settingValue(key: string): string | undefined {
    return this.conn.prepare("SELECT value FROM settings WHERE key = ?").pluck(true).get(key) as string | undefined;
  }
  maxSeq(): number {
    return (this.conn.prepare("SELECT coalesce(max(seq), 0) FROM audit_log").pluck(true).get() as number) ?? 0;
  }
  countAndLowestSeq(): [count: number, lowest: number] {
    return this.conn.prepare("SELECT count(*), coalesce(min(seq), 1) FROM audit_log").raw(true).get() as [number, number];
  }
  /** How many staff accounts the database holds: each one's creation is an audit entry. */
  staffCount(): number {
    return this.conn.prepare("SELECT count(*) FROM users").pluck(true).get() as number;
  }
  /** The signed checkpoints, by seq then id; none in a database from before they existed. */
  signedCheckpoints(): SignedCheckpointRow[] {
    const exists = this.conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_checkpoints'").get();
    if (!exists) return [];
    return this.conn
      .prepare("SELECT id, seq, head_hash AS headHash, at, key_id AS keyId, signature FROM audit_checkpoints ORDER BY seq, id")
      .all() as SignedCheckpointRow[];
  }
}

/**
 * Runs `fn` over its own read-only connection to `db`'s file, inside one read transaction: a
 * consistent snapshot while writers carry on, and `fn` may yield to the event loop meanwhile.
 * `hashInputSql` is the SQL expression of an entry's hash input (lib/audit/canonical.ts).
 */
export async function withAuditSnapshot<T>(db: Db, hashInputSql: string, fn: (reader: AuditChainReader) => Promise<T>): Promise<T> {
  const conn = new Database(db.$client.name, { readonly: true, fileMustExist: true });
  try {
    conn.pragma("busy_timeout = 5000");
    conn.exec("BEGIN");
    try {
      return await fn(new AuditChainReader(conn, hashInputSql));
    } finally {
      conn.exec("COMMIT");
    }
  } finally {
    conn.close();
  }
}
