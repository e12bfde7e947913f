import { describe, expect, it } from "vitest";
import { BATCH_STATES } from "@/db/types";
import { canOfferZip, describeProcessing, isFinalState, progressPercent, STATE_STYLES, stateStyle } from "./batch-view";

describe("batch view", () => {
  it("words every state, and something for a state it does not know", () => {
    for (const state of BATCH_STATES) expect(STATE_STYLES[state].label.length).toBeGreaterThan(0);
    expect(stateStyle("martian").label).toBe("Unknown");
  });

  it("stops polling only where nothing changes without a person", () => {
    expect(BATCH_STATES.filter(isFinalState)).toEqual(["indexed", "rejected", "errored", "unknown"]);
  });

  it("turns progress into a bounded whole percentage", () => {
    expect(progressPercent(0.5)).toBe(50);
    expect(progressPercent(1.7)).toBe(100);
    expect(progressPercent(-1)).toBe(0);
    expect(progressPercent(Number.NaN)).toBe(0);
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent(2 / 3)).toBe(67);
  });

  it("describes processing counts only once Sectigo has given some", () => {
    expect(describeProcessing({ active: null, success: null, failed: null })).toBeNull();
    expect(describeProcessing({ active: 1, success: 2, failed: null })).toBe("2 issued, 0 failed, 1 in progress");
  });

  it("offers the ZIP only for batches Sectigo has finished", () => {
    expect(canOfferZip({ sectigoBatchId: 7, state: "indexed" })).toBe(true);
    expect(canOfferZip({ sectigoBatchId: 7, state: "processing" })).toBe(false);
    expect(canOfferZip({ sectigoBatchId: null, state: "indexed" })).toBe(false);
    expect(canOfferZip({ sectigoBatchId: 7, state: "rejected" })).toBe(false);
  });
});
