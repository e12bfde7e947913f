import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "@/db/client";
import { auditLog, settings } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { appendAudit, recordAudit } from "@/lib/audit/append";
import { findDanglingIntents, resolveDanglingIntents, type IntentResolver } from "@/lib/audit/recovery";
import type { AuditActor } from "@/lib/audit/types";
import { verifyAuditChain } from "@/lib/audit/verify";

const op: AuditActor = { id: 4, email: "op@example.com", role: "operator" };

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

function intent(action: string, targetId: string, at?: Date): number {
  return recordAudit(db, { actor: op, action, outcome: "requested", target: { type: "x", id: targetId } }, at ? { clock: () => at } : {}).seq;
}

describe("findDanglingIntents", () => {
  it("lists intents no entry closes, oldest first, and ignores closed ones", () => {
    const a = intent("certificate.revoke", "AA");
    const b = intent("batch.create", "demo-1");
    recordAudit(db, { actor: op, action: "batch.create", outcome: "succeeded", intentSeq: b });
    const c = intent("certificate.revoke", "CC");
    recordAudit(db, { actor: op, action: "auth.login", outcome: "succeeded" });
    expect(findDanglingIntents(db).map((i) => [i.seq, i.action, i.target?.id])).toEqual([
      [a, "certificate.revoke", "AA"],
      [c, "certificate.revoke", "CC"],
    ]);
  });

  it("with olderThan, leaves recent intents alone (their calls may still be in flight)", () => {
    intent("certificate.revoke", "OLD", new Date("2026-01-01T00:00:00.000Z"));
    intent("certificate.revoke", "NEW", new Date("2026-01-01T00:10:00.000Z"));
    expect(findDanglingIntents(db, { olderThan: new Date("2026-01-01T00:05:00.000Z") }).map((i) => i.target?.id)).toEqual(["OLD"]);
  });
});

describe("resolveDanglingIntents", () => {
  it("asks the resolver about each intent and records its answer as the outcome, by the system, marked as recovery", async () => {
    const revoked = intent("certificate.revoke", "AA");
    const created = intent("batch.create", "demo-1");
    const resolver: IntentResolver = vi.fn(async (i) =>
      i.action === "certificate.revoke"
        ? { outcome: "succeeded" as const, details: { sectigoStatus: "REVOKED" } }
        : {
            outcome: "failed" as const,
            details: { reason: "no batch with that name" },
            apply: (tx: Tx) => {
              tx.insert(settings).values({ key: "batch.demo-1", value: '"errored"', updatedAt: "2026-01-01T00:00:00.000Z" }).run();
            },
          },
    );
    const results = await resolveDanglingIntents(db, resolver);
    expect(results).toEqual([
      { intentSeq: revoked, action: "certificate.revoke", outcome: "succeeded", outcomeSeq: 3 },
      { intentSeq: created, action: "batch.create", outcome: "failed", outcomeSeq: 4 },
    ]);
    const rows = db.select().from(auditLog).orderBy(auditLog.seq).all();
    expect(rows[2]).toMatchObject({ action: "certificate.revoke", outcome: "succeeded", intentSeq: revoked, actorEmail: "system", targetId: "AA" });
    expect(JSON.parse(rows[2]!.details)).toEqual({ sectigoStatus: "REVOKED", resolvedBy: "recovery" });
    expect(JSON.parse(rows[3]!.details)).toEqual({ reason: "no batch with that name", resolvedBy: "recovery" });
    expect(db.select().from(settings).where(eq(settings.key, "batch.demo-1")).get()?.value).toBe('"errored"');
    expect(findDanglingIntents(db)).toEqual([]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 4 });
  });

  it("a resolver that throws or cannot tell yields unknown, and the intent is closed all the same", async () => {
    intent("certificate.revoke", "AA");
    intent("batch.create", "demo-2");
    const results = await resolveDanglingIntents(db, async (i) => {
      if (i.action === "batch.create") return null;
      throw Object.assign(new Error("Sectigo unreachable"), { code: "NETWORK" });
    });
    expect(results.map((r) => r.outcome)).toEqual(["unknown", "unknown"]);
    const details = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.outcome, "unknown"))
      .all()
      .map((r) => JSON.parse(r.details) as Record<string, unknown>);
    expect(details[0]).toMatchObject({ resolvedBy: "recovery", error: "NETWORK: Sectigo unreachable" });
    expect(details[1]).toMatchObject({ resolvedBy: "recovery" });
    expect(findDanglingIntents(db)).toEqual([]);
  });

  it("a failing state change still closes the intent truthfully, as unknown without the change", async () => {
    intent("certificate.revoke", "AA");
    const results = await resolveDanglingIntents(db, async () => ({
      outcome: "succeeded",
      apply: () => {
        throw new Error("inventory row locked");
      },
    }));
    expect(results[0]).toMatchObject({ outcome: "unknown", outcomeSeq: 2 });
    const row = db.select().from(auditLog).where(eq(auditLog.seq, 2)).get();
    expect(JSON.parse(row!.details)).toMatchObject({ resolvedOutcome: "succeeded", stateChangeError: "Error: inventory row locked" });
  });

  it("leaves an intent alone when someone else closed it while Sectigo was being asked", async () => {
    const seq = intent("certificate.revoke", "AA");
    const results = await resolveDanglingIntents(db, async () => {
      writeTx(db, (tx) => appendAudit(tx, { actor: op, action: "certificate.revoke", outcome: "succeeded", intentSeq: seq }));
      return { outcome: "succeeded" };
    });
    expect(results).toEqual([{ intentSeq: seq, action: "certificate.revoke", outcome: "succeeded", outcomeSeq: null }]);
    expect(db.select().from(auditLog).all()).toHaveLength(2);
  });
});
