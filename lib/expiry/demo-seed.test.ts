// The demo data (`npm run db:seed`) shows a newcomer every group of the expiry watch.
import { afterEach, beforeEach, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { seedDemo } from "@/scripts/seed/demo";
import { expiryWatch } from "./watch";

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());

it("holds a certificate in each expiry group, linked to its reissue or replacement", async () => {
  const now = new Date();
  await seedDemo(t.db, now);
  const groups = Object.fromEntries(expiryWatch(t.db, { days: 30, sort: "notAfter", dir: "asc" }, () => now).groups.map((g) => [g.group, g.rows]));
  expect(groups.none?.map((r) => r.commonName)).toEqual(["trisa.harbor-ledger.nz"]);
  expect(groups["in-progress"]?.map((r) => [r.commonName, r.reissueBatchId !== null])).toEqual([["trisa.tidewater-crypto.au", true]]);
  expect(groups.replaced?.map((r) => [r.commonName, r.replacementSerial !== null])).toEqual([["trisa.lumen-vault.jp", true]]);
  expect(groups.overdue?.map((r) => r.commonName)).toEqual(["trisa.cobalt-ledger.fr", "trisa.sable-exchange.br"]);
});
