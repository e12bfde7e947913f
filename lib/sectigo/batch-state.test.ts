import { describe, expect, it } from "vitest";
import { canonicalBatchStatus, decideBatch, needsTextStatus, normalizeBatchStatus } from "./batch-state";
import { checkBatch, type BatchCheckSource } from "./batch-check";
import { SAMPLE_BATCH } from "./test-support/fake-sectigo";

const info = (active: number, success: number, failed: number) => ({ active, success, failed });

describe("status normalization (endpoint G)", () => {
  it.each([
    [" Ready for download\n", "READY_FOR_DOWNLOAD"],
    ["Processing", "PROCESSING"],
    ["PROCESSING", "PROCESSING"],
    ["Failed", "FAILED"],
    ["completed", "COMPLETED"],
    ["Not Acceptable. Status: bad csr", "NOT_ACCEPTABLE._STATUS:_BAD_CSR"],
    ["", ""],
  ])("%j → %j", (text, status) => {
    expect(normalizeBatchStatus(text)).toBe(status);
  });

  it("treats any status starting with NOT_ACCEPTABLE as NOT_ACCEPTABLE", () => {
    expect(canonicalBatchStatus("Not Acceptable. Status: bad csr")).toBe("NOT_ACCEPTABLE");
    expect(canonicalBatchStatus("READY_FOR_DOWNLOAD")).toBe("READY_FOR_DOWNLOAD");
  });
});

describe("the batch decision table", () => {
  it.each([
    ["PROCESSING", info(1, 0, 0), "", "wait"],
    ["REJECTED", info(0, 0, 1), "", "rejected"],
    ["NOT_ACCEPTABLE", info(0, 0, 1), "", "errored"],
    ["Not Acceptable. Status: bad subject", info(0, 0, 1), "", "errored"],
    ["NOT_ACCEPTABLE", info(0, 1, 0), "", "unhandled"],
    ["READY_FOR_DOWNLOAD", info(0, 1, 0), "", "download"],
    ["READY_FOR_DOWNLOAD", info(0, 1, 1), "", "download"],
    ["READY_FOR_DOWNLOAD", info(0, 0, 1), "", "unhandled"], // failures are tolerated, but no success means nothing to download
    ["FAILED", info(0, 0, 1), "Cert subject name error", "rejected"],
    ["BROKEN", info(0, 0, 1), "", "errored"],
    ["READY_FOR_DOWNLOAD", info(0, 0, 0), "", "unhandled"],
    ["PROCESSING", info(0, 0, 0), "", "unhandled"],
    ["READY_FOR_DOWNLOAD", info(2, 1, 0), "", "wait"],
    ["COLLECTED", info(0, 1, 0), "", "needs-text-status"],
    ["", info(0, 1, 0), "", "needs-text-status"],
    [" collected ", info(0, 1, 0), "", "needs-text-status"],
  ])("(%j, %j, reject %j) → %s", (status, processing, rejectReason, kind) => {
    expect(decideBatch(status, processing, rejectReason).kind).toBe(kind);
  });

  it("warns on a mixed result", () => {
    const decision = decideBatch("READY_FOR_DOWNLOAD", info(0, 1, 1));
    expect(decision).toEqual({ kind: "download", warning: expect.stringContaining("1 certificate(s) of the batch failed") });
    expect(decideBatch("READY_FOR_DOWNLOAD", info(0, 1, 0))).toEqual({ kind: "download" });
  });

  it("carries the reject reason", () => {
    expect(decideBatch("BROKEN", info(0, 0, 1), "SubjectAlternativeName dNSName value is missing")).toEqual({
      kind: "rejected",
      reason: "the batch was rejected: SubjectAlternativeName dNSName value is missing",
    });
  });

  it("never asks for the text status twice", () => {
    expect(decideBatch("COLLECTED", info(0, 1, 0), "", { textStatus: true }).kind).toBe("unhandled");
    expect(decideBatch("", info(0, 0, 1), "", { textStatus: true }).kind).toBe("errored");
    expect(needsTextStatus("COLLECTED")).toBe(true);
  });
});

describe("checkBatch", () => {
  function source(status: string, text: string, processing = info(0, 1, 0)) {
    const calls: string[] = [];
    const src: BatchCheckSource = {
      batchDetail: async () => (calls.push("detail"), { ...SAMPLE_BATCH, status }),
      batchStatus: async () => (calls.push("status"), normalizeBatchStatus(text)),
      processingInfo: async () => (calls.push("info"), processing),
    };
    return { src, calls };
  }

  it("uses the detail status when it says something", async () => {
    const { src, calls } = source("READY_FOR_DOWNLOAD", "unused");
    expect((await checkBatch(src, 42)).decision).toEqual({ kind: "download" });
    expect(calls).toEqual(["detail", "info"]);
  });

  it("asks for the text status when the detail says COLLECTED", async () => {
    const { src, calls } = source("COLLECTED", "Ready for download");
    const check = await checkBatch(src, 42);
    expect(check.status).toBe("READY_FOR_DOWNLOAD");
    expect(check.decision.kind).toBe("download");
    expect(calls).toEqual(["detail", "status", "info"]);
  });
});
