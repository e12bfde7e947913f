import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { revocations } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import {
  activeRevocation,
  beginRevocation,
  completeRevocation,
  getRevocation,
  listRevocations,
  recentSucceededRevocations,
  RevocationConflictError,
  succeededRevocationsByWeek,
} from "@/db/queries/revocations";
import { upsertCertificate } from "@/db/queries/certificates";
import { insertUser } from "@/db/queries/users";
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

describe("revocations for the dashboard", () => {
  const clockAt = (iso: string) => () => new Date(iso);

  it("lists the latest succeeded revocations with the certificate's name and the requester's e-mail", () => {
    const at = "2026-11-25T12:00:00.000Z";
    const userId = writeTx(db, (tx) => insertUser(tx, { email: "op@example.com", name: "Op", role: "operator", passwordHash: "h", createdAt: at, updatedAt: at })).id;
    upsertCertificate(db, { serial: "0A01", commonName: "one.example", source: "batch" });
    const one = writeTx(db, (tx) => beginRevocation(tx, { serial: "0A01", reasonCode: 1, requestedBy: userId }, clockAt("2026-11-20T00:00:00.000Z")));
    writeTx(db, (tx) => completeRevocation(tx, one.id, { outcome: "succeeded" }, clockAt("2026-11-20T00:01:00.000Z")));
    const two = writeTx(db, (tx) => beginRevocation(tx, { serial: "0A02", reasonCode: 4, requestedBy: null }, clockAt("2026-11-21T00:00:00.000Z")));
    writeTx(db, (tx) => completeRevocation(tx, two.id, { outcome: "succeeded" }, clockAt("2026-11-21T00:01:00.000Z")));
    writeTx(db, (tx) => beginRevocation(tx, { serial: "0A03", reasonCode: 1, requestedBy: null })); // pending: not listed

    expect(recentSucceededRevocations(db, 10)).toEqual([
      { serial: "0A02", commonName: null, reasonCode: 4, certificateRevokedAt: null, completedAt: "2026-11-21T00:01:00.000Z", requestedAt: "2026-11-21T00:00:00.000Z", revokedById: null, revokedByEmail: null },
      { serial: "0A01", commonName: "one.example", reasonCode: 1, certificateRevokedAt: null, completedAt: "2026-11-20T00:01:00.000Z", requestedAt: "2026-11-20T00:00:00.000Z", revokedById: userId, revokedByEmail: "op@example.com" },
    ]);
    expect(recentSucceededRevocations(db, 1)).toHaveLength(1);
    expect(getRevocation(db, one.id)?.serial).toBe("0A01");
    expect(getRevocation(db, 999)).toBeUndefined();
  });

  it("counts succeeded revocations by the week they took effect", () => {
    const revoke = (serial: string, requested: string, completed: string, outcome: "succeeded" | "failed" = "succeeded") => {
      const row = writeTx(db, (tx) => beginRevocation(tx, { serial, reasonCode: 1, requestedBy: null }, clockAt(requested)));
      writeTx(db, (tx) => completeRevocation(tx, row.id, { outcome }, clockAt(completed)));
    };
    revoke("01", "2026-11-02T10:00:00.000Z", "2026-11-02T10:01:00.000Z");
    revoke("02", "2026-11-08T23:59:00.000Z", "2026-11-09T00:01:00.000Z"); // took effect in week 1
    revoke("03", "2026-11-10T10:00:00.000Z", "2026-11-10T10:01:00.000Z", "failed");
    revoke("04", "2026-09-01T10:00:00.000Z", "2026-09-01T10:01:00.000Z"); // before the lead
    const rows = succeededRevocationsByWeek(db, "2026-10-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z", "2026-11-16T00:00:00.000Z");
    expect(rows.sort((a, b) => a.week - b.week)).toEqual([
      { week: 0, n: 1 },
      { week: 1, n: 1 },
    ]);
  });
});
