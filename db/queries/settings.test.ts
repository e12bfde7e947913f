import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { getSetting, lastSectigoContact, recordSectigoContact, setSetting } from "@/db/queries/settings";

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

describe("settings", () => {
  it("stores JSON values by key and overwrites them", () => {
    expect(getSetting(db, "poller.intervalSeconds")).toBeUndefined();
    writeTx(db, (tx) => setSetting(tx, "poller.intervalSeconds", 30, null));
    writeTx(db, (tx) => setSetting(tx, "poller.intervalSeconds", { every: 60 }, null));
    expect(getSetting(db, "poller.intervalSeconds")).toEqual({ every: 60 });
  });

  it("refuses to write the audit log's own keys", () => {
    expect(() => writeTx(db, (tx) => setSetting(tx, "audit.checkpoint", { seq: 0, hash: "" }, null))).toThrow(/reserved/);
  });

  it("keeps the last successful contact with Sectigo per endpoint", () => {
    expect(lastSectigoContact(db, "https://iot.sectigo.com")).toBeNull();
    recordSectigoContact(db, "https://iot.sectigo.com", new Date("2026-11-25T12:00:00.000Z"));
    recordSectigoContact(db, "https://iot.sectigo.com", new Date("2026-11-25T12:05:00.000Z"));
    expect(lastSectigoContact(db, "https://iot.sectigo.com")?.toISOString()).toBe("2026-11-25T12:05:00.000Z");
    expect(lastSectigoContact(db, "http://127.0.0.1:8831")).toBeNull();
  });
});
