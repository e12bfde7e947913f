// Search plans are kept per query text until the trigram index changes: a certificate added
// or renamed after a search was planned — by this connection or by another process on the
// same file — is found by the very next search for the same text.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { upsertCertificate } from "@/db/queries/certificates";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { searchInventory } from "./search";

let t: TempDb;
let db: Db;

function add(into: Db, serial: string, commonName: string) {
  writeTx(into, (tx) => {
    upsertCertificate(tx, { serial, commonName, source: "import", notAfter: new Date(Date.now() + 90 * 86_400_000) });
  });
}

const names = (q: string) => searchInventory(db, { q }).items.map((c) => c.commonName).sort();

beforeEach(() => {
  t = tempDb();
  db = t.db;
  add(db, "A1", "first.kept-plan.example");
});
afterEach(() => t.cleanup());

describe("kept search plans", () => {
  it("find a certificate added through the same connection after the text was planned", () => {
    expect(names("kept-plan")).toEqual(["first.kept-plan.example"]);
    expect(names("kept-plan")).toEqual(["first.kept-plan.example"]);
    add(db, "A2", "second.kept-plan.example");
    expect(names("kept-plan")).toEqual(["first.kept-plan.example", "second.kept-plan.example"]);
  });

  it("find a certificate another connection (another process) added", () => {
    expect(names("kept-plan")).toEqual(["first.kept-plan.example"]);
    const other = t.reopen();
    add(other, "B1", "other.kept-plan.example");
    expect(names("kept-plan")).toEqual(["first.kept-plan.example", "other.kept-plan.example"]);
  });

  it("follow a renamed certificate: the old name no longer finds it, the new one does", () => {
    expect(names("first.kept")).toEqual(["first.kept-plan.example"]);
    expect(names("renamed.kept")).toEqual([]);
    add(db, "A1", "renamed.kept-plan.example");
    expect(names("first.kept")).toEqual([]);
    expect(names("renamed.kept")).toEqual(["renamed.kept-plan.example"]);
  });

  it("find serials in every form, planned once each", () => {
    add(db, "0A1B2C3D4E5F60718293A4B5C6D7E8F9", "serial.kept-plan.example");
    for (const q of ["0A1B2C3D4E5F60718293A4B5C6D7E8F9", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9"]) {
      expect(names(q), q).toEqual(["serial.kept-plan.example"]);
      expect(names(q), `${q}, again`).toEqual(["serial.kept-plan.example"]);
    }
  });
});
