import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type Database from "better-sqlite3";
import { writeTx, type Db } from "@/db/client";
import { eq } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import { type AuditRow } from "@/db/types";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { appendAudit } from "@/lib/audit/append";
import { canonicalEntry, entryHash, GENESIS_HASH } from "@/lib/audit/canonical";
import type { AuditActor } from "@/lib/audit/types";
import { verifyAuditChain } from "@/lib/audit/verify";

const bob: AuditActor = { id: 3, email: "bob@example.com", role: "operator" };

let t: TempDb;
let db: Db;
let raw: Database.Database;

function seed(n: number): void {
  writeTx(db, (tx) => {
    for (let i = 1; i <= n; i++) {
      appendAudit(tx, {
        actor: bob,
        action: i % 2 ? "certificate.revoke" : "batch.create",
        outcome: i % 3 ? "info" : "succeeded",
        target: { type: "certificate", id: `SERIAL${i}` },
        details: { n: i },
      });
    }
  });
}

/** What an attacker with the file does first. */
function dropGuards(): void {
  raw.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
}

function row(seq: number): AuditRow {
  const r = db.select().from(auditLog).where(eq(auditLog.seq, seq)).get();
  if (!r) throw new Error(`no entry ${seq}`);
  return r;
}

function forgedHash(r: Omit<AuditRow, "hash">): string {
  return entryHash(r.prevHash, canonicalEntry(r));
}

