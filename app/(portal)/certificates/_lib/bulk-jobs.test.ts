import { describe, expect, it } from "vitest";
import { BulkJobStore, JOB_TTL_MS, summarize, type BulkResult, type BulkRun } from "./bulk-jobs";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Waits until `check` holds, yielding to the event loop between tries (no timers). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setImmediate(r));
  expect(check()).toBe(true);
}

const revoked = (serial: string): BulkResult => ({ serial, outcome: "revoked", message: `${serial} revoked` });

describe("BulkJobStore", () => {
  it("shows progress while the run reports results, then the summary", async () => {
    let ids = 0;
    const store = new BulkJobStore(() => 0, () => `job-${++ids}`);
    const gate = deferred<void>();
    let progress: BulkRun | undefined;
    const id = store.start(
      7,
      3,
      async (p) => {
        progress = p;
        await gate.promise;
        return { results: [revoked("A1"), { serial: "B2", outcome: "already-revoked", message: "already" }, { serial: "C3", outcome: "failed", message: "no" }] };
      },
      () => "stopped",
    );
    expect(id).toBe("job-1");
    await until(() => progress !== undefined);
    expect(store.get(id, 7)).toMatchObject({ state: "running", done: 0, total: 3, summary: null });

    progress?.onResult(revoked("A1"));
    expect(store.get(id, 7)).toMatchObject({ state: "running", done: 1, results: [{ serial: "A1", outcome: "revoked" }] });

    gate.resolve();
    await until(() => store.get(id, 7)?.state !== "running");
    expect(store.get(id, 7)).toMatchObject({
      state: "finished",
      done: 3,
      summary: { revoked: 1, alreadyRevoked: 1, failed: 1, unknown: 0 },
      error: null,
    });
  });

  it("keeps the results reached when the run stops early, with a readable reason", async () => {
    const store = new BulkJobStore();
    const id = store.start(
      1,
      2,
      async ({ onResult }) => {
        onResult(revoked("A1"));
        throw Object.assign(new Error("internal detail"), { code: "AUDIT_UNAVAILABLE" });
      },
      () => "The audit log could not be written; nothing more was sent to Sectigo.",
    );
    await until(() => store.get(id, 1)?.state === "stopped");
    expect(store.get(id, 1)).toMatchObject({
      done: 1,
      summary: { revoked: 1, alreadyRevoked: 0, failed: 0, unknown: 0 },
      error: "The audit log could not be written; nothing more was sent to Sectigo.",
    });
  });

  it("shows a job only to the person who started it", async () => {
    const store = new BulkJobStore();
    const id = store.start(1, 1, async () => ({ results: [revoked("A1")] }), String);
    await until(() => store.get(id, 1)?.state === "finished");
    expect(store.get(id, 2)).toBeNull();
    expect(store.get("no-such-job", 1)).toBeNull();
  });

  it("forgets finished jobs after an hour", async () => {
    let now = 1_000;
    const store = new BulkJobStore(() => now);
    const old = store.start(1, 1, async () => ({ results: [revoked("A1")] }), String);
    await until(() => store.get(old, 1)?.state === "finished");
    now += JOB_TTL_MS + 1;
    store.start(1, 1, async () => ({ results: [] }), String);
    expect(store.get(old, 1)).toBeNull();
  });

  it("counts each serial once even if reported twice", async () => {
    const store = new BulkJobStore();
    const id = store.start(
      1,
      1,
      async ({ onResult }) => {
        onResult(revoked("A1"));
        onResult(revoked("A1"));
        return { results: [revoked("A1")] };
      },
      String,
    );
    await until(() => store.get(id, 1)?.state === "finished");
    expect(store.get(id, 1)?.results).toHaveLength(1);
  });
});

describe("summarize", () => {
  it("counts each outcome", () => {
    expect(summarize([revoked("A"), { serial: "B", outcome: "unknown", message: "?" }, revoked("C")])).toEqual({ revoked: 2, alreadyRevoked: 0, failed: 0, unknown: 1 });
  });
});
