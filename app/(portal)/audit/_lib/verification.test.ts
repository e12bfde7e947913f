// The audit page's "Verify chain": an intact log reports its count and head; a log changed
// behind the portal's back (at the database level, past the append-only triggers) names the
// entry that was changed; and each verification is itself recorded.
import { afterEach, beforeEach, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { getAuditEntry, listAudit, recordAudit } from "@/lib/audit";
import { runVerification } from "./verification";

const auditor = { id: 3, email: "auditor@example.com", role: "auditor" };
let t: TempDb;

beforeEach(() => {
  t = tempDb();
  for (let i = 1; i <= 5; i++) {
    recordAudit(t.db, { actor: { id: 1, email: "op@example.com", role: "operator" }, action: "certificate.find", outcome: "info", details: { i } });
  }
});
afterEach(() => t.cleanup());

it("an intact chain: count, head seq and head hash, and an audit.verify entry", async () => {
  const view = await runVerification(t.db, auditor, "10.0.0.1");
  expect(view).toMatchObject({ ok: true, count: 5, headSeq: 5, recorded: true });
  const head = getAuditEntry(t.db, 5)!.entry;
  expect(view.ok && view.headHash).toBe(head.hash);

  const [entry] = listAudit(t.db, { action: "audit.verify" }).entries;
  expect(entry).toMatchObject({ seq: 6, outcome: "info", actor: { email: "auditor@example.com" }, ip: "10.0.0.1" });
  expect(entry!.details).toMatchObject({ intact: true, count: 5, headSeq: 5, headHash: head.hash });
});

it("an entry changed in the database file is named as the first bad entry", async () => {
  const raw = t.reopen({ migrationsFolder: false }).$client;
  raw.exec("DROP TRIGGER audit_log_no_update");
  raw.prepare("UPDATE audit_log SET details = ? WHERE seq = 3").run(JSON.stringify({ i: 99 }));

  const view = await runVerification(t.db, auditor, null);
  expect(view).toMatchObject({ ok: false, firstBadSeq: 3, problem: "changed", problemLabel: "changed", recorded: true });
  expect(!view.ok && view.message).toMatch(/Entry 3 was changed/);
  const [entry] = listAudit(t.db, { action: "audit.verify" }).entries;
  expect(entry!.details).toMatchObject({ intact: false, firstBadSeq: 3, problem: "changed" });
});

it("a deleted entry is named too", async () => {
  const raw = t.reopen({ migrationsFolder: false }).$client;
  raw.exec("DROP TRIGGER audit_log_no_delete");
  raw.prepare("DELETE FROM audit_log WHERE seq = 2").run();
  const view = await runVerification(t.db, auditor, null);
  expect(view).toMatchObject({ ok: false, firstBadSeq: 2, problem: "deleted" });
});
