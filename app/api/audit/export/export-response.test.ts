// The audit export download: headers of a file download, CSV and JSON Lines of the filtered
// entries, formula-safe CSV cells, the export recorded before streaming, and fail-closed.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, tempDir, type TempDb } from "@/db/testing/temp-db";
import { parseCheckpointFile } from "@/lib/audit/checkpoints";
import { signingKeyFrom, verifySignature } from "@/lib/audit/signing-key";
import { readZip } from "@/lib/pki/zip";
import { listAudit, recordAudit } from "@/lib/audit";
import { parseAuditSearch } from "@/app/(portal)/audit/_lib/filters";
import { auditExportResponse } from "./export-response";

const auditor = { id: 3, email: "auditor@example.com", role: "auditor" };
const NOW = new Date("2026-11-25T10:00:00.000Z");
let t: TempDb;

beforeEach(() => {
  t = tempDb();
  recordAudit(t.db, { actor: { id: 1, email: "op@example.com", role: "operator" }, action: "certificate.revoke", outcome: "requested", target: { type: "certificate", id: "4F2A" } });
  recordAudit(t.db, { actor: { id: 2, email: "=cmd|' /C calc'!A0", role: null }, action: "auth.login", outcome: "failed", details: { cn: "=HYPERLINK(\"x\")" } });
  recordAudit(t.db, { actor: { id: 1, email: "op@example.com", role: "operator" }, action: "batch.create", outcome: "succeeded" });
});
afterEach(() => t.cleanup());

const exportOf = (format: "csv" | "jsonl", query: Record<string, string> = {}, db = t.db) =>
  auditExportResponse({ db, actor: auditor, ip: "10.1.2.3", format, filters: parseAuditSearch(query).filters, now: NOW });

it("CSV: a file download whose first line is the header and whose rows are the filtered entries", async () => {
  const res = exportOf("csv", { actor: "op@" });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-disposition")).toBe('attachment; filename="audit-2026-11-25.csv"');
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
  const lines = (await res.text()).trimEnd().split("\r\n");
  expect(lines[0]).toBe("seq,at,actor_email,actor_role,actor_id,action,target_type,target_id,outcome,intent_seq,ip,details,prev_hash,hash");
  expect(lines.slice(1).map((l) => l.split(",").slice(0, 1)[0])).toEqual(["1", "3"]);
  expect(lines[1]).toContain(",op@example.com,operator,1,certificate.revoke,certificate,4F2A,requested,");
});

it("CSV cells that a spreadsheet would run as formulas are neutralised", async () => {
  const [, row] = (await exportOf("csv", { action: "auth" }).text()).trimEnd().split("\r\n");
  // seq, at, then actor_email: stored lower case, and prefixed with a quote so it stays text
  expect(row?.split(",")[2]).toBe("'=cmd|' /c calc'!a0");
  expect(row).not.toMatch(/(^|,)[=+@-]/);
});

it("JSON Lines: one parsable entry per line, oldest first", async () => {
  const res = exportOf("jsonl", { outcome: "succeeded" });
  expect(res.headers.get("content-disposition")).toBe('attachment; filename="audit-2026-11-25.jsonl"');
  const lines = (await res.text()).trimEnd().split("\n").map((l) => JSON.parse(l) as { seq: number; action: string });
  expect(lines.map((e) => [e.seq, e.action])).toEqual([[3, "batch.create"]]);
});

it("the export is recorded, with format, filters and the number of matching entries", async () => {
  await exportOf("csv", { actor: "op@" }).text();
  const [entry] = listAudit(t.db, { action: "audit.export" }).entries;
  expect(entry).toMatchObject({ outcome: "info", actor: { email: "auditor@example.com" }, ip: "10.1.2.3" });
  expect(entry!.details).toEqual({ format: "csv", filters: { actor: "op@" }, rows: 2, rowsCapped: false });
});

it("nothing is exported when the export cannot be recorded (fail closed)", async () => {
  const readonly = t.reopen({ readonly: true });
  const res = exportOf("csv", {}, readonly);
  expect(res.status).toBe(503);
  expect(await res.json()).toMatchObject({ error: { code: "AUDIT_UNAVAILABLE" } });
});

describe("signed exports (docs/security.md S21)", () => {
  const key = signingKeyFrom(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
  const signedOf = (format: "csv" | "jsonl") =>
    auditExportResponse({ db: t.db, actor: auditor, ip: null, format, filters: parseAuditSearch({}).filters, now: NOW, signingKey: key, signed: true });

  it("a ZIP of the export, its raw signature, the checkpoint it ends at and the public key; openssl checks it and refuses a changed byte", async () => {
    const res = signedOf("csv");
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="audit-2026-11-25.csv.signed.zip"');
    const files = new Map(readZip(new Uint8Array(await res.arrayBuffer())).map((e) => [e.name, Buffer.from(e.data)]));
    expect([...files.keys()]).toEqual(["audit-2026-11-25.csv", "audit-2026-11-25.csv.sig", "audit-checkpoint-4.json", "audit-public-key.pem"]);
    const csv = files.get("audit-2026-11-25.csv")!;
    const sig = files.get("audit-2026-11-25.csv.sig")!;
    expect(sig).toHaveLength(64);
    expect(res.headers.get("x-audit-signature")).toBe(sig.toString("base64"));
    // the export ends at its checkpoint, which covers the export's own record (#4)
    const checkpoint = parseCheckpointFile(files.get("audit-checkpoint-4.json")!.toString());
    expect(checkpoint.checkpoint).toMatchObject({ seq: 4, keyId: key.keyId });
    expect(res.headers.get("x-audit-checkpoint")).toBe(`4:${checkpoint.checkpoint.headHash}`);
    expect(csv.toString().trimEnd().split("\r\n").at(-1)).toMatch(/^4,.*,audit\.export,/);
    expect(verifySignature(key, csv, sig)).toBe(true);

    const dir = tempDir("signed-export-");
    try {
      for (const [name, data] of files) fs.writeFileSync(path.join(dir, name), data);
      const openssl = (file: string) =>
        spawnSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "audit-public-key.pem", "-rawin", "-in", file, "-sigfile", "audit-2026-11-25.csv.sig"], { cwd: dir, encoding: "utf8" });
      const good = openssl("audit-2026-11-25.csv");
      expect(good.status).toBe(0);
      expect(good.stdout).toContain("Signature Verified Successfully");
      const changed = Buffer.from(csv.toString().replace("op@example.com", "oq@example.com"));
      fs.writeFileSync(path.join(dir, "changed.csv"), changed);
      const bad = openssl("changed.csv");
      expect(bad.status).not.toBe(0);
      expect(bad.stdout).toContain("Signature Verification Failure");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("JSON Lines too; a plain export names its checkpoint in a header and is not signed", async () => {
    const files = readZip(new Uint8Array(await signedOf("jsonl").arrayBuffer()));
    const [data, sig] = files;
    expect(data?.name).toBe("audit-2026-11-25.jsonl");
    expect(verifySignature(key, data!.data, sig!.data)).toBe(true);
    const plain = auditExportResponse({ db: t.db, actor: auditor, ip: null, format: "csv", filters: parseAuditSearch({}).filters, now: NOW, signingKey: key });
    expect(plain.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(plain.headers.get("x-audit-checkpoint")).toMatch(/^5:[0-9a-f]{64}$/);
    expect(plain.headers.get("x-audit-signature")).toBeNull();
  });
});
