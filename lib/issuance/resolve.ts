/**
 * Settling a create or upload whose outcome is unknown (state `unknown`, no Sectigo id):
 * the request left, no readable answer came back, and Sectigo cannot be searched by batch
 * name, so only a person who looked at Sectigo can say what happened. Two answers:
 *
 * - "Sectigo created it: batch N": linked only when Sectigo's batch N has this row's batch
 *   name and profile and is not linked to another row; the batch then goes on as any
 *   processing batch (the poller picks it up at once).
 * - "Sectigo did not create it": closed with the person's reason; final, never retried
 *   (a failed state with a resolution note; see db/schema.ts).
 *
 * Rules: each settlement is one `batch.resolve` entry by the person, written in the same
 * transaction as the change; a refused attempt changes nothing and is logged as `failed`.
 * The change applies only while the row is still unknown, so of two people settling at
 * once exactly one succeeds and the other is told who was first.
 */
import "server-only";
import { writeTx } from "@/db/client";
import { batchPkcs12Password, getBatch, getBatchBySectigoId, updateWaitingBatch, wipeBatchPassword } from "@/db/queries/batches";
import type { Batch } from "@/db/types";
import { appendAudit } from "@/lib/audit/append";
import type { AuditDetails } from "@/lib/audit/types";
import { AppError, hasCode } from "@/lib/errors";
import { findProfile } from "@/lib/sectigo/profiles";
import type { BatchResponse } from "@/lib/sectigo/schemas";
import { getBatchDto, type BatchDto } from "./batch-dto";
import type { ActorContext } from "@/lib/domain/context";
import { InvalidInputError, notFound, sectigoAppError } from "@/lib/domain/errors";
import { sectigoBatchFields } from "./submit";

export const MIN_REASON_LENGTH = 10;
export const MAX_REASON_LENGTH = 500;

const ACTION = "batch.resolve";

/** Closing asks Sectigo nothing: it is the person's word, so it needs no client. */
type LocalContext = Omit<ActorContext, "client">;

/** Whether a batch is waiting for a person to settle its unknown create. */
export function isResolvableRow(row: { state: string; sectigoBatchId: number | null; resolvedAt: string | null }): boolean {
  return row.state === "unknown" && row.sectigoBatchId === null && row.resolvedAt === null;
}

function loadUnknown(ctx: LocalContext, batchId: number): Batch {
  const row = getBatch(ctx.db, batchId);
  if (!row) throw notFound(`batch ${batchId}`, `Batch ${batchId} does not exist.`);
  if (!isResolvableRow(row)) throw alreadySettled(row);
  return row;
}

function alreadySettled(row: Batch | undefined): AppError {
  const by = row?.resolvedByEmail ? ` by ${row.resolvedByEmail}` : "";
  return new AppError(
    "NOT_RESOLVABLE",
    `batch ${row?.id ?? "?"} is not unknown`,
    `This batch is no longer waiting to be settled: it was settled${by} meanwhile, or its outcome became known. Nothing was changed; reload the page to see its state.`,
  );
}

/** A refused attempt: logged as `failed` by the person, nothing else changes. */
function refuse(ctx: LocalContext, row: Batch, details: AuditDetails, error: AppError): AppError {
  writeTx(ctx.db, (tx) =>
    appendAudit(tx, { actor: ctx.actor, action: ACTION, target: { type: "batch", id: row.id }, ip: ctx.ip ?? null, outcome: "failed", details: { ...details, refused: error.userMessage } }),
  );
  return error;
}

function sameProfile(row: Batch, detail: BatchResponse): boolean {
  const profile = findProfile(detail.profile);
  return profile ? profile.id === row.profileId : detail.profile === row.profileName;
}

export interface LinkResult {
  batch: BatchDto;
  /**
   * A single certificate's PKCS#12 password, to show ONCE to the person who linked it: the
   * failed create never showed it, and without it the .p12 in the ZIP cannot be opened.
   */
  pkcs12Password: string | null;
}

