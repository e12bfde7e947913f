// The search reads its rows as raw values and maps them itself (listRowOf): the result must be
// exactly what Drizzle's own mapping gives, for every kind of row the inventory holds.
import { afterEach, beforeEach, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { writeTx, type Db } from "@/db/client";
import { listColumns, listRowOf, markCertificateRevoked, upsertCertificate } from "@/db/queries/certificates";
import { certificates } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

it("maps raw rows exactly as Drizzle does: nulls, numbers, several names, revoked, find-only, reissues", () => {
  writeTx(db, (tx) => {
    upsertCertificate(tx, { serial: "0A01", commonName: "a.example", sans: ["a.example", "b.example"], source: "import", notBefore: new Date("2026-01-01T00:00:00Z"), notAfter: new Date("2027-01-01T00:00:00Z"), profileId: 85, profileName: "TRISA Identity" });
    upsertCertificate(tx, { serial: "0A02", commonName: "find.example", source: "find", sectigoStatus: "Issued", sectigoCreatedAt: "2026-02-02", sectigoDeviceId: "dev-7" });
    upsertCertificate(tx, { serial: "0A03", commonName: "new.example", source: "import", replacesSerial: "0A01", notAfter: new Date("2028-01-01T00:00:00Z") });
    markCertificateRevoked(tx, "0A01", { at: "2026-06-01T00:00:00.000Z", reasonCode: 4, by: null });
  });
  const query = () => db.select(listColumns).from(certificates).orderBy(asc(certificates.id));
  const byDrizzle = query().all();
  expect(byDrizzle).toHaveLength(3);
  expect(query().values().map(listRowOf)).toStrictEqual(byDrizzle);
});
