import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, settings } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { NetworkError, NotFoundError, SectigoTimeoutError, UpstreamError } from "@/lib/sectigo/errors";
import { AuditInputError, AuditOutcomeNotRecordedError, AuditUnavailableError } from "@/lib/audit/errors";
import { findDanglingIntents } from "@/lib/audit/recovery";
import { classifyCallError, withSectigoCall } from "@/lib/audit/sectigo-call";
import type { AuditActor } from "@/lib/audit/types";
import { verifyAuditChain } from "@/lib/audit/verify";

function apiFields(status: number, apiMessage: string) {
  return { httpStatus: status, status, apiMessage, errorCode: 0, timestamp: 0, fromBody: true };
}

const operator: AuditActor = { id: 5, email: "op@example.com", role: "operator" };

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

const entries = () => db.select().from(auditLog).orderBy(auditLog.seq).all();
const settingValue = (key: string) => db.select().from(settings).where(eq(settings.key, key)).get()?.value;

function revoke(call: () => Promise<unknown>, extra: Partial<Parameters<typeof withSectigoCall>[0]> = {}) {
  return withSectigoCall(
    {
      db,
      actor: operator,
      action: "certificate.revoke",
      target: { type: "certificate", id: "0A1B2C" },
      ip: "192.0.2.10",
      details: { reasonCode: 1, profileId: 17 },
      ...extra,
    },
    call,
  );
}