/** "Sectigo created it: batch N": links N to the row after checking it at Sectigo. */
export async function linkUnknownBatch(ctx: ActorContext, batchId: number, sectigoBatchId: number): Promise<LinkResult> {
  const row = loadUnknown(ctx, batchId);
  const details = { resolution: "created", sectigoBatchId };
  // Every refusal below is audited with the number the person gave; nothing changes.
  const mismatch = (internal: string, sentence: string, extra: AuditDetails = {}) =>
    refuse(ctx, row, { ...details, ...extra }, new AppError("BATCH_MISMATCH", internal, sentence));
  const linked = getBatchBySectigoId(ctx.db, sectigoBatchId);
  if (linked) {
    throw mismatch(
      `sectigo batch ${sectigoBatchId} is linked to batch ${linked.id}`,
      `Sectigo batch ${sectigoBatchId} already belongs to batch ${linked.id} (“${linked.batchName}”) in the portal, so it cannot be this one. Nothing was changed; check the number in Sectigo.`,
    );
  }

  let detail: BatchResponse;
  try {
    detail = await ctx.client.batchDetail(sectigoBatchId);
  } catch (err) {
    if (hasCode(err, "NOT_FOUND")) {
      throw mismatch(`sectigo batch ${sectigoBatchId} not found`, `Sectigo has no batch ${sectigoBatchId}. Nothing was changed; check the number in Sectigo.`);
    }
    throw sectigoAppError(err, { operation: "batch-check", subject: `batch ${sectigoBatchId}` });
  }

  const nameOk = detail.batchName === row.batchName;
  const profileOk = sameProfile(row, detail);
  if (!nameOk || !profileOk) {
    const theirs = `“${detail.batchName}” under profile ${detail.profile}`;
    const ours = `“${row.batchName}” under profile ${row.profileName ?? row.profileId ?? "?"}`;
    throw mismatch(
      `sectigo batch ${sectigoBatchId} does not match batch ${row.id}`,
      `Sectigo batch ${sectigoBatchId} is ${theirs}, but this batch is ${ours}, so it is not the one this request created. Nothing was changed; check the number in Sectigo.`,
      { sectigoBatchName: detail.batchName, sectigoProfile: detail.profile },
    );
  }

  const fields = sectigoBatchFields(sectigoBatchId, detail, row.size);
  const status = fields.status;
  const now = new Date().toISOString();
  let pkcs12Password: string | null = null;
  try {
    writeTx(ctx.db, (tx) => {
      const updated = updateWaitingBatch(tx, row.id, "unknown", {
        ...fields,
        resolvedByEmail: ctx.actor.email,
        resolvedAt: now,
        resolutionNote: `Sectigo created it: linked to Sectigo batch ${sectigoBatchId}.`,
      });
      if (!updated) throw alreadySettled(getBatch(tx, row.id));
      pkcs12Password = updated.kind === "single" ? batchPkcs12Password(updated) : null;
      appendAudit(tx, {
        actor: ctx.actor,
        action: ACTION,
        target: { type: "batch", id: row.id },
        ip: ctx.ip ?? null,
        outcome: "succeeded",
        details: { ...details, batchName: row.batchName, status },
      });
    });
  } catch (err) {
    if (hasCode(err, "NOT_RESOLVABLE")) throw err;
    // The UNIQUE Sectigo id: someone linked the same batch to another row a moment ago.
    if (getBatchBySectigoId(ctx.db, sectigoBatchId)) {
      throw new AppError("BATCH_MISMATCH", `sectigo batch ${sectigoBatchId} was linked meanwhile`, `Sectigo batch ${sectigoBatchId} was just linked to another batch in the portal. Nothing was changed here.`);
    }
    throw err;
  }
  return { batch: getBatchDto(ctx.db, row.id) as BatchDto, pkcs12Password };
}

/** "Sectigo did not create it": closes the row for good, with the person's reason. */
export function closeUnknownBatch(ctx: LocalContext, batchId: number, reasonText: string): BatchDto {
  const reason = reasonText.replace(/\s+/g, " ").trim();
  if (reason.length < MIN_REASON_LENGTH || reason.length > MAX_REASON_LENGTH) {
    throw new InvalidInputError({
      reason: [`Say in ${MIN_REASON_LENGTH} to ${MAX_REASON_LENGTH} characters how you know Sectigo did not create it, e.g. “No batch of this name in Sectigo's list on 3 May”.`],
    });
  }
  const row = loadUnknown(ctx, batchId);
  writeTx(ctx.db, (tx) => {
    const updated = updateWaitingBatch(tx, row.id, "unknown", {
      state: "errored",
      lastError: null,
      nextCheckAt: null,
      resolvedByEmail: ctx.actor.email,
      resolvedAt: new Date().toISOString(),
      resolutionNote: reason,
    });
    if (!updated) throw alreadySettled(getBatch(tx, row.id));
    // Nothing will ever be downloaded for it: its PKCS#12 password has no use left.
    wipeBatchPassword(tx, row.id);
    appendAudit(tx, {
      actor: ctx.actor,
      action: ACTION,
      target: { type: "batch", id: row.id },
      ip: ctx.ip ?? null,
      outcome: "succeeded",
      details: { resolution: "not-created", reason, batchName: row.batchName },
    });
  });
  return getBatchDto(ctx.db, row.id) as BatchDto;
}
