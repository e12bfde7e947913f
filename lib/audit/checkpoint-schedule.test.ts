// The checkpoint schedule (docs/security.md S21): a tick signs the head when it moved, does
// nothing new when it did not, and logs a failure instead of throwing into the server.
import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { recordAudit } from "@/lib/audit/append";
import { checkpointTick } from "@/lib/audit/checkpoint-schedule";
import { recentCheckpoints } from "@/lib/audit/checkpoints";
import { signingKeyFrom } from "@/lib/audit/signing-key";

const key = signingKeyFrom(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());

const entry = () => recordAudit(t.db, { actor: { id: 1, email: "op@example.com", role: "operator" }, action: "batch.create", outcome: "info" });

it("signs the head when it moved and skips when nothing was appended since", () => {
  const lines: string[] = [];
  const options = { db: () => t.db, key: () => key, log: (l: string) => lines.push(l) };
  checkpointTick(options); // an empty log: nothing to sign
  expect(recentCheckpoints(t.db, 10)).toEqual([]);
  entry();
  entry();
  checkpointTick(options);
  checkpointTick(options);
  expect(recentCheckpoints(t.db, 10).map((c) => c.seq)).toEqual([2]);
  entry();
  checkpointTick(options);
  expect(recentCheckpoints(t.db, 10).map((c) => c.seq)).toEqual([3, 2]);
  expect(lines).toEqual([]);
});

it("logs a failure and never throws, so the server carries on and the next tick tries again", () => {
  entry();
  const lines: string[] = [];
  const readonly = t.reopen({ readonly: true });
  expect(() => checkpointTick({ db: () => readonly, key: () => key, log: (l) => lines.push(l) })).not.toThrow();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^audit checkpoint: not taken \(.*readonly.*\); trying again at the next interval$/);
});
