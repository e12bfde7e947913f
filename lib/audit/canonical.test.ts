// The canonical encoding exists in TypeScript (appends) and in SQL (verification); this holds
// the two to the same bytes for any text an entry can carry.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { recordAudit } from "@/lib/audit/append";
import { canonicalEntry, canonicalHashInputSql, GENESIS_HASH } from "@/lib/audit/canonical";
import type { AuditRow } from "@/db/types";
import { auditLog } from "@/db/schema";
import { eq } from "drizzle-orm";
import { verifyAuditChain } from "@/lib/audit/verify";

let t: TempDb;
let db: Db;
beforeAll(() => {
  t = tempDb();
  db = t.db;
});
afterAll(() => t.cleanup());

const text = fc.string({ unit: "grapheme", maxLength: 24 });
const anyText = fc.oneof(text, fc.string({ unit: "binary", maxLength: 24 }), fc.constantFrom('"', "\\", "\u0000", "\u001f\u007f", "\u2028", "\ud800", "😀"));

describe("canonical encoding: TypeScript and SQL agree", () => {
  it("for arbitrary text in every field, including control characters and lone surrogates", () => {
    const sqlInput = db.$client.prepare(`SELECT ${canonicalHashInputSql()} FROM audit_log WHERE seq = ?`).pluck();
    fc.assert(
      fc.property(anyText, anyText, anyText, anyText, anyText, fc.option(fc.integer({ min: 1, max: 2 ** 40 })), (email, role, targetType, targetId, note, actorId) => {
        const { seq } = recordAudit(db, {
          actor: { id: actorId, email: email || "x", role },
          action: "prop.test",
          outcome: "info",
          target: { type: targetType, id: targetId },
          ip: note,
          details: { note, [note]: email, nested: [note, { z: role, a: 1.5 }] },
        });
        const row = db.select().from(auditLog).where(eq(auditLog.seq, seq)).get() as AuditRow;
        expect(sqlInput.get(seq)).toBe(`\u0000${row.prevHash}${canonicalEntry(row)}`);
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });

  it("and the chain of all those entries verifies", async () => {
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.count).toBeGreaterThanOrEqual(300);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });
});
