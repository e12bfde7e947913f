/**
 * How the batches pages word and colour a batch. Pure (no server imports): the list, the
 * detail page and the live-progress island all use it, so a state reads the same everywhere.
 *
 * Rules: a state is always shown as words (colour only repeats them, WCAG 1.4.1); the
 * "final" states are the ones in which nothing will change any more without a person, so
 * live polling stops there.
 */
import type { BadgeTone } from "@/app/_components/ui/badge";
import type { BatchKind, BatchState } from "@/db/types";

export interface StateStyle {
  label: string;
  tone: BadgeTone;
  /** one sentence a staff member can act on */
  description: string;
}

export const STATE_STYLES: Readonly<Record<BatchState, StateStyle>> = {
  submitted: {
    label: "Submitted",
    tone: "blue",
    description: "Recorded and being sent to Sectigo.",
  },
  processing: {
    label: "Processing",
    tone: "blue",
    description: "Sectigo is issuing the certificates; the portal checks it in the background.",
  },
  ready: {
    label: "Ready",
    tone: "violet",
    description: "Sectigo has finished; the portal is downloading the result.",
  },
  downloaded: {
    label: "Downloaded",
    tone: "violet",
    description: "Downloaded from Sectigo; the certificates are being added to the inventory.",
  },
  indexed: {
    label: "Complete",
    tone: "green",
    description: "Issued, downloaded and listed in the certificate inventory.",
  },
  rejected: {
    label: "Rejected",
    tone: "red",
    description: "Sectigo refused the batch; see the reason.",
  },
  errored: {
    label: "Failed",
    tone: "red",
    description: "Sectigo could not issue the batch.",
  },
  unknown: {
    label: "Unknown",
    tone: "amber",
    description: "The portal could not tell whether Sectigo received the batch; check with Sectigo before repeating it.",
  },
};

/**
 * Words for what a batch's state alone does not say: an unknown create settled as "Sectigo
 * did not create it" is stored as `errored` with a resolution note (db/schema.ts) and shown
 * as "closed"; a create that failed before Sectigo made a batch is `errored` with no
 * Sectigo id, and can be retried.
 */
export const DISPLAY_STYLES: Readonly<Record<"closed" | "create-failed", StateStyle>> = {
  closed: {
    label: "Closed",
    tone: "slate",
    description: "Settled by a person as “Sectigo did not create it”; nothing more will happen to it.",
  },
  "create-failed": {
    label: "Failed",
    tone: "red",
    description: "The request to Sectigo failed, so no batch was created there. An operator can retry it from this page.",
  },
};

/** The state to show: a stored state, or "closed" for a settled-as-not-created batch. */
export function displayState(batch: { state: string; closed?: boolean }): string {
  return batch.closed ? "closed" : batch.state;
}

export function stateStyle(state: string): StateStyle {
  if (state === "closed") return DISPLAY_STYLES.closed;
  return (STATE_STYLES as Record<string, StateStyle | undefined>)[state] ?? STATE_STYLES.unknown;
}

/** The state's style with the sentence that fits this batch (a failed create says so). */
export function batchStyle(batch: { state: string; closed?: boolean; sectigoBatchId: number | null }): StateStyle {
  if (!batch.closed && batch.state === "errored" && batch.sectigoBatchId === null) return DISPLAY_STYLES["create-failed"];
  return stateStyle(displayState(batch));
}

const FINAL_STATES: ReadonlySet<string> = new Set<BatchState>(["indexed", "rejected", "errored", "unknown"]);

/** No more change to expect without a person acting: stop polling. */
export function isFinalState(state: string): boolean {
  return FINAL_STATES.has(state);
}

export const KIND_LABELS: Readonly<Record<BatchKind, string>> = {
  single: "Single certificate",
  csr: "CSR upload",
};

export function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string | undefined>)[kind] ?? kind;
}

/** A 0..1 fraction as a whole percentage 0..100 (anything odd counts as 0). */
export function progressPercent(progress: number | null | undefined): number {
  if (typeof progress !== "number" || !Number.isFinite(progress)) return 0;
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

/** "2 issued, 1 failed, 0 in progress", or null before Sectigo has said anything. */
export function describeProcessing(counts: { active: number | null; success: number | null; failed: number | null }): string | null {
  if (counts.active === null && counts.success === null && counts.failed === null) return null;
  return `${counts.success ?? 0} issued, ${counts.failed ?? 0} failed, ${counts.active ?? 0} in progress`;
}

/** The ZIP is downloadable from Sectigo once the batch is ready (and as long as Sectigo keeps it). */
export function canOfferZip(batch: { sectigoBatchId: number | null; state: string }): boolean {
  return batch.sectigoBatchId !== null && (batch.state === "ready" || batch.state === "downloaded" || batch.state === "indexed");
}
