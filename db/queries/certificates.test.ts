import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { writeTx, type Db } from "@/db/client";
import { batches, certificates } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { queryPlan } from "@/db/testing/query-plan";
import {
  type CertificateInput,
  type CertificateSearch,
  countCertificates,
  countRevokedInBatch,
  cursorOf,
  ftsString,
  getCertificateBySerial,
  listColumns,
  listRowOf,
  markCertificateRevoked,
  planText,
  searchCertificates,
  upsertCertificate,
  type PlanLimits,
  type SearchCursor,
} from "@/db/queries/certificates";

const NOW = new Date("2026-06-01T00:00:00.000Z");
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

let t: TempDb;
let db: Db;
let batchId: number;

function add(input: Partial<CertificateInput> & { serial: string; commonName: string }) {
  return upsertCertificate(db, { source: "batch", notBefore: days(-30), notAfter: days(300), ...input });
}

beforeEach(() => {
  t = tempDb();
  db = t.db;
  batchId = db
    .insert(batches)
    .values({ kind: "single", batchName: "b-1", sectigoBatchId: 10042, state: "indexed", createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() })
    .returning()
    .get().id;
  add({ serial: "4F2A9C01DEADBEEF", commonName: "trisa.example.com", sans: ["trisa.example.com", "api.trisa.example.com"], batchId, profileId: 17 });
  add({ serial: "0A0B0C0D", commonName: "vasp-alpha.io", sans: ["vasp-alpha.io"], notAfter: days(10), profileId: 85 });
  add({ serial: "0A0B0C0E", commonName: "vasp-beta.io", sans: ["vasp-beta.io"], notAfter: days(-5), profileId: 85 });
  add({ serial: "0A0B0C0F", commonName: "Quote\"Corp.example", sans: [] });
  add({ serial: "11", commonName: "ab.example.net", sans: ["ab.example.net"], status: "revoked", revokedAt: days(-1), revocationReason: 1 });
  add({ serial: "12", commonName: "a", sans: [] });
});
afterEach(() => t.cleanup());

const cns = (search: CertificateSearch) => searchCertificates(db, { now: NOW, sort: "commonName", ...search }).items.map((c) => c.commonName);

