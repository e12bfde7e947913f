/**
 * Batches the portal submitted, and their PKCS#12 passwords (encrypted at rest, bound to
 * their batch row, wiped once the batch is downloaded and indexed).
 *
 * The row is inserted in the same transaction as the `batch.create` / `batch.upload` intent,
 * before Sectigo is called (state `submitted`, no Sectigo id yet): a crash during the call
 * then leaves both the intent and the password for start-up recovery to reconcile.
 */
import "server-only";
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { batches, certificates, users, type Batch } from "@/db/schema";
import { type BatchKind, type BatchState } from "@/db/enums";
import { systemClock, toIso, type Clock } from "@/db/time";
import { weekIndex, type WeekCount } from "@/db/queries/weeks";
import { secretBox, type SecretBox } from "@/lib/crypto/secret-box";

/** States the background poller still has work for. */
export const BATCH_ACTIVE_STATES: readonly BatchState[] = ["processing", "ready", "downloaded"];
/** States the batch is still moving through (for "in flight" lists and live refresh). */
export const IN_FLIGHT_STATES: readonly BatchState[] = ["submitted", "processing", "ready", "downloaded"];

export interface NewBatchInput {
  kind: BatchKind;
  batchName: string;
  authorityId?: number | null;
  profileId?: number | null;
  profileName?: string | null;
  commonName?: string | null;
  dnsNames?: readonly string[];
  size?: number | null;
  createdBy: number | null;
  /** kept encrypted until the batch is indexed */
  pkcs12Password?: string | null;
  /** a single certificate's typed names and subject as JSON, for a retry (public data) */
  createInput?: string | null;
  /** a CSR batch's submitted PEM text, for a retry (public data) */
  csrText?: string | null;
  /** a reissue: the canonical serial of the certificate the batch replaces */
  reissueOfSerial?: string | null;
}

function passwordContext(id: number): string {
  return `batch:${id}:pkcs12Password`;
}

