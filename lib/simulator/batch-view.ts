/**
 * How a stored batch looks on the wire: the BatchResponse of endpoints E/F/J, the
 * processing info of H, and the text status of G.
 *
 * The text status follows the real service's prose ("Ready for download", "Not
 * Acceptable. Status: <reason>"), not cathy's raw constants; the client normalizes both.
 */
import "server-only";
import { findProfile } from "@/lib/sectigo/profiles";
import { BATCH_STATUS, type BatchResponse, type ProcessingInfo } from "@/lib/sectigo/schemas";
import { USER_ID } from "./catalog";
import type { BatchRecord } from "./state";

export function toBatchResponse(batch: BatchRecord): BatchResponse {
  const processing = batch.status === BATCH_STATUS.PROCESSING;
  return {
    batchId: batch.batchId,
    orderNumber: batch.orderNumber,
    creationDate: batch.creationDate,
    profile: findProfile(batch.profileId)?.name ?? String(batch.profileId),
    size: batch.size,
    status: batch.status,
    active: processing,
    batchName: batch.batchName,
    rejectReason: batch.rejectReason,
    generatorParametersValues: null,
    userId: USER_ID,
    downloadable: batch.status === BATCH_STATUS.READY_FOR_DOWNLOAD,
    rejectable: processing,
  };
}

export function toProcessingInfo(batch: BatchRecord): ProcessingInfo {
  return { active: batch.active, success: batch.success, failed: batch.failed };
}

const PROSE: Record<string, string> = {
  [BATCH_STATUS.PROCESSING]: "Processing",
  [BATCH_STATUS.READY_FOR_DOWNLOAD]: "Ready for download",
  [BATCH_STATUS.COLLECTED]: "Collected",
  [BATCH_STATUS.REJECTED]: "Rejected",
  [BATCH_STATUS.FAILED]: "Failed",
  [BATCH_STATUS.BROKEN]: "Broken",
  [BATCH_STATUS.REMOVED_AFTER_EXPIRATION]: "Removed after expiration",
  [BATCH_STATUS.REVOKED]: "Revoked",
};

export function statusText(batch: BatchRecord): string {
  if (batch.status === BATCH_STATUS.NOT_ACCEPTABLE) return `Not Acceptable. Status: ${batch.rejectReason}`;
  return PROSE[batch.status] ?? batch.status;
}