describe("searchCertificates: the one search box", () => {
  it("finds a common-name substring of 3+ characters anywhere, case-insensitively", () => {
    expect(cns({ q: "alph" })).toEqual(["vasp-alpha.io"]);
    expect(cns({ q: "VASP-" })).toEqual(["vasp-alpha.io", "vasp-beta.io"]);
    expect(cns({ q: "example.com" })).toEqual(["trisa.example.com"]);
  });

  it("finds SANs", () => {
    expect(cns({ q: "api.trisa" })).toEqual(["trisa.example.com"]);
  });

  it("matches 1–2 characters as an exact common name or a prefix", () => {
    expect(cns({ q: "a" })).toEqual(["a", "ab.example.net"]);
    expect(cns({ q: "ab" })).toEqual(["ab.example.net"]);
    expect(cns({ q: "xy" })).toEqual([]);
  });

  it("finds a serial in any usual form: colons, lower case, a substring of it", () => {
    expect(cns({ q: "4F:2A:9C:01:DE:AD:BE:EF" })).toEqual(["trisa.example.com"]);
    expect(cns({ q: "4f2a9c01deadbeef" })).toEqual(["trisa.example.com"]);
    expect(cns({ q: "4f:2a:9c:01:de:ad:be:ef" })).toEqual(["trisa.example.com"]);
    expect(cns({ q: "deadbe" })).toEqual(["trisa.example.com"]);
    expect(cns({ q: "0x0A0B0C0D" })).toEqual(["vasp-alpha.io"]);
  });

  it("finds the certificates of a batch by its Sectigo batch id", () => {
    expect(cns({ q: "10042" })).toEqual(["trisa.example.com"]);
  });

  it("treats quotes and FTS syntax in the query as plain text", () => {
    expect(cns({ q: 'Quote"Corp' })).toEqual(['Quote"Corp.example']);
    for (const q of ['"', '""', "a OR b", "vasp*", "NEAR(vasp alpha)", "col:vasp", "-vasp", "^vasp", "(((", "AND"]) {
      expect(() => searchCertificates(db, { q })).not.toThrow();
    }
    expect(cns({ q: "vasp*" })).toEqual([]);
    expect(ftsString('say "hi"')).toBe('"say ""hi"""');
  });

  it("filters by status as the badges partition it: valid, expiring within 30 days, expired, revoked", () => {
    expect(cns({ status: "expiring" })).toEqual(["vasp-alpha.io"]);
    expect(cns({ status: "expired" })).toEqual(["vasp-beta.io"]);
    expect(cns({ status: "revoked" })).toEqual(["ab.example.net"]);
    expect(cns({ status: "valid" })).toEqual(["Quote\"Corp.example", "a", "trisa.example.com"]);
    const badges = searchCertificates(db, { now: NOW, sort: "commonName" }).items.map((c) => [c.commonName, c.displayStatus]);
    expect(badges).toContainEqual(["vasp-alpha.io", "expiring"]);
    expect(badges).toContainEqual(["ab.example.net", "revoked"]);
  });

  it("filters by expiry range, profile and batch, combined with the query", () => {
    expect(cns({ expiresAfter: days(0), expiresBefore: days(30) })).toEqual(["vasp-alpha.io"]);
    expect(cns({ profileId: 85 })).toEqual(["vasp-alpha.io", "vasp-beta.io"]);
    expect(cns({ batchId })).toEqual(["trisa.example.com"]);
    expect(cns({ q: "vasp", profileId: 85, status: "expired" })).toEqual(["vasp-beta.io"]);
  });

  it("sorts and pages", () => {
    const byExpiry = searchCertificates(db, { now: NOW, sort: "notAfter", dir: "asc", q: "vasp" }).items.map((c) => c.commonName);
    expect(byExpiry).toEqual(["vasp-beta.io", "vasp-alpha.io"]);
    const page1 = searchCertificates(db, { sort: "serial", limit: 4 });
    const page2 = searchCertificates(db, { sort: "serial", limit: 4, offset: 4 });
    expect(page1.hasMore).toBe(true);
    expect(page2.hasMore).toBe(false);
    expect([...page1.items, ...page2.items].map((c) => c.serial)).toEqual(["0A0B0C0D", "0A0B0C0E", "0A0B0C0F", "11", "12", "4F2A9C01DEADBEEF"]);
    expect(countCertificates(db, { q: "vasp" })).toEqual({ count: 2, capped: false });
    expect(countCertificates(db, {}, 3)).toEqual({ count: 3, capped: true });
  });

  it("lists public fields only, SANs as a list", () => {
    const [item] = searchCertificates(db, { q: "trisa.example.com" }).items;
    expect(item).toMatchObject({ serial: "4F2A9C01DEADBEEF", sans: ["trisa.example.com", "api.trisa.example.com"], batchId });
    expect(item).not.toHaveProperty("pem");
  });

  it("uses the FTS index, not a table scan, for substrings", () => {
    const plan = queryPlan(db, "SELECT id FROM certificates WHERE id IN (SELECT rowid FROM certificates_fts WHERE certificates_fts MATCH ?)", ['"vasp"']);
    expect(plan).toMatch(/VIRTUAL TABLE INDEX/);
  });
});