describe("withSectigoCall", () => {
  it("commits the intent before the call, then succeeded with intent_seq and the state change in one transaction", async () => {
    let seenDuringCall: number | undefined;
    const result = await revoke(
      async () => {
        seenDuringCall = entries().length; // the intent is already committed and visible
        return { revoked: true };
      },
      {
        onSuccess: (tx, res) => {
          tx.insert(settings).values({ key: "state.changed", value: JSON.stringify(res), updatedAt: "2026-01-01T00:00:00.000Z" }).run();
          return { stateChanged: true };
        },
        resultDetails: () => ({ sectigo: "ok" }),
      },
    );
    expect(result).toEqual({ revoked: true });
    expect(seenDuringCall).toBe(1);
    const [intent, outcome] = entries();
    expect(intent).toMatchObject({ seq: 1, action: "certificate.revoke", outcome: "requested", intentSeq: null, targetId: "0A1B2C", ip: "192.0.2.10" });
    expect(JSON.parse(intent!.details)).toEqual({ reasonCode: 1, profileId: 17 });
    expect(outcome).toMatchObject({ seq: 2, outcome: "succeeded", intentSeq: 1, actorEmail: "op@example.com" });
    expect(JSON.parse(outcome!.details)).toEqual({ sectigo: "ok", stateChanged: true });
    expect(settingValue("state.changed")).toBe('{"revoked":true}');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 2 });
  });

  it("writes state with the intent (onIntent), which may name the target it created for both entries", async () => {
    const call = vi.fn(async () => "done");
    await withSectigoCall(
      {
        db,
        actor: operator,
        action: "batch.create",
        details: { batchName: "b-1" },
        onIntent: (tx) => {
          tx.insert(settings).values({ key: "batch.row", value: "42", updatedAt: "2026-01-01T00:00:00.000Z" }).run();
          return { target: { type: "batch", id: 42 }, details: { localId: 42 } };
        },
      },
      call,
    );
    expect(settingValue("batch.row")).toBe("42");
    expect(entries().map((e) => [e.outcome, e.targetType, e.targetId])).toEqual([
      ["requested", "batch", "42"],
      ["succeeded", "batch", "42"],
    ]);
    expect(JSON.parse(entries()[0]!.details)).toEqual({ batchName: "b-1", localId: 42 });
  });

  it("a call that Sectigo refuses is recorded as failed with its code, and the error reaches the caller unchanged", async () => {
    const refusal = new NotFoundError(apiFields(404, "certificate not found"));
    const onFailure = vi.fn(() => ({ revocationClosed: true }));
    await expect(revoke(() => Promise.reject(refusal), { onFailure })).rejects.toBe(refusal);
    const [, outcome] = entries();
    expect(outcome).toMatchObject({ outcome: "failed", intentSeq: 1 });
    expect(JSON.parse(outcome!.details)).toMatchObject({ errorCode: "NOT_FOUND", revocationClosed: true });
    expect(onFailure).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ outcome: "failed", code: "NOT_FOUND" }), expect.objectContaining({ seq: 1 }));
  });

  it("a timeout is recorded as unknown: Sectigo may have acted", async () => {
    await expect(revoke(() => Promise.reject(new SectigoTimeoutError("POST /revoke", 30_000)))).rejects.toThrow(/did not answer/);
    expect(entries()[1]).toMatchObject({ outcome: "unknown", intentSeq: 1 });
  });

  it("fails closed: when the intent cannot be written the call is never made and the user is told why", async () => {
    db.$client.exec("CREATE TEMP TRIGGER audit_down BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;");
    const call = vi.fn(async () => "sent");
    const onIntent = vi.fn((tx: Parameters<NonNullable<Parameters<typeof withSectigoCall>[0]["onIntent"]>>[0]) => {
      tx.insert(settings).values({ key: "revocation.pending", value: "1", updatedAt: "2026-01-01T00:00:00.000Z" }).run();
    });
    const err = await revoke(call, { onIntent }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditUnavailableError);
    expect((err as AuditUnavailableError).code).toBe("AUDIT_UNAVAILABLE");
    expect((err as AuditUnavailableError).userMessage).toBe(
      "The audit log could not be written, so nothing was sent to Sectigo. Try again; if it persists, tell an administrator.",
    );
    expect(call).not.toHaveBeenCalled();
    expect(settingValue("revocation.pending")).toBeUndefined(); // the state written with the intent rolled back too
    db.$client.exec("DROP TRIGGER temp.audit_down");
    expect(entries()).toHaveLength(0);
  });

  it("fails closed on a read-only database too", async () => {
    const readOnly = t.reopen({ readonly: true });
    const call = vi.fn(async () => "sent");
    await expect(withSectigoCall({ db: readOnly, actor: operator, action: "batch.create" }, call)).rejects.toBeInstanceOf(
      AuditUnavailableError,
    );
    expect(call).not.toHaveBeenCalled();
  });

  it("a domain refusal in onIntent reaches the caller as is, and neither intent nor call happens", async () => {
    const refusal = new Error("already revoked");
    const call = vi.fn(async () => "sent");
    await expect(
      revoke(call, {
        onIntent: () => {
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    expect(call).not.toHaveBeenCalled();
    expect(entries()).toHaveLength(0);
  });

  it("a malformed entry is a programming error, not an outage", async () => {
    const call = vi.fn(async () => "sent");
    await expect(withSectigoCall({ db, actor: operator, action: "Revoke!" }, call)).rejects.toBeInstanceOf(AuditInputError);
    expect(call).not.toHaveBeenCalled();
  });

  it("when the outcome cannot be committed, the state change rolls back and the intent stays open for recovery", async () => {
    db.$client.exec(
      "CREATE TEMP TRIGGER outcome_down BEFORE INSERT ON audit_log WHEN NEW.outcome <> 'requested' BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    );
    const err = await revoke(async () => "revoked", {
      onSuccess: (tx) => {
        tx.insert(settings).values({ key: "state.changed", value: "1", updatedAt: "2026-01-01T00:00:00.000Z" }).run();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditOutcomeNotRecordedError);
    expect((err as AuditOutcomeNotRecordedError).userMessage).toMatch(/Do not repeat it/);
    expect(settingValue("state.changed")).toBeUndefined();
    expect(findDanglingIntents(db).map((i) => i.seq)).toEqual([1]);
  });
});

// Only the error's `reached` decides. Errors are built by hand here to show that rule alone:
// the two NETWORK errors differ only in `reached`, and that flips the outcome. What the
// transport sets `reached` to for a real refused port, a reset or a timeout, and what
// withSectigoCall then records, is in sectigo-call.simulator.test.ts.
describe("classifyCallError", () => {
  it.each([
    ["a timeout (sent, no answer)", new SectigoTimeoutError("POST /x", 1000), "unknown"],
    ["a 5xx (answered)", new UpstreamError(apiFields(503, "down")), "failed"],
    ["a NETWORK error after sending (no answer)", new NetworkError("h", "connection reset", undefined, "no-answer"), "unknown"],
    ["the same NETWORK error before sending (not sent)", new NetworkError("h", "connection reset", undefined, "not-sent"), "failed"],
    ["a 404 (answered)", new NotFoundError(apiFields(404, "nope")), "failed"],
    ["an error that is not Sectigo's", Object.assign(new Error("aborted"), { name: "AbortError" }), "failed"],
    ["a plain bug", new TypeError("x is undefined"), "failed"],
  ] as const)("%s → %s", (_label, err, expected) => {
    expect(classifyCallError(err)).toBe(expected);
  });
});