function insertRow(r: AuditRow): void {
  raw
    .prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor_email, actor_role, action, target_type, target_id, outcome, intent_seq, ip, details, prev_hash, hash)
       VALUES (@seq, @at, @actorId, @actorEmail, @actorRole, @action, @targetType, @targetId, @outcome, @intentSeq, @ip, @details, @prevHash, @hash)`,
    )
    .run(r);
}

function shiftUpFrom(seq: number): void {
  // two steps so the primary key never collides mid-update
  raw.prepare("UPDATE audit_log SET seq = seq + 100000 WHERE seq >= ?").run(seq);
  raw.prepare("UPDATE audit_log SET seq = seq - 99999 WHERE seq >= 100000").run();
}

beforeEach(() => {
  t = tempDb();
  db = t.db;
  raw = db.$client;
});
afterEach(() => t.cleanup());

describe("verifyAuditChain on an intact log", () => {
  it("an empty log is intact, with the genesis hash as head", async () => {
    expect(await verifyAuditChain(db)).toEqual({
      ok: true,
      count: 0,
      headSeq: 0,
      headHash: GENESIS_HASH,
      checkpoint: null,
      signed: { stored: 0, verified: 0, latestSeq: null },
    });
  });

  it("reports count, head seq and head hash, and reports progress per chunk", async () => {
    seed(250);
    const progress: number[] = [];
    const result = await verifyAuditChain(db, { chunkSize: 100, onProgress: (p) => progress.push(p.checked) });
    expect(result).toMatchObject({ ok: true, count: 250, headSeq: 250, headHash: row(250).hash });
    expect(progress).toEqual([100, 200, 250]);
  });

  it("verifies while another connection keeps appending (a consistent snapshot)", async () => {
    seed(300);
    const writer = t.reopen();
    const verdict = verifyAuditChain(db, { chunkSize: 100, onProgress: () => seedOn(writer, 1) });
    expect(await verdict).toMatchObject({ ok: true });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 303 });
  });
});

function seedOn(other: Db, n: number): void {
  writeTx(other, (tx) => {
    for (let i = 0; i < n; i++) appendAudit(tx, { actor: bob, action: "auth.login", outcome: "succeeded" });
  });
}

describe("verifyAuditChain names the first bad entry of each kind of tampering", () => {
  beforeEach(() => {
    seed(10);
    dropGuards();
  });

  it("a changed detail", async () => {
    raw.prepare("UPDATE audit_log SET details = ? WHERE seq = 5").run('{"n":500}');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 5, problem: "changed" });
  });

  it("a changed actor whose hash was recomputed to match (the next link breaks)", async () => {
    const r = { ...row(5), actorEmail: "mallory@example.com" };
    raw.prepare("UPDATE audit_log SET actor_email = ?, hash = ? WHERE seq = 5").run(r.actorEmail, forgedHash(r));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 5, problem: "changed" });
  });

  it("a deleted middle entry", async () => {
    raw.exec("DELETE FROM audit_log WHERE seq = 5");
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 5, problem: "deleted" });
    expect(result.ok ? "" : result.message).toMatch(/^Entry 5 is missing\./);
  });

  it("a deleted entry with the later ones renumbered to hide the gap", async () => {
    raw.exec("DELETE FROM audit_log WHERE seq = 5; UPDATE audit_log SET seq = seq - 1 WHERE seq > 5;");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 5, problem: "deleted" });
  });

  it("a forged entry inserted in the middle, properly chained, later ones renumbered", async () => {
    shiftUpFrom(5);
    const forged = { ...row(4), seq: 5, prevHash: row(4).hash, action: "certificate.revoke", details: '{"forged":true}' };
    insertRow({ ...forged, hash: forgedHash(forged) });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 5, problem: "inserted" });
  });

  it("a forged entry inserted in the middle with a made-up hash", async () => {
    shiftUpFrom(5);
    insertRow({ ...row(4), seq: 5, prevHash: "ab".repeat(32), hash: "cd".repeat(32) });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 5, problem: "inserted" });
  });

  it("a forged entry appended at the end without moving the checkpoint", async () => {
    const forged = { ...row(10), seq: 11, prevHash: row(10).hash, details: '{"forged":true}' };
    insertRow({ ...forged, hash: forgedHash(forged) });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 11, problem: "inserted" });
  });

  it("two entries' contents swapped (reordered)", async () => {
    const five = row(5);
    const six = row(6);
    const put = raw.prepare(
      "UPDATE audit_log SET at=@at, action=@action, target_id=@targetId, outcome=@outcome, details=@details, prev_hash=@prevHash, hash=@hash WHERE seq=@seq",
    );
    put.run({ ...six, seq: 5 });
    put.run({ ...five, seq: 6 });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 5, problem: "reordered" });
  });

  it("the tail cut off (truncation, caught by the checkpoint)", async () => {
    raw.exec("DELETE FROM audit_log WHERE seq >= 9");
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 9, problem: "truncated" });
    expect(result.ok ? "" : result.message).toMatch(/^Entries 9–10 were cut off/);
  });

  it("the checkpoint removed as well: still reported, as a possible truncation", async () => {
    raw.exec("DELETE FROM audit_log WHERE seq >= 9; DELETE FROM settings WHERE key = 'audit.checkpoint';");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, problem: "truncated", firstBadSeq: 9 });
  });

  it("a broken genesis link", async () => {
    raw.prepare("UPDATE audit_log SET prev_hash = ? WHERE seq = 1").run("11".repeat(32));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 1, problem: "bad-genesis" });
  });

  it("a broken genesis link with the first hash recomputed", async () => {
    const r = { ...row(1), prevHash: "11".repeat(32) };
    raw.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = 1").run(r.prevHash, forgedHash(r));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 1, problem: "bad-genesis" });
  });

  it("a whole chain rebuilt after an edit passes alone, but not against a head recorded outside", async () => {
    const anchor = { seq: 10, hash: row(10).hash };
    // rebuild every hash after changing entry 3, and the checkpoint too
    raw.prepare("UPDATE audit_log SET details = ? WHERE seq = 3").run('{"n":"rewritten"}');
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 10; seq++) {
      const r = { ...row(seq), prevHash: prev };
      const hash = forgedHash(r);
      raw.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?").run(prev, hash, seq);
      prev = hash;
    }
    raw.prepare("UPDATE settings SET value = ? WHERE key = 'audit.checkpoint'").run(JSON.stringify({ seq: 10, hash: prev }));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    expect(await verifyAuditChain(db, { anchor })).toMatchObject({ ok: false, firstBadSeq: 10, problem: "changed" });
  });
});

describe("tampering across a chunk boundary", () => {
  it("is found where it is, with lookahead into the next chunk", async () => {
    seed(250);
    dropGuards();
    const a = row(100);
    const b = row(101);
    const put = raw.prepare("UPDATE audit_log SET details=@details, prev_hash=@prevHash, hash=@hash, action=@action, outcome=@outcome, target_id=@targetId WHERE seq=@seq");
    put.run({ ...b, seq: 100 });
    put.run({ ...a, seq: 101 });
    expect(await verifyAuditChain(db, { chunkSize: 100 })).toMatchObject({ ok: false, firstBadSeq: 100, problem: "reordered" });
  });
});