describe("broad text queries (more than a thousand matches) give the same answers, along the sort order", () => {
  it("for a short prefix and for a common substring", () => {
    writeTx(db, (tx) => {
      for (let i = 0; i < 1100; i++) {
        upsertCertificate(tx, { serial: (0x100000 + i).toString(16).toUpperCase(), commonName: `trisa.bulk${String(i).padStart(4, "0")}.example`, source: "import", notAfter: days(1 + (i % 500)) });
      }
    });
    const page = searchCertificates(db, { q: "bulk", now: NOW, sort: "notAfter", limit: 5 });
    expect(page.items.map((c) => c.notAfter)).toEqual([days(1), days(1), days(1), days(2), days(2)].map((d) => d.toISOString()));
    expect(page.items.every((c) => c.commonName.includes("bulk"))).toBe(true);
    expect(page.hasMore).toBe(true);
    expect(searchCertificates(db, { q: "bulk0999", now: NOW }).items.map((c) => c.commonName)).toEqual(["trisa.bulk0999.example"]);
    const short = searchCertificates(db, { q: "tr", now: NOW, sort: "commonName", limit: 3 });
    expect(short.items.map((c) => c.commonName)).toEqual(["trisa.bulk0000.example", "trisa.bulk0001.example", "trisa.bulk0002.example"]);
    // filters still apply on the broad path
    expect(searchCertificates(db, { q: "bulk", status: "expired", now: NOW }).items).toEqual([]);
    expect(countCertificates(db, { q: "bulk" })).toEqual({ count: 1100, capped: false });
  });

  it("deep pages hold exactly the rows and order of the whole sorted match, ties broken by id", () => {
    writeTx(db, (tx) => {
      for (let i = 0; i < 1600; i++) {
        // every third row is not a match; not-afters repeat so most pages cut through ties
        const cn = i % 3 === 0 ? `other${String(i).padStart(4, "0")}.example` : `trisa.deep${String(i % 7).padStart(2, "0")}.example`;
        upsertCertificate(tx, { serial: (0x200000 + i).toString(16).toUpperCase(), commonName: cn, source: "import", notAfter: days(1 + (i % 13)) });
      }
    });
    const all = db.select().from(certificates).all().filter((c) => c.commonName.includes("deep"));
    expect(all.length).toBeGreaterThan(1000); // broad: the per-row plan
    const cmp = (a: string | null, b: string | null) => (a === b ? 0 : (a ?? "") < (b ?? "") ? -1 : 1);
    const cases = [
      { sort: "notAfter" as const, key: (c: (typeof all)[number]) => c.notAfter },
      { sort: "commonName" as const, key: (c: (typeof all)[number]) => c.commonName },
      { sort: "createdAt" as const, key: () => null },
    ];
    for (const { sort, key } of cases) {
      for (const dir of ["asc", "desc"] as const) {
        const sign = dir === "asc" ? 1 : -1;
        const expected = [...all].sort((a, b) => sign * (cmp(key(a), key(b)) || a.id - b.id)).map((c) => c.serial);
        const got: string[] = [];
        for (let offset = 0; ; offset += 37) {
          const page = searchCertificates(db, { q: "deep", now: NOW, sort, dir, limit: 37, offset });
          got.push(...page.items.map((c) => c.serial));
          if (!page.hasMore) break;
        }
        expect(got, `${sort} ${dir}`).toEqual(expected);
      }
    }
  });
});

