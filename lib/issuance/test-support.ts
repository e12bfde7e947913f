/**
 * Test support for the domain tests of lib/issuance, lib/inventory and lib/revocation: a
 * real simulator (fast settings) and a real client over HTTP, a fresh temp database per test
 * with the acting users in it, and helpers that drive a batch to a state by polling (never
 * by sleeping). Not imported by production code.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import type { AuditActor } from "@/lib/audit/types";
import { SectigoClient } from "@/lib/sectigo";
import type { RunningSimulator } from "@/lib/simulator";
import { removeDir, startTestSimulator, tempDir, TEST_PASSWORD, TEST_USER } from "@/lib/simulator/test-support";
import { ecKeys, makeCsr, rsaKeys } from "@/lib/pki/testdata/make";
import { searchInventory } from "@/lib/inventory/search";
import { uploadCsrs } from "./csr-upload";
import { advanceBatch } from "./advance";
import type { BatchDto } from "./batch-dto";
import type { ActorContext } from "@/lib/domain/context";

export const OPERATOR: AuditActor = { id: 7, email: "op@example.com", role: "operator" };
export const ADMIN: AuditActor = { id: 8, email: "admin@example.com", role: "admin" };
/** The simulator's authorities: 423 issues under profile 17, 489 under profile 85. */
export const AUTHORITY_EE = 423;
export const AUTHORITY_END_ENTITY = 489;

export interface Harness {
  sim: RunningSimulator;
  client: SectigoClient;
  close(): Promise<void>;
}

export async function startHarness(prefix: string): Promise<Harness> {
  // The PKCS#12 passwords of batches are encrypted with the data key; never touch ./data.
  process.env.DATA_KEY ??= randomBytes(32).toString("base64");
  const dir = await tempDir(prefix);
  const sim = await startTestSimulator(path.join(dir, "data"), { processingDelayMs: 0, pkcs12Format: "legacy" });
  const client = new SectigoClient({ endpoint: sim.url, username: TEST_USER, password: TEST_PASSWORD, timeoutMs: 3000, getRetries: 0 });
  return {
    sim,
    client,
    async close() {
      await sim.close();
      await removeDir(dir);
    },
  };
}

export interface TestDb {
  db: Db;
  ctx: ActorContext;
  temp: TempDb;
}

export function openTestDb(client: SectigoClient, actor: AuditActor = OPERATOR): TestDb {
  const temp = tempDb();
  const at = new Date().toISOString();
  for (const u of [OPERATOR, ADMIN]) {
    temp.db
      .insert(users)
      .values({ id: u.id as number, email: u.email, name: u.email, role: u.role as "operator", passwordHash: "x", createdAt: at, updatedAt: at })
      .run();
  }
  return { db: temp.db, ctx: { db: temp.db, client, actor, ip: "203.0.113.9" }, temp };
}

/** Lets the simulator issue what is due, then advances the batch, until `done` (at most `tries` passes). */
export async function advanceUntil(
  h: Harness,
  db: Db,
  batchId: number,
  done: (b: BatchDto) => boolean,
  tries = 20,
): Promise<BatchDto> {
  let batch: BatchDto | undefined;
  for (let i = 0; i < tries; i++) {
    await h.sim.runDueBatches();
    batch = await advanceBatch(db, h.client, batchId);
    if (done(batch)) return batch;
  }
  throw new Error(`batch ${batchId} did not reach the expected state; last: ${JSON.stringify(batch)}`);
}

export const isFinal = (b: BatchDto) => b.state === "indexed" || b.state === "rejected" || b.state === "errored";

/** Every audit row, details parsed. */
export function auditRows(db: Db) {
  return db
    .select()
    .from(auditLog)
    .orderBy(auditLog.seq)
    .all()
    .map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}

/** Asserts that no audit row (any column) contains `secret`. */
export function expectNotInAudit(db: Db, secret: string): void {
  const text = JSON.stringify(db.select().from(auditLog).all());
  expect(text.includes(secret)).toBe(false);
}

let sharedKeys: CryptoKeyPair | undefined;

/** A PEM CSR (RSA-2048, one key pair reused per test file). */
export async function csrPem(commonName: string, dns: string[] = [commonName]): Promise<string> {
  sharedKeys ??= await rsaKeys(2048);
  const csr = await makeCsr({ name: `CN=${commonName}, O=Test VASP, C=US`, dns, keys: sharedKeys });
  return csr.toString("pem");
}

/** A CSR whose signature no longer matches: one byte of its subject changed after signing. */
export async function forgedCsrPem(commonName: string): Promise<string> {
  const pem = await csrPem(commonName);
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  const at = der.indexOf(Buffer.from(commonName, "ascii"));
  if (at < 0) throw new Error("CN not found in the CSR");
  der[at] = der[at] === 0x61 ? 0x62 : 0x61; // first letter of the CN
  const b64 = der.toString("base64").match(/.{1,64}/g)?.join("\n") ?? "";
  return `-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`;
}

/**
 * Issues one certificate per common name through a real batch at the simulator (each CSR with
 * its own EC key) and returns common name → serial, once every one is in the inventory.
 */
export async function issueForTest(h: Harness, t: TestDb, commonNames: readonly string[], fileName: string): Promise<Map<string, string>> {
  const text = (await Promise.all(commonNames.map(async (cn) => (await makeCsr({ name: `CN=${cn}, O=Test VASP, C=US`, dns: [cn], keys: await ecKeys(), ec: true })).toString("pem")))).join("");
  const { batch } = await uploadCsrs(t.ctx, { profileId: 17, fileName, csrText: text });
  await advanceUntil(h, t.db, batch.id, isFinal);
  const serials = new Map(searchInventory(t.db, { batchId: batch.id, pageSize: 100 }).items.map((c) => [c.commonName, c.serial] as const));
  expect(serials.size).toBe(commonNames.length);
  return serials;
}
