// Durability (docs/security.md S4): an entry committed before `kill -9` is there after restart,
// and the chain still verifies.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { spawnTsx } from "@/db/testing/spawn-tsx";
import { MIGRATIONS, tempDir } from "@/db/testing/temp-db";
import { findDanglingIntents } from "@/lib/audit/recovery";
import { listAudit } from "@/lib/audit/query";
import { verifyAuditChain } from "@/lib/audit/verify";

describe("a process killed with SIGKILL right after committing", () => {
  it("loses nothing it committed, and the chain verifies on reopen", async () => {
    const dir = tempDir();
    const file = path.join(dir, "portal.db");
    try {
      const child = spawnTsx("lib/audit/testing/crash-writer.ts", [file]);
      await child.waitFor("committed 2");
      child.proc.kill("SIGKILL");
      expect(await child.exited).toMatchObject({ signal: "SIGKILL" });
      expect(fs.existsSync(`${file}-wal`)).toBe(true); // the commit lives in the WAL, not yet in the main file

      const db = openDb(file, { migrationsFolder: MIGRATIONS });
      try {
        const { entries } = listAudit(db);
        expect(entries.map((e) => [e.seq, e.action, e.outcome])).toEqual([
          [2, "auth.login", "succeeded"],
          [1, "certificate.revoke", "requested"],
        ]);
        expect(entries[0]?.details).toEqual({ note: "last words" });
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 2, headSeq: 2 });
        // and the intent the crash left open is there for recovery to resolve
        expect(findDanglingIntents(db).map((i) => i.seq)).toEqual([1]);
      } finally {
        db.$client.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