describe("every plan gives the same rows, in the same order, by offset and by cursor", () => {
  // Small limits reach each plan with a few hundred rows: `ids` (narrow), `set` (broad,
  // collected) and `scan` (very broad, checked row by row); the real limits are in PLAN_LIMITS.
  const PLANS: Record<string, PlanLimits> = {
    ids: { broadFrom: 100_000, scanFrom: 200_000 },
    set: { broadFrom: 10, scanFrom: 100_000 },
    scan: { broadFrom: 10, scanFrom: 20 },
  };
  const SORTS = ["notAfter", "commonName", "serial", "createdAt"] as const;

  beforeEach(() => {
    writeTx(db, (tx) => {
      for (let i = 0; i < 240; i++) {
        // every fourth row has no known not-after (learnt from find), so cursors cross the NULL block;
        // not-afters and names repeat, so pages cut through ties
        const name = i % 3 === 0 ? `other${i % 11}.example` : `trisa.Deep${String(i % 7).padStart(2, "0")}.example`;
        upsertCertificate(tx, {
          serial: (0x300000 + i).toString(16).toUpperCase(),
          commonName: name,
          sans: i % 5 === 0 ? [`deep-san${i}.example`] : i % 2 === 0 ? [] : [name],
          source: i % 4 === 0 ? "find" : "import",
          notAfter: i % 4 === 0 ? undefined : days(-20 + (i % 13) * 5),
          status: i % 17 === 0 ? "revoked" : "valid",
        });
      }
    });
  });

  type Search = Parameters<typeof searchCertificates>[1];
  function walkByOffset(search: Search, limits: PlanLimits): string[] {
    const got: string[] = [];
    for (let offset = 0; ; offset += 13) {
      const page = searchCertificates(db, { ...search, limit: 13, offset }, { limits });
      got.push(...page.items.map((c) => c.serial));
      if (!page.hasMore) return got;
    }
  }
  function walkByCursor(search: Search, limits: PlanLimits): { forward: string[]; backward: string[] } {
    const forward: string[] = [];
    let after: SearchCursor | undefined;
    let last: ReturnType<typeof searchCertificates>["items"] = [];
    for (;;) {
      const page = searchCertificates(db, { ...search, limit: 13, after }, { limits });
      forward.push(...page.items.map((c) => c.serial));
      if (page.items.length > 0) last = page.items;
      if (!page.hasMore) break;
      after = cursorOf(page.items.at(-1)!, search?.sort);
    }
    // and back again from the last page, each page before the first row of the one after
    const backward: string[] = last.map((c) => c.serial);
    let before: SearchCursor | undefined = last[0] ? cursorOf(last[0], search?.sort) : undefined;
    while (before) {
      const page = searchCertificates(db, { ...search, limit: 13, before }, { limits });
      backward.unshift(...page.items.map((c) => c.serial));
      before = page.hasMore && page.items[0] ? cursorOf(page.items[0], search?.sort) : undefined;
    }
    return { forward, backward };
  }

  it("for a broad substring, with and without a status filter, in every sort and direction", () => {
    for (const sort of SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        for (const status of [undefined, "expiring", "unknown"] as const) {
          const search = { q: "deep", sort, dir, status, now: NOW };
          const expected = walkByOffset(search, PLANS.ids!);
          expect(expected.length, `${sort} ${dir} ${status}`).toBeGreaterThan(status ? 5 : 100);
          for (const [plan, limits] of Object.entries(PLANS)) {
            const label = `${plan}: ${sort} ${dir} ${status ?? "any status"}`;
            expect(walkByOffset(search, limits), label).toEqual(expected);
            const { forward, backward } = walkByCursor(search, limits);
            expect(forward, `${label}, forward by cursor`).toEqual(expected);
            expect(backward, `${label}, backward by cursor`).toEqual(expected);
          }
        }
      }
    }
  });

  it("without text, cursors walk the whole inventory and every status filter through the NULL not-afters", () => {
    const all = db.select().from(certificates).all();
    for (const status of [undefined, "valid", "expired", "revoked", "unknown"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const search = { status, sort: "notAfter" as const, dir, now: NOW };
        const expected = walkByOffset(search, PLANS.ids!);
        if (status === undefined) expect(expected).toHaveLength(all.length);
        const { forward, backward } = walkByCursor(search, PLANS.ids!);
        expect(forward, `${status} ${dir}`).toEqual(expected);
        expect(backward, `${status} ${dir}`).toEqual(expected);
      }
    }
  });

  it("a scan matches case as the index does, in names, SANs and serials", () => {
    const cns = (q: string, limits: PlanLimits) => searchCertificates(db, { q, sort: "serial", limit: 500 }, { limits }).items.map((c) => c.serial);
    for (const q of ["DEEP0", "deep-san", "30000", "e.exa"]) {
      expect(cns(q, PLANS.scan!), q).toEqual(cns(q, PLANS.ids!));
      expect(cns(q, PLANS.set!), q).toEqual(cns(q, PLANS.ids!));
    }
  });

  it("a scan takes %, _ and \\ in the query literally, as the index does", () => {
    writeTx(db, (tx) => {
      // 30 names of each: enough that each query below is planned as a scan
      for (let i = 0; i < 30; i++) {
        for (const [n, name] of [`x_y${i}.example`, `xzy${i}.example`, `50%off${i}.example`, `50xoff${i}.example`, `a\\b${i}.example`, `ab${i}.example`].entries()) {
          upsertCertificate(tx, { serial: (0x500000 + i * 8 + n).toString(16).toUpperCase(), commonName: name, sans: [], source: "import", notAfter: days(10 + i) });
        }
      }
    });
    const found = (q: string, limits: PlanLimits) => searchCertificates(db, { q, limit: 500 }, { limits }).items;
    for (const [q, only] of [
      ["x_y", "x_y"],
      ["0%o", "50%off"],
      ["a\\b", "a\\b"],
    ] as const) {
      expect(planText(db, q, PLANS.scan!), q).toMatchObject({ scan: true });
      const scanned = found(q, PLANS.scan!);
      expect(scanned, q).toHaveLength(30);
      expect(scanned.map((c) => c.serial), q).toEqual(found(q, PLANS.ids!).map((c) => c.serial));
      expect(scanned.every((c) => c.commonName.startsWith(only)), q).toBe(true);
    }
  });

  it("counts a broad text match in the index alone, capped, and a filtered one exactly", () => {
    expect(countCertificates(db, { q: "deep" }, 50, { limits: PLANS.scan! })).toEqual({ count: 50, capped: true });
    const exact = walkByOffset({ q: "deep", status: "expiring", now: NOW }, PLANS.ids!).length;
    for (const limits of Object.values(PLANS)) {
      expect(countCertificates(db, { q: "deep", status: "expiring", now: NOW }, 10_000, { limits })).toEqual({ count: exact, capped: false });
    }
  });
});

