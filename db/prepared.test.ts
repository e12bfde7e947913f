import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { like, sql } from "drizzle-orm";
import { writeTx, type Db } from "@/db/client";
import { valuesOf } from "@/db/prepared";
import { setSetting } from "@/db/queries/settings";
import { settings } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
  writeTx(db, (tx) => {
    for (const key of ["poller.a", "poller.b", "report.c"]) setSetting(tx, key, key.length, null);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  t.cleanup();
});

const keysLike = (pattern: string) => db.select({ key: settings.key, value: settings.value }).from(settings).where(like(settings.key, pattern)).orderBy(settings.key);

describe("valuesOf: a built query through a statement kept per connection", () => {
  it("gives the rows Drizzle's .values() gives, for each set of values of one shape, and sees later writes", () => {
    for (const pattern of ["poller.%", "report.%", "none.%"]) expect(valuesOf(db, keysLike(pattern))).toEqual(keysLike(pattern).values());
    expect(valuesOf(db, keysLike("poller.%"))).toEqual([
      ["poller.a", "8"],
      ["poller.b", "8"],
    ]);
    writeTx(db, (tx) => setSetting(tx, "poller.c", 1, null));
    expect(valuesOf(db, keysLike("poller.%")).map((r) => r[0])).toEqual(["poller.a", "poller.b", "poller.c"]);
  });

  it("prepares a shape once, however many values it is asked with", () => {
    const prepare = vi.spyOn(db.$client, "prepare");
    for (const pattern of ["poller.%", "report.%", "poller.a", "x%"]) valuesOf(db, keysLike(pattern));
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it("keeps the 64 shapes used last: the least recently used is prepared again, a recent one is not", () => {
    const shape = (n: number) => db.select({ key: settings.key }).from(settings).where(sql`${settings.key} LIKE 'poller.%' AND ${sql.raw(String(n))} = ${n}`);
    for (let n = 0; n < 64; n++) valuesOf(db, shape(n));
    valuesOf(db, shape(0)); // 0 is now the most recent, 1 the least
    const prepare = vi.spyOn(db.$client, "prepare");
    expect(valuesOf(db, shape(64))).toEqual([["poller.a"], ["poller.b"]]); // a 65th: 1 goes
    expect(prepare).toHaveBeenCalledTimes(1);
    valuesOf(db, shape(0));
    expect(prepare).toHaveBeenCalledTimes(1);
    valuesOf(db, shape(1));
    expect(prepare).toHaveBeenCalledTimes(2);
  });
});
