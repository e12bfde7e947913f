import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { writeTx, type Db } from "@/db/client";
import { auditLog, settings } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { appendAudit, CHECKPOINT_KEY, readCheckpoint, recordAudit } from "@/lib/audit/append";
import { canonicalEntry, canonicalJson, entryHash, GENESIS_HASH } from "@/lib/audit/canonical";
import { AuditInputError } from "@/lib/audit/errors";
import { SYSTEM_ACTOR, type AuditActor } from "@/lib/audit/types";
import { verifyAuditChain } from "@/lib/audit/verify";

const alice: AuditActor = { id: 7, email: "Alice@Example.com", role: "operator" };
const fixedClock = () => new Date("2026-03-01T12:00:00.123Z");

let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

describe("the canonical encoding (a stored format: these values must never change)", () => {
  it("sorts keys at every level, drops undefined, refuses NaN", () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, "x"], c: "é" }, u: undefined })).toBe(
      '{"a":{"c":"é","d":[true,null,"x"]},"b":1}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(AuditInputError);
  });

  it("hashes SHA-256(0x00 ‖ prev hash hex ‖ canonical entry) to a pinned value", () => {
    const canonical = canonicalEntry({
      seq: 1,
      at: "2026-03-01T12:00:00.123Z",
      actorId: 7,
      actorEmail: "alice@example.com",
      actorRole: "operator",
      action: "certificate.revoke",
      targetType: "certificate",
      targetId: "0A1B",
      outcome: "requested",
      intentSeq: null,
      ip: null,
      details: '{"reasonCode":1}',
    });
    expect(canonical).toBe(
      '{"action":"certificate.revoke","actorEmail":"alice@example.com","actorId":7,"actorRole":"operator",' +
        '"at":"2026-03-01T12:00:00.123Z","details":{"reasonCode":1},"intentSeq":null,"ip":null,' +
        '"outcome":"requested","seq":1,"targetId":"0A1B","targetType":"certificate"}',
    );
    // canonical must itself be valid JSON with sorted keys
    expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
    // computed independently: sha256(byte 00 ‖ "000…0" (64 hex characters) ‖ canonical)
    expect(entryHash(GENESIS_HASH, canonical)).toBe("a6de463b00d2849de47b46c5e834a8dfc33385d839c298ccf392bacee2ecbe50");
  });
});

describe("appendAudit / recordAudit", () => {
  it("numbers entries 1, 2, 3 and chains each hash to the previous one from the genesis hash", () => {
    const a = recordAudit(db, { actor: alice, action: "auth.login", outcome: "succeeded" }, { clock: fixedClock });
    const b = recordAudit(db, { actor: alice, action: "batch.create", outcome: "requested", target: { type: "batch", id: 12 } });
    const c = recordAudit(db, { actor: SYSTEM_ACTOR, action: "batch.create", outcome: "succeeded", intentSeq: b.seq });
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    const rows = db.select().from(auditLog).orderBy(auditLog.seq).all();
    expect(rows[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, actorEmail: "alice@example.com", at: "2026-03-01T12:00:00.123Z" });
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]).toMatchObject({ prevHash: rows[1]!.hash, intentSeq: 2, targetType: null });
    expect(rows[1]).toMatchObject({ targetType: "batch", targetId: "12" });
    for (const r of rows) {
      expect(r.hash).toBe(entryHash(r.prevHash, canonicalEntry(r)));
    }
  });

  it("moves the checkpoint with every append, in the same transaction", () => {
    expect(readCheckpoint(db)).toBeNull();
    recordAudit(db, { actor: alice, action: "auth.login", outcome: "succeeded" });
    const second = recordAudit(db, { actor: alice, action: "auth.logout", outcome: "info" });
    expect(readCheckpoint(db)).toEqual({ seq: 2, hash: second.hash });
    expect(db.select().from(settings).where(eq(settings.key, CHECKPOINT_KEY)).get()?.value).toBe(
      JSON.stringify({ seq: 2, hash: second.hash }),
    );
  });

  it("commits or rolls back with the change it records; a rolled-back seq is reused, so there is no gap", async () => {
    recordAudit(db, { actor: alice, action: "auth.login", outcome: "succeeded" });
    expect(() =>
      writeTx(db, (tx) => {
        appendAudit(tx, { actor: alice, action: "settings.update", outcome: "succeeded" });
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    expect(db.select().from(auditLog).all()).toHaveLength(1);
    expect(recordAudit(db, { actor: alice, action: "auth.logout", outcome: "info" }).seq).toBe(2);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 2 });
  });

  it("the database refuses to update or delete an entry", () => {
    recordAudit(db, { actor: alice, action: "auth.login", outcome: "succeeded" });
    expect(() => db.$client.exec("UPDATE audit_log SET action = 'auth.logout'")).toThrow(/append-only/);
    expect(() => db.$client.exec("DELETE FROM audit_log")).toThrow(/append-only/);
  });

  it("refuses malformed entries: action names, intent links on intents", () => {
    expect(() => recordAudit(db, { actor: alice, action: "Revoke", outcome: "succeeded" })).toThrow(AuditInputError);
    expect(() => recordAudit(db, { actor: alice, action: "a.b", outcome: "requested", intentSeq: 1 })).toThrow(AuditInputError);
    expect(db.select().from(auditLog).all()).toHaveLength(0);
  });

  it("refuses details too large to be a record rather than a payload", () => {
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, "x".repeat(4000)]));
    expect(() => recordAudit(db, { actor: alice, action: "batch.upload", outcome: "requested", details: big })).toThrow(
      /exceed/,
    );
  });
});
