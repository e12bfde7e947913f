import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { createSecretBox } from "@/lib/crypto/secret-box";
import {
  batchPkcs12Password,
  countBatches,
  getBatch,
  getBatchBySectigoId,
  getBatchWithCreator,
  insertBatch,
  issuedCertificatesByWeek,
  listBatches,
  listBatchesDue,
  listInFlightBatchesWithCreator,
  pageBatchesWithCreator,
  updateBatch,
  wipeBatchPassword,
} from "@/db/queries/batches";
import { upsertCertificate } from "@/db/queries/certificates";
import { insertUser } from "@/db/queries/users";

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

describe("batches as pages list them", () => {
  it("joins the creator's e-mail, says whether a CSR is kept, and never carries the password or kept inputs", () => {
    const at = "2026-11-25T12:00:00.000Z";
    const userId = writeTx(db, (tx) => insertUser(tx, { email: "op@example.com", name: "Op", role: "operator", passwordHash: "h", createdAt: at, updatedAt: at })).id;
    const single = writeTx(db, (tx) =>
      insertBatch(tx, { kind: "single", batchName: "one", createdBy: userId, pkcs12Password: "Zx81abcdQWERty12", createInput: "{}" }, undefined, () => box),
    );
    const csr = writeTx(db, (tx) => insertBatch(tx, { kind: "csr", batchName: "two", createdBy: null, csrText: "-----BEGIN CERTIFICATE REQUEST-----" }));
    writeTx(db, (tx) => updateBatch(tx, csr.id, { state: "indexed" }));

    const row = getBatchWithCreator(db, single.id)!;
    expect(row).toMatchObject({ id: single.id, creatorEmail: "op@example.com", csrKept: 0 });
    for (const hidden of ["pkcs12PasswordEnc", "csrText", "createInput"]) expect(row).not.toHaveProperty(hidden);
    expect(getBatchWithCreator(db, csr.id)).toMatchObject({ creatorEmail: null, csrKept: 1 });
    expect(getBatchWithCreator(db, 999)).toBeUndefined();

    expect(pageBatchesWithCreator(db, {}, { limit: 10, offset: 0 }).map((b) => b.id)).toEqual([csr.id, single.id]);
    expect(pageBatchesWithCreator(db, {}, { limit: 1, offset: 1 }).map((b) => b.id)).toEqual([single.id]);
    expect(pageBatchesWithCreator(db, { kind: "csr" }, { limit: 10, offset: 0 }).map((b) => b.id)).toEqual([csr.id]);
    expect(countBatches(db)).toBe(2);
    expect(countBatches(db, { state: "indexed" })).toBe(1);
    expect(countBatches(db, { state: "indexed", kind: "single" })).toBe(0);
    expect(listInFlightBatchesWithCreator(db, 10).map((b) => b.id)).toEqual([single.id]);
  });

  it("counts the certificates the portal's batches produced, by week of not-before", () => {
    const created = (iso: string) => () => new Date(iso);
    const recent = writeTx(db, (tx) => insertBatch(tx, { kind: "single", batchName: "recent", createdBy: null }, created("2026-11-03T00:00:00.000Z")));
    const old = writeTx(db, (tx) => insertBatch(tx, { kind: "single", batchName: "old", createdBy: null }, created("2026-08-01T00:00:00.000Z")));
    const cert = (serial: string, notBefore: string, batchId: number | null) =>
      upsertCertificate(db, { serial, commonName: `${serial}.example`, source: batchId === null ? "import" : "batch", batchId, notBefore, notAfter: "2027-11-01T00:00:00.000Z" });
    cert("A1", "2026-11-03T10:00:00.000Z", recent.id);
    cert("A2", "2026-11-04T10:00:00.000Z", recent.id);
    cert("A3", "2026-11-12T10:00:00.000Z", recent.id);
    cert("B1", "2026-11-05T10:00:00.000Z", old.id); // its batch is older than the lead
    cert("C1", "2026-11-05T10:00:00.000Z", null); // imported: not the portal's work
    const rows = issuedCertificatesByWeek(db, "2026-10-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z", "2026-11-16T00:00:00.000Z");
    expect(rows.sort((a, b) => a.week - b.week)).toEqual([
      { week: 0, n: 2 },
      { week: 1, n: 1 },
    ]);
  });
});
