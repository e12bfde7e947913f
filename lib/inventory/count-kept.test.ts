// "More than N" is kept for a while per search; a count under the cap is always fresh.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { markCertificateRevoked, upsertCertificate } from "@/db/queries/certificates";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { countMatches } from "./search";

let t: TempDb;
let db: Db;
const DAY = 86_400_000;
const T0 = new Date("2026-06-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const revoke = (serials: string[]) => writeTx(db, (tx) => serials.forEach((s) => markCertificateRevoked(tx, s, { at: T0, reasonCode: 4, by: null })));

function add(prefix: string, n: number): string[] {
  const serials: string[] = [];
  writeTx(db, (tx) => {
    for (let i = 0; i < n; i++) {
      const serial = `${prefix}${String(i).padStart(4, "0")}`;
      serials.push(serial);
      upsertCertificate(tx, { serial, commonName: `node${i}.${prefix.toLowerCase()}.example`, source: "import", notAfter: new Date(T0.getTime() + 300 * DAY) });
    }
  });
  return serials;
}

beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

describe("countMatches", () => {
  it("keeps 'more than the cap' for 30 seconds, then counts again", () => {
    const serials = add("AB", 6);
    expect(countMatches(db, { status: "valid" }, at(0), { cap: 4 })).toEqual({ count: 4, capped: true });
    revoke(serials.slice(0, 4));
    // still "more than 4" within the 30 seconds …
    expect(countMatches(db, { status: "valid" }, at(29_000), { cap: 4 })).toEqual({ count: 4, capped: true });
    // … and the real figure after them
    expect(countMatches(db, { status: "valid" }, at(30_000), { cap: 4 })).toEqual({ count: 2, capped: false });
  });

  it("counts a figure under the cap afresh every time", () => {
    const serials = add("CD", 3);
    expect(countMatches(db, { status: "valid" }, at(0), { cap: 4 })).toEqual({ count: 3, capped: false });
    revoke(serials.slice(0, 1));
    expect(countMatches(db, { status: "valid" }, at(1000), { cap: 4 })).toEqual({ count: 2, capped: false });
    expect(countMatches(db, { status: "revoked" }, at(1000), { cap: 4 })).toEqual({ count: 1, capped: false });
  });

  it("keeps the verdict per search, whatever the order or page", () => {
    const serials = add("EF", 6);
    add("BC", 2);
    expect(countMatches(db, { q: "ef.example", status: "valid" }, at(0), { cap: 4 })).toEqual({ count: 4, capped: true });
    expect(countMatches(db, { q: "bc.example", status: "valid", sort: "commonName" }, at(0), { cap: 4 })).toEqual({ count: 2, capped: false });
    revoke(serials.slice(0, 4));
    // only the kept verdict can still say "more than 4" now
    expect(countMatches(db, { q: "ef.example", status: "valid", sort: "commonName", dir: "desc", offset: 50 }, at(1000), { cap: 4 })).toEqual({ count: 4, capped: true });
    // another search is not answered from it
    expect(countMatches(db, { q: "ef.example", status: "revoked" }, at(1000), { cap: 4 })).toEqual({ count: 4, capped: false });
  });

  it("counts afresh when asked to, for a record", () => {
    const serials = add("FA", 6);
    expect(countMatches(db, { status: "valid" }, at(0), { cap: 4 })).toEqual({ count: 4, capped: true });
    revoke(serials.slice(0, 4));
    expect(countMatches(db, { status: "valid" }, at(1000), { cap: 4, fresh: true })).toEqual({ count: 2, capped: false });
  });

  it("counts again when the clock goes back (a verdict is never kept longer than 30 seconds)", () => {
    const serials = add("DE", 6);
    expect(countMatches(db, { status: "valid" }, at(60_000), { cap: 4 })).toEqual({ count: 4, capped: true });
    revoke(serials.slice(0, 4));
    expect(countMatches(db, { status: "valid" }, at(0), { cap: 4 })).toEqual({ count: 2, capped: false });
  });
});
