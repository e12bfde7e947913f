// The search page's links: Next and Previous carry cursors that reach exactly the rows the
// page numbers would, an address with a spoiled cursor still answers by its page number, and
// the CSV export pages by cursor through every match once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { upsertCertificate } from "@/db/queries/certificates";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { decodeCursor, encodeCursor } from "./cursor";
import { exportCertificatesCsv, searchInventory } from "./search";

let t: TempDb;
let db: Db;
const DAY = 86_400_000;

beforeEach(() => {
  t = tempDb();
  db = t.db;
  const now = Date.now();
  writeTx(db, (tx) => {
    for (let i = 0; i < 130; i++) {
      upsertCertificate(tx, {
        serial: (0x500000 + i).toString(16).toUpperCase(),
        commonName: `vasp${String(i % 40).padStart(2, "0")}.paging.example`,
        source: i % 9 === 0 ? "find" : "import",
        notAfter: i % 9 === 0 ? undefined : new Date(now + (i % 17) * DAY),
      });
    }
  });
});
afterEach(() => t.cleanup());

describe("cursors", () => {
  it("round-trip, and anything else decodes to nothing", () => {
    for (const c of [{ value: null, id: 1 }, { value: "2027-01-01T00:00:00.000Z", id: 42 }, { value: "名前 \"quoted\"", id: 7 }]) {
      expect(decodeCursor(encodeCursor(c))).toEqual(c);
    }
    for (const bad of ["", "%%%", "abc", encodeCursor({ value: null, id: 1 }).slice(0, -2), Buffer.from('["x",-1]').toString("base64url"), Buffer.from('{"a":1}').toString("base64url"), Buffer.from('[1,2]').toString("base64url")]) {
      expect(decodeCursor(bad), bad).toBeUndefined();
    }
  });
});

describe("searchInventory's page links", () => {
  for (const sort of ["notAfter", "commonName", "createdAt"] as const) {
    it(`Next and Previous reach the same rows as page numbers (sorted by ${sort})`, () => {
      const byNumber = (page: number) => searchInventory(db, { q: "paging", sort, page, pageSize: 25 }).items.map((c) => c.serial);
      let result = searchInventory(db, { q: "paging", sort, pageSize: 25 });
      expect(result.total).toBe(130);
      expect(result.previous).toBeUndefined();
      const pages = [result.items.map((c) => c.serial)];
      for (let page = 2; result.next; page++) {
        result = searchInventory(db, { q: "paging", sort, pageSize: 25, page, after: result.next });
        pages.push(result.items.map((c) => c.serial));
        expect(pages.at(-1), `page ${page}`).toEqual(byNumber(page));
      }
      expect(pages).toHaveLength(6);
      // and back from the last page
      for (let page = pages.length - 1; page >= 2; page--) {
        result = searchInventory(db, { q: "paging", sort, pageSize: 25, page, before: result.previous });
        expect(result.items.map((c) => c.serial), `back to page ${page}`).toEqual(pages[page - 1]);
        expect(result.next).toBeDefined();
      }
      expect(result.previous).toBeDefined();
    });
  }

  it("says so when the cursor in the address is spoiled, and answers by the page number", () => {
    const result = searchInventory(db, { q: "paging", page: 2, pageSize: 25, after: "not-a-cursor" });
    expect(result.cursorIgnored).toBe(true);
    expect(result.items.map((c) => c.serial)).toEqual(searchInventory(db, { q: "paging", page: 2, pageSize: 25 }).items.map((c) => c.serial));
  });
});

describe("exportCertificatesCsv", () => {
  it("pages by cursor through every match exactly once, in the search's order", () => {
    // more than two of the export's 500-row pages, with names that repeat across page ends
    writeTx(db, (tx) => {
      for (let i = 0; i < 1100; i++) {
        upsertCertificate(tx, { serial: (0x600000 + i).toString(16).toUpperCase(), commonName: `vasp${String(i % 40).padStart(2, "0")}.paging.example`, source: "import" });
      }
    });
    const chunks = [...exportCertificatesCsv(db, { q: "paging", sort: "commonName" })];
    expect(chunks.length).toBeGreaterThanOrEqual(4); // header and three pages
    const lines = chunks.join("").trim().split("\r\n");
    const serials = lines.slice(1).map((l) => l.split(",")[0]);
    expect(serials).toHaveLength(1230);
    expect(new Set(serials).size).toBe(1230);
    const names = lines.slice(1).map((l) => l.split(",")[1]!);
    expect(names).toEqual([...names].sort());
  });
});
