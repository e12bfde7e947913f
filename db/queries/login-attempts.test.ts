import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { countFailuresSince, deleteAttemptsBefore, failureAtOffset, failuresSince, insertAttempts, lastSuccessAt } from "@/db/queries/login-attempts";

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

const at = (minute: number) => `2026-11-25T12:${String(minute).padStart(2, "0")}:00.000Z`;

describe("login attempts", () => {
  it("counts a key's failures after a moment, finds the newest and the n-th oldest, and the last success", () => {
    writeTx(db, (tx) =>
      insertAttempts(tx, [
        { key: "ip:1", at: at(1), success: false },
        { key: "ip:1", at: at(2), success: true },
        { key: "ip:1", at: at(3), success: false },
        { key: "ip:1", at: at(4), success: false },
        { key: "ip:2", at: at(5), success: false },
      ]),
    );
    expect(failuresSince(db, "ip:1", at(0))).toEqual({ count: 3, lastAt: at(4) });
    expect(failuresSince(db, "ip:1", at(3))).toEqual({ count: 1, lastAt: at(4) });
    expect(failuresSince(db, "ip:9", at(0))).toEqual({ count: 0, lastAt: null });
    expect(countFailuresSince(db, "ip:1", at(1))).toBe(2);
    expect(failureAtOffset(db, "ip:1", at(0), 1)).toBe(at(3));
    expect(failureAtOffset(db, "ip:1", at(0), 5)).toBeNull();
    expect(lastSuccessAt(db, "ip:1")).toBe(at(2));
    expect(lastSuccessAt(db, "ip:2")).toBeNull();
  });

  it("prunes rows older than a moment", () => {
    writeTx(db, (tx) => insertAttempts(tx, [{ key: "k", at: at(1), success: false }, { key: "k", at: at(5), success: false }]));
    writeTx(db, (tx) => deleteAttemptsBefore(tx, at(3)));
    expect(countFailuresSince(db, "k", at(0))).toBe(1);
  });
});
