import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { batchPkcs12Password, getBatch, getBatchBySectigoId, insertBatch, listBatches, listBatchesDue, updateBatch, wipeBatchPassword } from "@/db/queries/batches";

const box = createSecretBox(randomBytes(32));
let t: TempDb;
let db: Db;
beforeEach(() => {
  t = tempDb();
  db = t.db;
});
afterEach(() => t.cleanup());

const insert = (name: string, password?: string) =>
  writeTx(db, (tx) =>
    insertBatch(tx, { kind: "single", batchName: name, commonName: `${name}.example.com`, dnsNames: [`${name}.example.com`], createdBy: null, pkcs12Password: password }, undefined, () => box),
  );

describe("batches", () => {
  it("keeps the PKCS#12 password encrypted, readable for its own batch only, until wiped", () => {
    const a = insert("alpha", "Zx81abcdQWERty12");
    const b = insert("beta", "Other-Pass-0001");
    expect(a.pkcs12PasswordEnc).toMatch(/^v1\./);
    expect(JSON.stringify(db.$client.prepare("SELECT * FROM batches").all())).not.toContain("Zx81abcdQWERty12");
    expect(batchPkcs12Password(getBatch(db, a.id)!, () => box)).toBe("Zx81abcdQWERty12");
    // the ciphertext is bound to its row
    expect(() => batchPkcs12Password({ id: b.id, pkcs12PasswordEnc: a.pkcs12PasswordEnc }, () => box)).toThrow();
    writeTx(db, (tx) => wipeBatchPassword(tx, a.id));
    expect(batchPkcs12Password(getBatch(db, a.id)!, () => box)).toBeNull();
  });

  it("records Sectigo's answer and lists what the poller must look at, never the password", () => {
    const a = insert("alpha", "Zx81abcdQWERty12");
    const b = insert("beta");
    writeTx(db, (tx) => updateBatch(tx, a.id, { sectigoBatchId: 10001, status: "PROCESSING", state: "processing", nextCheckAt: "2026-01-01T00:00:10.000Z" }));
    writeTx(db, (tx) => updateBatch(tx, b.id, { sectigoBatchId: 10002, status: "PROCESSING", state: "processing", nextCheckAt: "2026-01-01T00:05:00.000Z" }));
    expect(getBatchBySectigoId(db, 10001)?.id).toBe(a.id);
    expect(listBatchesDue(db, new Date("2026-01-01T00:01:00.000Z")).map((x) => x.batchName)).toEqual(["alpha"]);
    const listed = listBatches(db);
    expect(listed.map((x) => x.batchName)).toEqual(["beta", "alpha"]);
    expect(listed[0]).not.toHaveProperty("pkcs12PasswordEnc");
    expect(listBatches(db, { states: ["submitted"] })).toEqual([]);
  });

  it("the database refuses an unknown state and a duplicate Sectigo batch id", () => {
    const a = insert("alpha");
    const b = insert("beta");
    expect(() => db.$client.prepare("UPDATE batches SET state = 'done' WHERE id = ?").run(a.id)).toThrow(/CHECK/);
    writeTx(db, (tx) => updateBatch(tx, a.id, { sectigoBatchId: 7 }));
    expect(() => writeTx(db, (tx) => updateBatch(tx, b.id, { sectigoBatchId: 7 }))).toThrow(/UNIQUE/);
  });
});
