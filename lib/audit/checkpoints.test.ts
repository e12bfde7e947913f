// Signed audit checkpoints (docs/security.md S21): the canonical signed form, signing and
// checking, when one is taken, that they are append-only, and what verification does with them.
import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { writeTx, type Db } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { type AuditRow } from "@/db/types";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { appendAudit } from "@/lib/audit/append";
import { canonicalEntry, entryHash, GENESIS_HASH } from "@/lib/audit/canonical";
import {
  canonicalCheckpoint,
  checkpointFileOf,
  checkpointSignatureValid,
  parseCheckpointFile,
  signCheckpoint,
  takeCheckpoint,
  type SignedCheckpointFile,
} from "@/lib/audit/checkpoints";
import { signingKeyFrom, type AuditSigningKey } from "@/lib/audit/signing-key";
import { verifyAuditChain } from "@/lib/audit/verify";

const bob = { id: 3, email: "bob@example.com", role: "operator" };
const newKey = () => signingKeyFrom(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
const clock = () => new Date("2026-12-03T09:00:00.000Z");

let t: TempDb;
let db: Db;
let raw: Database.Database;
let key: AuditSigningKey;

function seed(n: number): void {
  writeTx(db, (tx) => {
    for (let i = 0; i < n; i++) appendAudit(tx, { actor: bob, action: "certificate.revoke", outcome: "info", details: { i } });
  });
}

function row(seq: number): AuditRow {
  const r = db.select().from(auditLog).where(eq(auditLog.seq, seq)).get();
  if (!r) throw new Error(`no entry ${seq}`);
  return r;
}

function take(): SignedCheckpointFile {
  const c = takeCheckpoint(db, key, clock);
  if (!c) throw new Error("no checkpoint");
  return checkpointFileOf(c);
}

/** What an attacker with the file does first. */
function dropGuards(): void {
  raw.exec(
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;",
  );
}

/** Changes entry `seq` and rebuilds every later hash and the settings checkpoint: the chain verifies again. */
function rewrite(seq: number, details: string): void {
  raw.prepare("UPDATE audit_log SET details = ? WHERE seq = ?").run(details, seq);
  let prev = seq === 1 ? GENESIS_HASH : row(seq - 1).hash;
  const last = row(Number(raw.prepare("SELECT max(seq) FROM audit_log").pluck().get())).seq;
  for (let s = seq; s <= last; s++) {
    const r = { ...row(s), prevHash: prev };
    const hash = entryHash(prev, canonicalEntry(r));
    raw.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?").run(prev, hash, s);
    prev = hash;
  }
  raw.prepare("UPDATE settings SET value = ? WHERE key = 'audit.checkpoint'").run(JSON.stringify({ seq: last, hash: prev }));
}

beforeEach(() => {
  t = tempDb();
  db = t.db;
  raw = db.$client;
  key = newKey();
});
afterEach(() => t.cleanup());

describe("the signed form of a checkpoint", () => {
  const body = { seq: 42, headHash: "ab".repeat(32), at: "2026-12-03T09:00:00.000Z", keyId: "0123456789abcdef" };

  it("is JSON with the keys seq, headHash, at, keyId in this order and no whitespace", () => {
    expect(canonicalCheckpoint(body)).toBe(`{"seq":42,"headHash":"${"ab".repeat(32)}","at":"2026-12-03T09:00:00.000Z","keyId":"0123456789abcdef"}`);
    // the same text whatever order the fields were given in
    expect(canonicalCheckpoint({ keyId: body.keyId, at: body.at, headHash: body.headHash, seq: 42 })).toBe(canonicalCheckpoint(body));
  });

  it("is signed with Ed25519: any changed field, or another key, fails", () => {
    const c = { ...body, keyId: key.keyId };
    const sig = signCheckpoint(key, c);
    expect(Buffer.from(sig, "base64")).toHaveLength(64);
    expect(checkpointSignatureValid(key, c, sig)).toBe(true);
    expect(checkpointSignatureValid(key, { ...c, seq: 43 }, sig)).toBe(false);
    expect(checkpointSignatureValid(key, { ...c, headHash: "cd".repeat(32) }, sig)).toBe(false);
    expect(checkpointSignatureValid(key, { ...c, at: "2026-12-03T09:00:00.001Z" }, sig)).toBe(false);
    const other = newKey();
    expect(checkpointSignatureValid(other, { ...c, keyId: other.keyId }, sig)).toBe(false);
  });

  it("downloads as {checkpoint, signature, publicKey} and reads back; a malformed file is refused", () => {
    seed(2);
    const file = take();
    expect(Object.keys(file)).toEqual(["checkpoint", "signature", "publicKey"]);
    expect(file.publicKey).toBe(key.pem);
    expect(parseCheckpointFile(JSON.stringify(file))).toEqual(file);
    expect(() => parseCheckpointFile("{}")).toThrow(/not of the form/);
    expect(() => parseCheckpointFile(JSON.stringify({ ...file, checkpoint: { ...file.checkpoint, headHash: "x" } }))).toThrow(/not of the form/);
  });
});

describe("taking checkpoints", () => {
  it("signs the current head, skips when nothing was appended since, and is append-only", () => {
    expect(takeCheckpoint(db, key, clock)).toBeNull(); // nothing to sign in an empty log
    seed(3);
    const first = takeCheckpoint(db, key, clock);
    expect(first).toMatchObject({ seq: 3, headHash: row(3).hash, keyId: key.keyId, at: "2026-12-03T09:00:00.000Z" });
    expect(checkpointSignatureValid(key, first!, first!.signature)).toBe(true);
    expect(takeCheckpoint(db, key, clock)?.id).toBe(first!.id);
    seed(1);
    expect(takeCheckpoint(db, key, clock)).toMatchObject({ seq: 4, id: first!.id + 1 });
    expect(() => raw.exec("UPDATE audit_checkpoints SET seq = 1")).toThrow(/append-only/);
    expect(() => raw.exec("DELETE FROM audit_checkpoints")).toThrow(/append-only/);
  });
});

describe("verification with signed checkpoints", () => {
  it("an intact log passes and counts the stored checkpoints whose signature is valid", async () => {
    seed(3);
    take();
    seed(2);
    take();
    expect(await verifyAuditChain(db, { publicKey: key })).toMatchObject({ ok: true, signed: { stored: 2, verified: 2, latestSeq: 5 } });
  });

  it("the last entries deleted and the settings checkpoint moved back: the latest signed checkpoint names a seq beyond the log", async () => {
    seed(10);
    take();
    dropGuards();
    raw.exec("DELETE FROM audit_log WHERE seq > 7");
    raw.prepare("UPDATE settings SET value = ? WHERE key = 'audit.checkpoint'").run(JSON.stringify({ seq: 7, hash: row(7).hash }));
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 8, problem: "truncated" });
    expect(result.ok ? "" : result.message).toMatch(/^Entries 8–10 were cut off the end of the log: the signed checkpoint of 2026-12-03 09:00:00 UTC covers #10\./);
  });

  it("every entry wiped with the checkpoint, in a database that holds staff accounts: an error", async () => {
    db.insert(users).values({ email: "admin@example.com", name: "Admin", role: "admin", passwordHash: "x", createdAt: "2026-12-03T09:00:00.000Z", updatedAt: "2026-12-03T09:00:00.000Z" }).run();
    seed(3);
    dropGuards();
    raw.exec("DELETE FROM audit_log; DELETE FROM settings WHERE key = 'audit.checkpoint';");
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 1, problem: "truncated" });
    expect(result.ok ? "" : result.message).toMatch(/empty, but the database holds 1 staff account/);
  });

  it("a stored checkpoint whose signature does not verify with the trusted key is named", async () => {
    seed(3);
    const c = take();
    dropGuards();
    raw.prepare("UPDATE audit_checkpoints SET signature = ?").run(signCheckpoint(newKey(), c.checkpoint));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true }); // without a key only seq and hash are compared
    expect(await verifyAuditChain(db, { publicKey: key })).toMatchObject({ ok: false, firstBadSeq: 3, problem: "bad-checkpoint" });
  });

  it("a rewritten chain with its later signed checkpoints removed passes alone, but not against a checkpoint kept outside, which names the entry", async () => {
    seed(4);
    take(); // #4, stays in the database
    seed(1);
    const kept = take(); // #5, downloaded and kept outside
    seed(3);
    dropGuards();
    rewrite(5, '{"i":"rewritten"}');
    raw.exec("DELETE FROM audit_checkpoints WHERE seq >= 5");
    expect(await verifyAuditChain(db, { publicKey: key })).toMatchObject({ ok: true });
    const result = await verifyAuditChain(db, { publicKey: key, checkpoint: kept });
    expect(result).toMatchObject({ ok: false, firstBadSeq: 5, problem: "changed" });
    expect(result.ok ? "" : result.message).toMatch(/^Entry 5 differs from the signed checkpoint you kept.*no longer holds this checkpoint/);
  });

  it("with fewer signed checkpoints, names the range the first change lies in", async () => {
    seed(2);
    take(); // #2
    seed(4);
    const kept = take(); // #6
    dropGuards();
    rewrite(4, '{"i":"rewritten"}');
    raw.exec("DELETE FROM audit_checkpoints WHERE seq >= 3");
    const result = await verifyAuditChain(db, { publicKey: key, checkpoint: kept });
    expect(result).toMatchObject({ ok: false, firstBadSeq: 3, problem: "changed" });
    expect(result.ok ? "" : result.message).toMatch(/matches the signed checkpoints up to #2: the first changed entry is one of #3–#6/);
  });

  it("a rewritten chain whose signed checkpoints were left in place fails on its own", async () => {
    seed(4);
    take();
    seed(2);
    take();
    dropGuards();
    rewrite(5, '{"i":"rewritten"}');
    expect(await verifyAuditChain(db, { publicKey: key })).toMatchObject({ ok: false, firstBadSeq: 5, problem: "changed" });
  });

  it("a checkpoint kept outside that the log is now shorter than, or that is not validly signed", async () => {
    seed(6);
    const kept = take();
    dropGuards();
    raw.exec("DELETE FROM audit_log WHERE seq > 4; DELETE FROM audit_checkpoints;");
    raw.prepare("UPDATE settings SET value = ? WHERE key = 'audit.checkpoint'").run(JSON.stringify({ seq: 4, hash: row(4).hash }));
    const shorter = await verifyAuditChain(db, { publicKey: key, checkpoint: kept });
    expect(shorter).toMatchObject({ ok: false, firstBadSeq: 5, problem: "truncated" });
    expect(shorter.ok ? "" : shorter.message).toMatch(/^The log ends at #4, but the signed checkpoint you kept covers #6/);
    const forged = { ...kept, checkpoint: { ...kept.checkpoint, seq: 4, headHash: row(4).hash } };
    expect(await verifyAuditChain(db, { publicKey: key, checkpoint: forged })).toMatchObject({ ok: false, problem: "bad-checkpoint" });
    expect(await verifyAuditChain(db, { publicKey: newKey(), checkpoint: kept })).toMatchObject({ ok: false, problem: "bad-checkpoint" });
  });
});
