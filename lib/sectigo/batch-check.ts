/**
 * One "Check" pass of docs/sectigo-protocol.md §4.2 against Sectigo: batch detail, the text status
 * when the detail says COLLECTED or nothing, processing info, then `decideBatch`.
 * Errors of any call propagate: the caller leaves the batch as it was and tries later.
 */
import "server-only";
import type { BatchResponse, ProcessingInfo } from "./schemas";
import { decideBatch, needsTextStatus, type BatchDecision } from "./batch-state";

export interface BatchCheckSource {
  batchDetail(batchId: number): Promise<BatchResponse>;
  batchStatus(batchId: number): Promise<string>;
  processingInfo(batchId: number): Promise<ProcessingInfo>;
}

export interface BatchCheck {
  detail: BatchResponse;
  /** The status decided on: the detail's, or the normalized text status. */
  status: string;
  info: ProcessingInfo;
  decision: Exclude<BatchDecision, { kind: "needs-text-status" }>;
}

export async function checkBatch(client: BatchCheckSource, batchId: number): Promise<BatchCheck> {
  const detail = await client.batchDetail(batchId);
  const textStatus = needsTextStatus(detail.status);
  const status = textStatus ? await client.batchStatus(batchId) : detail.status;
  const info = await client.processingInfo(batchId);
  const decision = decideBatch(status, info, detail.rejectReason, { textStatus });
  if (decision.kind === "needs-text-status") {
    // decideBatch never asks again once given the text status; this only satisfies the type.
    throw new Error("unreachable: text status requested twice");
  }
  return { detail, status, info, decision };
}
