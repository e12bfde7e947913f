/**
 * One step of a batch through the "Check" of docs/sectigo-protocol.md §4.2: ask Sectigo, apply the decision
 * table (lib/sectigo checkBatch/decideBatch), and when the batch is ready download it once,
 * index its certificates' public parts and forget its PKCS#12 password.
 *
 * Rules:
 * - Single flight per batch in this process: the poller and a page's "refresh now" share one
 *   pass instead of downloading twice.
 * - Any error (Sectigo down, download refused) leaves the batch in its state with
 *   `last_error` and a later `next_check_at` (schedule.ts); the password is kept until the
 *   certificates are indexed.
 * - The download is audited (`batch.download`, system actor); the certificates are inserted
 *   in the same transaction as its `succeeded` outcome, so the log and the inventory agree.
 * - Private keys from a single-certificate PKCS#12 are dropped on the spot; only leaf and
 *   chain PEMs reach the inventory.
 * - A download that cannot be opened (wrong password, not a certificate ZIP) ends `errored`:
 *   downloading it again would fail the same way. The ZIP stays available to operators.
 */
import "server-only";
import type { Db } from "@/db/client";
import { writeTx } from "@/db/client";
import { batchPkcs12Password, getBatch, updateBatch, wipeBatchPassword } from "@/db/queries/batches";
import type { Batch } from "@/db/types";
import { withSectigoCall } from "@/lib/audit/sectigo-call";
import { SYSTEM_ACTOR } from "@/lib/audit/types";
import { hasCode, isUserFacingError } from "@/lib/errors";
import { indexBatchCertificates, type DownloadedCertificate } from "@/lib/inventory/index-certificates";
import { extractCertificateFromDownload, inspectDownload } from "@/lib/pki/download";
import { isPkiError } from "@/lib/pki/errors";
import { checkBatch, type BatchCheck } from "@/lib/sectigo/batch-check";
import type { DownloadedBatch, SectigoClient } from "@/lib/sectigo/client";
import { isSectigoError } from "@/lib/sectigo/errors";
import { sectigoFailureMessage } from "@/lib/sectigo/user-message";
import { getBatchDto, type BatchDto } from "./batch-dto";
import { notFound } from "@/lib/domain/errors";
import { nextErrorCheck, nextProcessingCheck } from "./schedule";

type AdvanceClient = Pick<SectigoClient, "batchDetail" | "batchStatus" | "processingInfo" | "download">;

const inFlight = new WeakMap<Db, Map<number, Promise<BatchDto>>>();

/**
 * `last_error` is what the batch page shows: a Sectigo failure in the words of the step
 * that met it, any other error as a project error's own sentence or a generic one (its
 * text is unknown and could hold anything).
 */
function pageSentence(err: unknown, operation: "batch-check" | "download", sectigoBatchId: number | null): string {
  if (isSectigoError(err)) return sectigoFailureMessage(err, { operation, ...(sectigoBatchId !== null ? { subject: `batch ${sectigoBatchId}` } : {}) });
  if (isUserFacingError(err)) return err.userMessage;
  return "The portal met an error of its own while checking this batch; it tries again by itself. The server log has the details.";
}

function recordError(db: Db, row: Batch, err: unknown, operation: "batch-check" | "download" = "batch-check"): void {
  const now = new Date();
  writeTx(db, (tx) =>
    updateBatch(tx, row.id, {
      lastError: pageSentence(err, operation, row.sectigoBatchId),
      lastCheckedAt: now.toISOString(),
      nextCheckAt: nextErrorCheck(row, now).toISOString(),
    }),
  );
}

/** Writes what the check learned; returns the row to go on with. */
function applyCheck(db: Db, row: Batch, check: BatchCheck): Batch {
  const now = new Date();
  const { decision, detail, info } = check;
  const common = {
    status: check.status,
    active: info.active,
    success: info.success,
    failed: info.failed,
    rejectReason: detail.rejectReason || null,
    lastCheckedAt: now.toISOString(),
  };
  return writeTx(db, (tx) => {
    switch (decision.kind) {
      case "wait":
        return updateBatch(tx, row.id, { ...common, lastError: null, nextCheckAt: nextProcessingCheck(row.createdAt, now).toISOString() });
      case "unhandled":
        // GDS logs this as critical and keeps waiting; tell a person through last_error.
        return updateBatch(tx, row.id, { ...common, lastError: decision.reason, nextCheckAt: nextErrorCheck(row, now).toISOString() });
      case "rejected":
      case "errored": {
        // The batch will never be downloaded: its password has no use left.
        wipeBatchPassword(tx, row.id);
        return updateBatch(tx, row.id, {
          ...common,
          state: decision.kind,
          rejectReason: detail.rejectReason || decision.reason,
          lastError: null,
          nextCheckAt: null,
        });
      }
      case "download":
        return updateBatch(tx, row.id, { ...common, state: "ready", lastError: decision.warning ?? null, nextCheckAt: now.toISOString() });
    }
  }) as Batch;
}

