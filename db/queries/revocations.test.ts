import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { revocations } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { activeRevocation, beginRevocation, completeRevocation, listRevocations, RevocationConflictError } from "@/db/queries/revocations";
import { withSectigoCall } from "@/lib/audit/sectigo-call";

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

const begin = (on: Db, serial = "0a:0b") => writeTx(on, (tx) => beginRevocation(tx, { serial, reasonCode: 1, requestedBy: null }));

describe("revocations: one pending or succeeded revocation per serial", () => {
  it("a second pending revocation of the same serial fails cleanly, from another connection too", () => {
    const first = begin(db);
    expect(first).toMatchObject({ serial: "0A0B", outcome: "pending" });
    const other = t.reopen();
    const err = (() => {
      try {
        begin(other, "0A0B");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RevocationConflictError);
    expect(err).toMatchObject({ code: "REVOCATION_IN_PROGRESS", serial: "0A0B" });
    expect(db.select().from(revocations).all()).toHaveLength(1);
  });

  it("after success, another attempt is refused as already revoked", () => {
    const first = begin(db);
    writeTx(db, (tx) => completeRevocation(tx, first.id, { outcome: "succeeded" }));
    expect(() => begin(db)).toThrow(expect.objectContaining({ code: "ALREADY_REVOKED", message: "Certificate 0A0B is already revoked." }));
  });

  it("after a failed or unknown attempt, a new one may start", () => {
    const first = begin(db);
    writeTx(db, (tx) => completeRevocation(tx, first.id, { outcome: "failed", error: "NOT_FOUND" }));
    const second = begin(db);
    writeTx(db, (tx) => completeRevocation(tx, second.id, { outcome: "unknown" }));
    expect(begin(db).outcome).toBe("pending");
    expect(listRevocations(db, { serial: "0A0B" })).toHaveLength(3);
    expect(activeRevocation(db, "0a0b")?.outcome).toBe("pending");
  });

  it("completing only closes a pending revocation (an answer arriving twice changes nothing)", () => {
    const first = begin(db);
    writeTx(db, (tx) => completeRevocation(tx, first.id, { outcome: "succeeded" }));
    writeTx(db, (tx) => completeRevocation(tx, first.id, { outcome: "failed", error: "late" }));
    expect(db.select().from(revocations).get()).toMatchObject({ outcome: "succeeded", error: null });
  });

  it("concurrent revokes through withSectigoCall: exactly one reaches Sectigo and one revoke succeeds", async () => {
    let calls = 0;
    const revoke = () =>
      withSectigoCall(
        {
          db,
          actor: { id: 1, email: "op@example.com", role: "operator" },
          action: "certificate.revoke",
          target: { type: "certificate", id: "0A0B" },
          onIntent: (tx) => {
            beginRevocation(tx, { serial: "0A0B", reasonCode: 1, requestedBy: null });
          },
          onSuccess: (tx) => {
            const pending = activeRevocation(tx, "0A0B");
            if (pending) completeRevocation(tx, pending.id, { outcome: "succeeded" });
          },
        },
        async () => {
          calls++;
          await new Promise((resolve) => setImmediate(resolve));
        },
      );
    const results = await Promise.allSettled([revoke(), revoke(), revoke()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason)).toEqual([
      expect.any(RevocationConflictError),
      expect.any(RevocationConflictError),
    ]);
    expect(calls).toBe(1);
    expect(db.select().from(revocations).all()).toEqual([expect.objectContaining({ outcome: "succeeded" })]);
  });
});
