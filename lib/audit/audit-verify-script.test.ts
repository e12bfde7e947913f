// `npm run audit:verify` as an auditor runs it (scripts/audit-verify.ts in a child process, on
// a database file in a temporary DATA_DIR; docs/security.md S21): what a rewrite by someone with
// the file does to the plain check (a documented limit) and to the check against a signed
// checkpoint kept outside; signed exports checked with the script and with the openssl binary;
// a wrong DATA_DIR.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, writeTx, type Db } from "@/db/client";
import { spawnTsx } from "@/db/testing/spawn-tsx";
import { MIGRATIONS, tempDir } from "@/db/testing/temp-db";
import { appendAudit } from "@/lib/audit/append";
import { canonicalEntry, entryHash } from "@/lib/audit/canonical";
import { checkpointFileOf, takeCheckpoint } from "@/lib/audit/checkpoints";
import { resolveSigningKey, type AuditSigningKey } from "@/lib/audit/signing-key";
import type { AuditRow } from "@/db/types";

let dir: string;
let outside: string;
let key: AuditSigningKey;

async function verify(args: string[], dataDir = dir, databaseUrl = ""): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawnTsx("scripts/audit-verify.ts", args, { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, AUDIT_SIGNING_KEY: "" });
  const { code } = await child.exited;
  return { code, out: child.stdout(), err: child.stderr() };
}

function seed(db: Db, n: number): void {
  writeTx(db, (tx) => {
    for (let i = 0; i < n; i++) appendAudit(tx, { actor: { id: 1, email: "op@example.com", role: "operator" }, action: "certificate.revoke", outcome: "info", details: { i } });
  });
}

/** Someone with write access to the file: rewrites entry `seq`, rebuilds every later hash and the settings checkpoint, and removes the signed checkpoints that no longer match. */
function rewriteAsAttacker(db: Db, seq: number): void {
  const raw = db.$client;
  raw.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_checkpoints_no_delete;");
  raw.prepare("UPDATE audit_log SET actor_email = 'someone-else@example.com' WHERE seq = ?").run(seq);
  const rows = raw.prepare("SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq").all(seq) as Record<string, unknown>[];
  let prev = raw.prepare("SELECT hash FROM audit_log WHERE seq = ?").pluck().get(seq - 1) as string;
  for (const r of rows) {
    const row = {
      seq: r.seq, at: r.at, actorId: r.actor_id, actorEmail: r.actor_email, actorRole: r.actor_role, action: r.action,
      targetType: r.target_type, targetId: r.target_id, outcome: r.outcome, intentSeq: r.intent_seq, ip: r.ip, details: r.details,
    } as Omit<AuditRow, "prevHash" | "hash">;
    const hash = entryHash(prev, canonicalEntry(row));
    raw.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?").run(prev, hash, row.seq);
    prev = hash;
  }
  raw.prepare("UPDATE settings SET value = ? WHERE key = 'audit.checkpoint'").run(JSON.stringify({ seq: rows.at(-1)!.seq, hash: prev }));
  raw.prepare("DELETE FROM audit_checkpoints WHERE seq >= ?").run(seq);
}

beforeAll(() => {
  dir = tempDir("audit-verify-");
  outside = tempDir("audit-evidence-");
  key = resolveSigningKey({ DATA_DIR: dir }).key; // the portal's key file, which the script reads by default
  const db = openDb(path.join(dir, "portal.db"), { migrationsFolder: MIGRATIONS });
  try {
    seed(db, 4);
    takeCheckpoint(db, key); // #4, stays in the database
    seed(db, 1);
    const kept = takeCheckpoint(db, key)!; // #5, downloaded and kept outside
    fs.writeFileSync(path.join(outside, "checkpoint.json"), JSON.stringify(checkpointFileOf(kept)));
    fs.writeFileSync(path.join(outside, "audit-public-key.pem"), key.pem);
    seed(db, 3);
    rewriteAsAttacker(db, 5);
  } finally {
    db.$client.close();
  }
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe("a chain rewritten by someone with the database file", () => {
  it("passes the plain check: the chain and its settings checkpoint agree again (the documented limit)", async () => {
    const { code, out } = await verify([]);
    expect(out).toContain("audit log ok: 8 entries verified");
    expect(code).toBe(0);
  });

  it("fails against the signed checkpoint kept outside, naming the rewritten entry", async () => {
    const { code, out } = await verify(["--checkpoint", path.join(outside, "checkpoint.json"), "--public-key", path.join(outside, "audit-public-key.pem")]);
    expect(out).toContain("audit log FAILED at entry 5 (changed)");
    expect(out).toContain("Entry 5 differs from the signed checkpoint you kept");
    expect(code).toBe(1);
  });
});

describe("a signed export", () => {
  it("verifies with the script and with openssl; once a byte changes, both refuse it", async () => {
    const csv = Buffer.from("seq,at,actor_email\r\n1,2026-12-03T09:00:00.000Z,op@example.com\r\n");
    fs.writeFileSync(path.join(outside, "export.csv"), csv);
    fs.writeFileSync(path.join(outside, "export.csv.sig"), key.sign(csv));
    fs.writeFileSync(path.join(outside, "changed.csv"), Buffer.from(csv.toString().replace("op@", "oq@")));
    const openssl = (file: string) =>
      spawnSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "audit-public-key.pem", "-rawin", "-in", file, "-sigfile", "export.csv.sig"], { cwd: outside, encoding: "utf8" });

    expect(openssl("export.csv").status).toBe(0);
    const good = await verify(["--export", path.join(outside, "export.csv"), "--sig", path.join(outside, "export.csv.sig"), "--public-key", path.join(outside, "audit-public-key.pem")]);
    expect(good.out).toContain("export signature ok");
    expect(good.code).toBe(0);

    const bad = openssl("changed.csv");
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain("Signature Verification Failure");
    const refused = await verify(["--export", path.join(outside, "changed.csv"), "--sig", path.join(outside, "export.csv.sig"), "--public-key", path.join(outside, "audit-public-key.pem")]);
    expect(refused.out).toContain("export signature INVALID");
    expect(refused.code).toBe(1);
  });
});

describe("a backup", () => {
  it("made with VACUUM INTO (not in WAL mode) is verified as it is, read-only", async () => {
    const backup = path.join(outside, "backup.db");
    const source = new Database(path.join(dir, "portal.db"), { readonly: true });
    source.exec(`VACUUM INTO '${backup}'`);
    source.close();
    const before = fs.readFileSync(backup);
    const { code, out } = await verify([], dir, backup);
    expect(out).toContain("audit log ok: 8 entries verified");
    expect(code).toBe(0);
    expect(fs.readFileSync(backup).equals(before)).toBe(true);
  });
});

describe("a wrong DATA_DIR", () => {
  it("is an error naming the missing file, not an empty log that verifies; nothing is created", async () => {
    const empty = tempDir("audit-verify-empty-");
    try {
      const { code, err, out } = await verify([], empty);
      expect(out).not.toContain("ok");
      expect(err).toContain(`no database at ${path.join(empty, "portal.db")}`);
      expect(code).toBe(2);
      expect(fs.readdirSync(empty)).toEqual([]);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
