import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDb, readTx, writeTx } from "@/db/client";
import { DatabaseError } from "@/db/errors";
import { pendingMigrations } from "@/db/migrate";
import { loginAttempts, settings } from "@/db/schema";
import { MIGRATIONS, tempDb, tempDir, type TempDb } from "@/db/testing/temp-db";
import { spawnTsx } from "@/db/testing/spawn-tsx";
import { verifyAuditChain } from "@/lib/audit/verify";

let t: TempDb | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe("openDb", () => {
  it("puts WAL, synchronous=FULL, foreign keys and a busy timeout in force, as read back from SQLite", () => {
    t = tempDb();
    const c = t.db.$client;
    expect(c.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(c.pragma("synchronous", { simple: true })).toBe(2);
    expect(c.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(c.pragma("busy_timeout", { simple: true })).toBe(5000);
  });

  it("applies every migration to an empty file: tables, FTS index, triggers", () => {
    t = tempDb();
    const names = (type: string) =>
      (t!.db.$client.prepare("SELECT name FROM sqlite_master WHERE type = ? ORDER BY name").pluck().all(type) as string[]);
    expect(names("table")).toEqual(
      expect.arrayContaining([
        "users",
        "sessions",
        "login_attempts",
        "sectigo_tokens",
        "batches",
        "certificates",
        "certificates_fts",
        "revocations",
        "audit_log",
        "settings",
      ]),
    );
    expect(names("trigger")).toEqual(
      expect.arrayContaining(["certificates_fts_ai", "certificates_fts_ad", "certificates_fts_au", "audit_log_no_update", "audit_log_no_delete"]),
    );
    expect(pendingMigrations(t.db, MIGRATIONS)).toBe(0);
  });

  it("reopening a migrated file applies nothing twice", () => {
    t = tempDb();
    const count = () => t!.db.$client.prepare("SELECT count(*) FROM __drizzle_migrations").pluck().get();
    const before = count();
    t.reopen();
    expect(count()).toBe(before);
  });

  it("refuses a database whose journal mode cannot be WAL, naming the pragma", () => {
    const dir = tempDir();
    const file = path.join(dir, "rollback.db");
    const raw = new Database(file);
    raw.pragma("journal_mode = DELETE");
    raw.exec("CREATE TABLE x (a)");
    raw.close();
    try {
      // read-only: the mode cannot be switched, so the read-back shows "delete"
      expect(() => openDb(file, { readonly: true })).toThrow(/journal_mode is delete \(needs wal\)/);
      try {
        openDb(file, { readonly: true });
      } catch (err) {
        expect(err).toBeInstanceOf(DatabaseError);
        expect((err as DatabaseError).code).toBe("DB_PRAGMA_NOT_IN_FORCE");
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses :memory: (it cannot be durable)", () => {
    expect(() => openDb(":memory:")).toThrow(DatabaseError);
  });

  it("says where migrations are missing instead of failing obscurely", () => {
    const dir = tempDir();
    try {
      expect(() => openDb(path.join(dir, "x.db"), { migrationsFolder: path.join(dir, "nowhere") })).toThrow(
        /No migrations at .*nowhere/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});


describe("writeTx", () => {
  it("commits everything or nothing", () => {
    t = tempDb();
    const db = t.db;
    expect(() =>
      writeTx(db, (tx) => {
        tx.insert(loginAttempts).values({ key: "k", at: "2026-01-01T00:00:00.000Z", success: false }).run();
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(db.select().from(loginAttempts).all()).toHaveLength(0);
    writeTx(db, (tx) => tx.insert(loginAttempts).values({ key: "k", at: "2026-01-01T00:00:00.000Z", success: false }).run());
    expect(db.select().from(loginAttempts).all()).toHaveLength(1);
  });

  it("rejects an async callback, rolling back what it did before its first await", async () => {
    t = tempDb();
    const db = t.db;
    let err: unknown;
    try {
      writeTx(db, async (tx) => {
        tx.insert(settings).values({ key: "a", value: "1", updatedAt: "2026-01-01T00:00:00.000Z" }).run();
        await Promise.resolve();
      });
    } catch (e) {
      err = e;
    }
    expect((err as DatabaseError).code).toBe("DB_ASYNC_TRANSACTION");
    expect(db.select().from(settings).all()).toHaveLength(0);
  });

  it("uses BEGIN IMMEDIATE: a second connection cannot start writing while a write is open", () => {
    t = tempDb();
    const other = t.reopen({ busyTimeoutMs: 0 });
    writeTx(t.db, () => {
      // holding the write lock: the other connection's immediate transaction must be refused at BEGIN
      expect(() => writeTx(other, () => undefined, { lockDeadlineMs: 0 })).toThrow(expect.objectContaining({ code: "DB_BUSY" }));
    });
    expect(writeTx(other, () => 42)).toBe(42);
  });

  it("readTx gives several queries one snapshot: a write by another connection between them is not seen", () => {
    t = tempDb();
    const other = t.reopen();
    const insert = (key: string) =>
      other.$client.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, '1', '2026-01-01T00:00:00.000Z')").run(key);
    insert("before");
    const [first, second] = readTx(t.db, (tx) => {
      const a = tx.select().from(settings).all().length;
      insert("between"); // committed at once by the other connection
      const b = tx.select().from(settings).all().length;
      return [a, b];
    });
    expect(first).toBe(1);
    expect(second).toBe(1);
    // Outside the transaction the write is there: the snapshot, not a lost write, hid it.
    expect(t.db.select().from(settings).all()).toHaveLength(2);
  });
});

describe("concurrent writers", () => {
  it("4 processes × 500 read-then-write transactions on one fresh file: no SQLITE_BUSY, gapless audit chain", async () => {
    const dir = tempDir();
    const file = path.join(dir, "portal.db");
    try {
      // The children open a file that does not exist yet, so they also race to migrate it.
      const children = ["a", "b", "c", "d"].map((label) =>
        spawnTsx("db/testing/concurrent-writer.ts", [file, "500", label]),
      );
      await Promise.all(children.map((c) => c.waitFor("ready")));
      for (const c of children) c.proc.stdin.write("go\n");
      const results = await Promise.all(children.map((c) => c.exited));
      for (const [i, r] of results.entries()) {
        expect({ code: r.code, stderr: children[i]!.stderr() }).toEqual({ code: 0, stderr: "" });
      }
      const db = openDb(file, { migrationsFolder: MIGRATIONS });
      try {
        expect(db.select().from(loginAttempts).all()).toHaveLength(2000);
        const verdict = await verifyAuditChain(db);
        expect(verdict).toMatchObject({ ok: true, count: 2000, headSeq: 2000 });
      } finally {
        db.$client.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