type Extracted = { ok: true; certificates: DownloadedCertificate[] } | { ok: false; error: string };

/** The public certificates of a download; never returns or keeps a private key. */
function extract(row: Batch, download: DownloadedBatch): Extracted {
  try {
    if (row.kind === "single") {
      const password = batchPkcs12Password(row);
      if (password === null) return { ok: false, error: "The PKCS#12 password of this batch is no longer kept, so its download cannot be opened." };
      const contents = extractCertificateFromDownload(download.data, download.fileName, password);
      const [leaf, ...chain] = contents.certificates;
      if (!leaf) return { ok: false, error: "The download holds no certificate." };
      return { ok: true, certificates: [{ leaf, chain }] };
    }
    const certificates: DownloadedCertificate[] = [];
    for (const entry of inspectDownload(download.data).entries) {
      const [leaf, ...chain] = entry.certificates;
      if (leaf) certificates.push({ leaf, chain });
    }
    if (certificates.length === 0) return { ok: false, error: "The download holds no certificate." };
    return { ok: true, certificates };
  } catch (err) {
    if (isPkiError(err)) return { ok: false, error: `The file Sectigo delivered could not be opened: ${err.message}` };
    throw err;
  }
}

async function downloadAndIndex(db: Db, client: AdvanceClient, row: Batch, sectigoBatchId: number): Promise<void> {
  let recorded = false;
  try {
    await withSectigoCall(
      {
        db,
        actor: SYSTEM_ACTOR,
        action: "batch.download",
        target: { type: "batch", id: row.id },
        details: { sectigoBatchId, localBatchId: row.id, by: "poller", purpose: "index" },
        onSuccess: (tx, result) => {
          recorded = true;
          const now = new Date().toISOString();
          if (!result.extracted.ok) {
            updateBatch(tx, row.id, { state: "errored", downloadedAt: now, lastError: result.extracted.error, lastCheckedAt: now, nextCheckAt: null });
            return { extracted: false, error: result.extracted.error };
          }
          const serials = indexBatchCertificates(tx, row, result.extracted.certificates);
          wipeBatchPassword(tx, row.id);
          updateBatch(tx, row.id, { state: "indexed", downloadedAt: now, indexedAt: now, lastError: null, lastCheckedAt: now, nextCheckAt: null });
          return { extracted: true, certificates: serials.length, serials: serials.slice(0, 100) };
        },
        onFailure: (tx, failure) => {
          recorded = true;
          const now = new Date();
          updateBatch(tx, row.id, {
            lastError: pageSentence(failure.error, "download", sectigoBatchId),
            lastCheckedAt: now.toISOString(),
            nextCheckAt: nextErrorCheck(row, now).toISOString(),
          });
        },
      },
      async () => {
        const download = await client.download(sectigoBatchId);
        // Opened before the outcome transaction: PKCS#12 decryption must not hold the write lock.
        return { fileName: download.fileName, bytes: download.data.byteLength, extracted: extract(row, download) };
      },
    );
  } catch (err) {
    // A download failure was recorded with its audit outcome (onFailure); anything else, e.g.
    // an audit outage, is recorded here so the batch still backs off.
    const current = getBatch(db, row.id);
    if (current && (!recorded || hasCode(err, "AUDIT_OUTCOME_NOT_RECORDED"))) recordError(db, current, err, "download");
  }
}

async function advanceOnce(db: Db, client: AdvanceClient, batchId: number): Promise<BatchDto> {
  let row = getBatch(db, batchId);
  if (!row) throw notFound(`batch ${batchId}`, `Batch ${batchId} does not exist.`);
  const sectigoBatchId = row.sectigoBatchId;
  if (sectigoBatchId === null) return getBatchDto(db, batchId) as BatchDto;

  if (row.state === "processing") {
    let check: BatchCheck;
    try {
      check = await checkBatch(client, sectigoBatchId);
    } catch (err) {
      recordError(db, row, err);
      return getBatchDto(db, batchId) as BatchDto;
    }
    row = applyCheck(db, row, check);
  }
  if (row.state === "ready" || row.state === "downloaded") await downloadAndIndex(db, client, row, sectigoBatchId);
  return getBatchDto(db, batchId) as BatchDto;
}

/**
 * Advances a batch by one pass and returns it. Batches in a final state (indexed, rejected,
 * errored) or not yet known to Sectigo are returned unchanged. Throws AppError NOT_FOUND for
 * an unknown id; Sectigo errors are recorded on the batch, not thrown.
 */
export function advanceBatch(db: Db, client: AdvanceClient, batchId: number): Promise<BatchDto> {
  let running = inFlight.get(db);
  if (!running) inFlight.set(db, (running = new Map()));
  const existing = running.get(batchId);
  if (existing) return existing;
  const map = running;
  const pass = advanceOnce(db, client, batchId).finally(() => map.delete(batchId));
  map.set(batchId, pass);
  return pass;
}
