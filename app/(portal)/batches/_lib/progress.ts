/**
 * What the live batch view needs, and nothing more: the progress route answers with it
 * every second, the "Check now" action returns it, and the detail page renders it first.
 * Pure (type-only imports), so the client island can share it.
 */
import type { BatchDto } from "@/lib/issuance";
import { isFinalState } from "./batch-view";

export interface BatchProgressView {
  id: number;
  sectigoBatchId: number | null;
  state: BatchDto["state"];
  /** Sectigo's normalized status text */
  status: string | null;
  /** 0..1 */
  progress: number;
  size: number | null;
  active: number | null;
  success: number | null;
  failed: number | null;
  rejectReason: string | null;
  lastError: string | null;
  nextCheckAt: string | null;
  updatedAt: string;
  /** nothing more will change by itself: stop polling */
  final: boolean;
  /** settled by a person as "Sectigo did not create it" */
  closed: boolean;
}

export function toProgressView(batch: BatchDto): BatchProgressView {
  return {
    id: batch.id,
    sectigoBatchId: batch.sectigoBatchId,
    state: batch.state,
    status: batch.status,
    progress: batch.progress,
    size: batch.size,
    active: batch.active,
    success: batch.success,
    failed: batch.failed,
    rejectReason: batch.rejectReason,
    lastError: batch.lastError,
    nextCheckAt: batch.nextCheckAt,
    updatedAt: batch.updatedAt,
    final: isFinalState(batch.state),
    closed: batch.closed,
  };
}

/** A progress route reply, checked before the island trusts it (the reply may be a login page). */
export function isProgressView(value: unknown): value is BatchProgressView {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "number" && typeof v.state === "string" && typeof v.progress === "number" && typeof v.final === "boolean";
}