describe("long queries are found through their rarest piece, then checked whole", () => {
  it("finds the whole text only, in any case, in a name or a SAN", () => {
    add({ serial: "A1", commonName: "trisa.kavorin-pay.example", sans: ["trisa.kavorin-pay.example"] });
    add({ serial: "A2", commonName: "node.example", sans: ["node.example", "WWW.Trisa.Kavorin-Pay.example"] });
    // holds every six-character piece of the query, but not the query itself
    add({ serial: "A3", commonName: "trisa.kavorin-pay.io", sans: ["x.ay.example"] });
    add({ serial: "A4", commonName: "trisa.kavorin-pax.example", sans: [] });
    const serials = (q: string) => searchCertificates(db, { q, sort: "serial" }).items.map((c) => c.serial);
    expect(serials("trisa.kavorin-pay.example")).toEqual(["A1", "A2"]);
    expect(serials("TRISA.KAVORIN-PAY.EXAMPLE")).toEqual(["A1", "A2"]);
    expect(serials("kavorin-pay.exam")).toEqual(["A1", "A2"]);
    expect(serials("kavorin-pay.io")).toEqual(["A3"]);
    expect(serials("trisa.kavorin-pa")).toEqual(["A1", "A2", "A3", "A4"]);
    expect(countCertificates(db, { q: "trisa.kavorin-pay.example" })).toEqual({ count: 2, capped: false });
  });

  it("asks for the whole phrase when even the rarest trigrams hold too many rows to check one by one", () => {
    for (let i = 0; i < 260; i++) add({ serial: `C${i}`, commonName: `kavorin-markets-${i}.example` });
    add({ serial: "D1", commonName: "markets-kavorin.example" });
    expect(countCertificates(db, { q: "kavorin-markets-" })).toEqual({ count: 260, capped: false });
    expect(searchCertificates(db, { q: "KAVORIN-MARKETS-25", sort: "commonName" }).items.map((c) => c.commonName)).toEqual([
      "kavorin-markets-25.example",
      ...Array.from({ length: 10 }, (_, i) => `kavorin-markets-25${i}.example`),
    ]);
  });
});