/** Inserts a `submitted` batch (and its encrypted password) and returns it. */
export function insertBatch(tx: Tx, input: NewBatchInput, clock: Clock = systemClock, box: () => SecretBox = secretBox): Batch {
  const now = toIso(clock());
  const row = tx
    .insert(batches)
    .values({
      kind: input.kind,
      batchName: input.batchName,
      authorityId: input.authorityId ?? null,
      profileId: input.profileId ?? null,
      profileName: input.profileName ?? null,
      commonName: input.commonName ?? null,
      dnsNames: input.dnsNames?.join("\n") ?? null,
      size: input.size ?? null,
      createInput: input.createInput ?? null,
      csrText: input.csrText ?? null,
      reissueOfSerial: input.reissueOfSerial ?? null,
      state: "submitted",
      createdBy: input.createdBy,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  if (!input.pkcs12Password) return row;
  return setBatchPassword(tx, row.id, input.pkcs12Password, clock, box) ?? row;
}

/** Replaces the batch's PKCS#12 password (a retried create makes a new one). */
export function setBatchPassword(tx: Tx, id: number, password: string, clock: Clock = systemClock, box: () => SecretBox = secretBox): Batch | undefined {
  const pkcs12PasswordEnc = box().encrypt(password, passwordContext(id));
  return tx.update(batches).set({ pkcs12PasswordEnc, updatedAt: toIso(clock()) }).where(eq(batches.id, id)).returning().get();
}

export type BatchPatch = Partial<
  Pick<
    Batch,
    | "sectigoBatchId"
    | "status"
    | "state"
    | "rejectReason"
    | "size"
    | "active"
    | "success"
    | "failed"
    | "profileName"
    | "lastCheckedAt"
    | "nextCheckAt"
    | "downloadedAt"
    | "indexedAt"
    | "lastError"
    | "resolvedByEmail"
    | "resolvedAt"
    | "resolutionNote"
  >
>;

export function updateBatch(tx: Tx, id: number, patch: BatchPatch, clock: Clock = systemClock): Batch | undefined {
  return tx
    .update(batches)
    .set({ ...patch, updatedAt: toIso(clock()) })
    .where(eq(batches.id, id))
    .returning()
    .get();
}

/**
 * Updates the batch only while it is still `state` with no Sectigo id (an unknown or failed
 * create): of two people settling or retrying it at once, exactly one gets the row back.
 */
export function updateWaitingBatch(tx: Tx, id: number, state: BatchState, patch: BatchPatch, clock: Clock = systemClock): Batch | undefined {
  return tx
    .update(batches)
    .set({ ...patch, updatedAt: toIso(clock()) })
    .where(and(eq(batches.id, id), eq(batches.state, state), isNull(batches.sectigoBatchId), isNull(batches.resolvedAt)))
    .returning()
    .get();
}

export function getBatch(db: Tx | Db, id: number): Batch | undefined {
  return db.select().from(batches).where(eq(batches.id, id)).get();
}

export function getBatchBySectigoId(db: Tx | Db, sectigoBatchId: number): Batch | undefined {
  return db.select().from(batches).where(eq(batches.sectigoBatchId, sectigoBatchId)).get();
}

/** Newest first, keyset-paged by id. The password column is never part of a listing. */
export function listBatches(
  db: Db,
  options: { states?: readonly BatchState[]; beforeId?: number; limit?: number } = {},
): Omit<Batch, "pkcs12PasswordEnc">[] {
  const conditions = [];
  if (options.states && options.states.length > 0) conditions.push(inArray(batches.state, [...options.states]));
  if (options.beforeId !== undefined) conditions.push(lt(batches.id, options.beforeId));
  const { pkcs12PasswordEnc, ...columns } = getTableColumns(batches);
  void pkcs12PasswordEnc; // left out on purpose: listings never carry the (encrypted) password
  return db
    .select(columns)
    .from(batches)
    .where(and(...conditions))
    .orderBy(desc(batches.id))
    .limit(Math.max(1, Math.min(500, options.limit ?? 50)))
    .all();
}

/** Batches the poller should look at now: active, and due (or never scheduled). */
export function listBatchesDue(db: Db, now: Date = new Date(), limit = 100): Batch[] {
  return db
    .select()
    .from(batches)
    .where(
      and(
        inArray(batches.state, [...BATCH_ACTIVE_STATES]),
        isNotNull(batches.sectigoBatchId),
        or(isNull(batches.nextCheckAt), lte(batches.nextCheckAt, toIso(now))),
      ),
    )
    .orderBy(asc(batches.nextCheckAt), asc(batches.id))
    .limit(limit)
    .all();
}

/** The batch's PKCS#12 password, or null when none is kept (never set, or already wiped). */
export function batchPkcs12Password(batch: Pick<Batch, "id" | "pkcs12PasswordEnc">, box: () => SecretBox = secretBox): string | null {
  return batch.pkcs12PasswordEnc ? box().decrypt(batch.pkcs12PasswordEnc, passwordContext(batch.id)) : null;
}

/** Forgets the password once the batch's certificates are indexed. */
export function wipeBatchPassword(tx: Tx, id: number, clock: Clock = systemClock): void {
  tx.update(batches).set({ pkcs12PasswordEnc: null, updatedAt: toIso(clock()) }).where(eq(batches.id, id)).run();
}

/** A batch as pages show it: no secrets or kept inputs, with its creator's e-mail. */
export type BatchWithCreator = Omit<Batch, "pkcs12PasswordEnc" | "csrText" | "createInput"> & {
  creatorEmail: string | null;
  /** whether the CSR text is kept (1/0 as SQLite answers) */
  csrKept: number | boolean;
};

// The encrypted password column is left out of every selection here, by construction; the
// kept CSR text (up to 1 MiB) and create input are only asked whether they are there.
const { pkcs12PasswordEnc: secretColumn, csrText, createInput, ...pageColumns } = getTableColumns(batches);
void secretColumn;
void createInput;
const withCreator = { ...pageColumns, creatorEmail: users.email, csrKept: sql<number>`${csrText} IS NOT NULL` };

function selectWithCreator(db: Db | Tx) {
  return db.select(withCreator).from(batches).leftJoin(users, eq(users.id, batches.createdBy));
}

export function getBatchWithCreator(db: Db | Tx, id: number): BatchWithCreator | undefined {
  return selectWithCreator(db).where(eq(batches.id, id)).get();
}

export interface BatchFilter {
  state?: BatchState;
  kind?: BatchKind;
}

function filterConditions(filter: BatchFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.state) where.push(eq(batches.state, filter.state));
  if (filter.kind) where.push(eq(batches.kind, filter.kind));
  return where;
}

/** One page of batches matching the filter, newest first. */
export function pageBatchesWithCreator(db: Db | Tx, filter: BatchFilter, page: { limit: number; offset: number }): BatchWithCreator[] {
  return selectWithCreator(db)
    .where(and(...filterConditions(filter)))
    .orderBy(desc(batches.id))
    .limit(page.limit)
    .offset(page.offset)
    .all();
}

export function countBatches(db: Db | Tx, filter: BatchFilter = {}): number {
  return db.select({ n: sql<number>`count(*)` }).from(batches).where(and(...filterConditions(filter))).get()?.n ?? 0;
}

/** Batches still moving (submitted, processing, ready, downloaded), oldest first. */
const inFlightWithCreator = preparedPerConnection((db) =>
  selectWithCreator(db)
    .where(inArray(batches.state, [...IN_FLIGHT_STATES]))
    .orderBy(asc(batches.id))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

export function listInFlightBatchesWithCreator(db: Db | Tx, limit: number): BatchWithCreator[] {
  return inFlightWithCreator(db).all({ limit });
}

/**
 * Certificates the portal's batches produced, by the week of their not-before within
 * [startIso, endIso). Reached through the batches created since `batchesFromIso`
 * (batches_created_at_idx, then certificates_batch_id_idx), never by scanning the inventory:
 * a million imported rows with PEMs would make that seconds.
 */
const issuedByWeek = preparedPerConnection((db) => {
  const start = sql.placeholder("start");
  const end = sql.placeholder("end");
  const week = weekIndex(certificates.notBefore, start);
  return db
    .select({ week, n: sql<number>`count(*)` })
    .from(batches)
    .innerJoin(certificates, eq(certificates.batchId, batches.id))
    .where(
      and(
        gte(batches.createdAt, sql.placeholder("batchesFrom")),
        lt(batches.createdAt, end),
        gte(certificates.notBefore, start),
        lt(certificates.notBefore, end),
      ),
    )
    .groupBy(week)
    .prepare();
});

export function issuedCertificatesByWeek(db: Db, batchesFromIso: string, startIso: string, endIso: string): WeekCount[] {
  return issuedByWeek(db).all({ batchesFrom: batchesFromIso, start: startIso, end: endIso });
}