describe("the plan SQLite runs", () => {
  const planOf = (sqlText: string, ...params: unknown[]) => queryPlan(db, sqlText, params);

  it("reads a status filter in expiry order straight from the (status, not_after) index", () => {
    // the same SQL searchCertificates builds for status=expiring, sorted by expiry
    const plan = planOf(
      "SELECT id FROM certificates WHERE status = 'valid' AND not_after >= ? AND not_after < ? ORDER BY not_after, id LIMIT 51",
      NOW.toISOString(),
      days(30).toISOString(),
    );
    expect(plan).toMatch(/certificates_status_idx/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});

describe("keeping the FTS index in sync", () => {
  it("follows updates and deletes of indexed columns", () => {
    writeTx(db, (tx) => tx.update(certificates).set({ commonName: "renamed-gamma.io", sans: "renamed-gamma.io" }).where(eq(certificates.serial, "0A0B0C0D")).run());
    expect(cns({ q: "alpha" })).toEqual([]);
    expect(cns({ q: "gamma" })).toEqual(["renamed-gamma.io"]);
    // a status change does not touch the index (the trigger fires on indexed columns only) and stays findable
    markCertificateRevoked(db, "0A0B0C0D", { at: NOW, reasonCode: 1, by: null });
    expect(cns({ q: "gamma" })).toEqual(["renamed-gamma.io"]);
    writeTx(db, (tx) => tx.delete(certificates).where(eq(certificates.serial, "0A0B0C0D")).run());
    expect(cns({ q: "gamma" })).toEqual([]);
    // FTS5's own consistency check between the index and its content table
    expect(() => db.$client.prepare("INSERT INTO certificates_fts(certificates_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });
});

describe("getCertificateBySerial", () => {
  it("finds by any form of the serial, and undefined for unknown or garbage", () => {
    expect(getCertificateBySerial(db, "4f:2a:9c:01:de:ad:be:ef")?.commonName).toBe("trisa.example.com");
    expect(getCertificateBySerial(db, "4F2A9C01DEADBEEF")?.serial).toBe("4F2A9C01DEADBEEF");
    expect(getCertificateBySerial(db, "FFFF")).toBeUndefined();
    expect(getCertificateBySerial(db, "not a serial!")).toBeUndefined();
  });
});

describe("upsertCertificate", () => {
  it("merges without losing what is known; a find never downgrades a batch record", () => {
    const later = upsertCertificate(db, { serial: "4f:2a:9c:01:de:ad:be:ef", commonName: "trisa.example.com", source: "find", sectigoStatus: "READY_FOR_DOWNLOAD" });
    expect(later).toMatchObject({ source: "batch", sectigoStatus: "READY_FOR_DOWNLOAD", profileId: 17, batchId, sans: "trisa.example.com\napi.trisa.example.com" });
    expect(later.notAfter).toBe(days(300).toISOString());
  });

  it("a find-only record is upgraded when the batch is indexed", () => {
    upsertCertificate(db, { serial: "77", commonName: "new.example.com", source: "find" });
    const full = upsertCertificate(db, { serial: "77", commonName: "new.example.com", source: "batch", pem: "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----", notAfter: days(365) });
    expect(full).toMatchObject({ source: "batch", pem: expect.stringContaining("CERTIFICATE") });
  });

  it("a revoked certificate stays revoked, keeping its first revocation", () => {
    const again = upsertCertificate(db, { serial: "11", commonName: "ab.example.net", source: "find", status: "valid", revokedAt: days(5), revocationReason: 4 });
    expect(again).toMatchObject({ status: "revoked", revokedAt: days(-1).toISOString(), revocationReason: 1 });
  });

  it("markCertificateRevoked sets status, time, reason and actor once", () => {
    expect(markCertificateRevoked(db, "0a0b0c0d", { at: days(1), reasonCode: 4, by: null })).toBe(true);
    expect(markCertificateRevoked(db, "0A0B0C0D", { at: days(2), reasonCode: 1, by: null })).toBe(true);
    expect(getCertificateBySerial(db, "0A0B0C0D")).toMatchObject({ status: "revoked", revokedAt: days(1).toISOString(), revocationReason: 4 });
    expect(markCertificateRevoked(db, "FFFF", { at: days(1), reasonCode: 4, by: null })).toBe(false);
  });

  it("countRevokedInBatch counts the batch's revoked certificates only", () => {
    expect(countRevokedInBatch(db, batchId)).toBe(0);
    markCertificateRevoked(db, "4F2A9C01DEADBEEF", { at: days(1), reasonCode: 1, by: null });
    expect(countRevokedInBatch(db, batchId)).toBe(1);
    expect(countRevokedInBatch(db, batchId + 1)).toBe(0);
  });

  it("the database refuses a non-canonical serial or a reason code outside RFC 5280", () => {
    expect(() => db.$client.prepare("INSERT INTO certificates (serial, common_name, source, created_at, updated_at) VALUES ('0a:0b', 'x', 'batch', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')").run()).toThrow(/CHECK/);
    expect(() => upsertCertificate(db, { serial: "99", commonName: "x", source: "batch", revocationReason: 7 })).toThrow(/CHECK/);
  });
});

// The search reads its rows as raw values and maps them itself (listRowOf): the result must be
// exactly what Drizzle's own mapping gives, for every kind of row the inventory holds.
describe("listRowOf", () => {
  it("maps raw rows exactly as Drizzle does: nulls, numbers, several names, revoked, find-only, reissues", () => {
    writeTx(db, (tx) => {
      upsertCertificate(tx, { serial: "0A01", commonName: "a.example", sans: ["a.example", "b.example"], source: "import", notBefore: days(-10), notAfter: days(100), profileId: 85, profileName: "TRISA Identity" });
      upsertCertificate(tx, { serial: "0A02", commonName: "find.example", source: "find", sectigoStatus: "Issued", sectigoCreatedAt: "2026-02-02", sectigoDeviceId: "dev-7" });
      upsertCertificate(tx, { serial: "0A03", commonName: "new.example", source: "import", replacesSerial: "0A01", notAfter: days(400) });
      markCertificateRevoked(tx, "0A01", { at: NOW, reasonCode: 4, by: null });
    });
    const query = () => db.select(listColumns).from(certificates).orderBy(asc(certificates.id));
    const byDrizzle = query().all();
    expect(byDrizzle.length).toBeGreaterThanOrEqual(3);
    expect(query().values().map(listRowOf)).toStrictEqual(byDrizzle);
  });

  it("is only used on columns SQLite returns as they are stored (text, or integer as a number)", () => {
    for (const [key, column] of Object.entries(listColumns)) {
      expect(["SQLiteText", "SQLiteInteger"], key).toContain(column.columnType);
    }
  });
});
