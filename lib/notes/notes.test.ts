import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { insertBatch } from "@/db/queries/batches";
import { upsertCertificate } from "@/db/queries/certificates";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { verifyAuditChain } from "@/lib/audit/verify";
import { auditOf, insertUser, testClock } from "@/lib/auth/testing/support";
import { ROLES, type Role } from "@/lib/auth/rbac";
import { exportCertificatesCsv } from "@/lib/inventory/search";
import { addNote, cleanNoteText, noteCells, notesOf, NOTE_MAX, type NoteAuthor } from "./notes";
import { preparedPlans, queryPlan } from "@/db/testing/query-plan";

let t: TempDb;
let db: Db;
const clock = testClock("2026-12-03T10:00:00.000Z");
const SERIAL = "0A1B2C3D4E5F";

function author(role: Role): NoteAuthor {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  return { id: insertUser(db, { email, role }), email, role };
}

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clock.set("2026-12-03T10:00:00.000Z");
  upsertCertificate(db, { serial: SERIAL, commonName: "vasp.example.org", source: "import", notBefore: "2026-01-01T00:00:00.000Z", notAfter: "2027-01-01T00:00:00.000Z" });
});
afterEach(() => t.cleanup());

describe("cleanNoteText", () => {
  it("trims, makes line ends \\n, keeps tabs, and refuses empty, too long or control characters with a sentence", () => {
    expect(cleanNoteText("  a\r\nb\rc\td  ")).toEqual({ ok: true, text: "a\nb\nc\td" });
    expect(cleanNoteText(" \n\t ")).toEqual({ ok: false, problem: "Write the note first: it is empty." });
    expect(cleanNoteText("x".repeat(NOTE_MAX))).toMatchObject({ ok: true });
    // counted in characters as the database counts them, not UTF-16 units: 4,000 emoji fit
    expect(cleanNoteText("😀".repeat(NOTE_MAX))).toMatchObject({ ok: true });
    expect(cleanNoteText("x".repeat(NOTE_MAX + 1))).toEqual({ ok: false, problem: expect.stringContaining("at most 4,000 characters; this one has 4,001") });
    expect(cleanNoteText("bell\u0007 and escape\u001b[2J")).toEqual({ ok: false, problem: expect.stringContaining("U+0007 (BEL), U+001B (ESC)") });
  });
});

describe("notes", () => {
  it("adds notes to a certificate (by any serial form) and to a batch, listed oldest first, each audited with id and length only", async () => {
    const operator = author("operator");
    const support = author("support");
    const first = addNote(db, operator, { subject: "certificate", id: "0a:1b:2c:3d:4e:5f", body: "  Contact changed to ops@vasp.example.org  " }, "10.0.0.1", clock);
    clock.advance(60_000);
    addNote(db, support, { subject: "certificate", id: SERIAL, body: "Renewal promised\nfor Friday" }, null, clock);
    expect(notesOf(db, "certificate", SERIAL)).toEqual([
      { id: first.id, body: "Contact changed to ops@vasp.example.org", authorEmail: operator.email, createdAt: "2026-12-03T10:00:00.000Z" },
      { id: expect.any(Number), body: "Renewal promised\nfor Friday", authorEmail: support.email, createdAt: "2026-12-03T10:01:00.000Z" },
    ]);

    const batch = writeTx(db, (tx) => insertBatch(tx, { kind: "single", batchName: "b1", createdBy: operator.id }));
    addNote(db, operator, { subject: "batch", id: String(batch.id), body: "Asked Sectigo about the delay" }, null, clock);
    expect(notesOf(db, "batch", String(batch.id)).map((n) => n.body)).toEqual(["Asked Sectigo about the delay"]);
    expect(notesOf(db, "certificate", String(batch.id))).toEqual([]);

    const entries = auditOf(db, "note.add");
    expect(entries.map((e) => [e.targetType, e.targetId, e.actorEmail, e.details])).toEqual([
      ["certificate", SERIAL, operator.email, { noteId: first.id, length: 39 }],
      ["certificate", SERIAL, support.email, { noteId: expect.any(Number), length: 27 }],
      ["batch", String(batch.id), operator.email, { noteId: expect.any(Number), length: 29 }],
    ]);
    expect(entries[0]!.ip).toBe("10.0.0.1");
    expect(JSON.stringify(entries)).not.toContain("Contact changed");
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("is append-only: the database refuses to change or delete a note", () => {
    const note = addNote(db, author("admin"), { subject: "certificate", id: SERIAL, body: "first words" }, null, clock);
    expect(() => db.$client.prepare("UPDATE notes SET body = 'rewritten' WHERE id = ?").run(note.id)).toThrow(/append-only/);
    expect(() => db.$client.prepare("DELETE FROM notes WHERE id = ?").run(note.id)).toThrow(/append-only/);
    expect(notesOf(db, "certificate", SERIAL)[0]!.body).toBe("first words");
  });

  it("lets admin, operator and support write, refuses the auditor, and refuses an unknown subject or bad text, writing nothing", () => {
    const allowed = ROLES.filter((role) => {
      try {
        addNote(db, author(role), { subject: "certificate", id: SERIAL, body: `by ${role}` }, null, clock);
        return true;
      } catch (err) {
        expect(err).toMatchObject({ code: "FORBIDDEN" });
        return false;
      }
    });
    expect(allowed).toEqual(["admin", "operator", "support"]);

    const operator = author("operator");
    expect(() => addNote(db, operator, { subject: "certificate", id: "FFFF", body: "x" }, null, clock)).toThrow(
      expect.objectContaining({ code: "NOT_FOUND", userMessage: "No certificate with that serial is in the inventory, so the note was not saved." }),
    );
    expect(() => addNote(db, operator, { subject: "batch", id: "999", body: "x" }, null, clock)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => addNote(db, operator, { subject: "batch", id: "1; DROP", body: "x" }, null, clock)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => addNote(db, operator, { subject: "certificate", id: SERIAL, body: "   " }, null, clock)).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT", fieldErrors: { body: ["Write the note first: it is empty."] } }),
    );
    expect(notesOf(db, "certificate", SERIAL)).toHaveLength(3);
    expect(auditOf(db, "note.add")).toHaveLength(3);
  });
});

describe("notes in the certificate export", () => {
  it("adds a notes column: each certificate's notes oldest first, joined, one query per page of rows", () => {
    const operator = author("operator");
    upsertCertificate(db, { serial: "0B", commonName: "quiet.example.org", source: "import", notAfter: "2027-02-01T00:00:00.000Z" });
    addNote(db, operator, { subject: "certificate", id: SERIAL, body: "=HYPERLINK(\"x\")" }, null, clock);
    clock.advance(3_600_000);
    addNote(db, operator, { subject: "certificate", id: SERIAL, body: "two\nlines, quoted" }, null, clock);

    const csv = [...exportCertificatesCsv(db, { sort: "serial" })].join("");
    const header = csv.split("\r\n")[0]!.split(",");
    expect(header.at(-1)).toBe("notes");
    expect(csv).toContain(`,"2026-12-03T10:00Z ${operator.email}: =HYPERLINK(""x"") | 2026-12-03T11:00Z ${operator.email}: two\nlines, quoted"\r\n`);
    // the certificate without notes ends in an empty cell
    expect(csv).toMatch(/\r\n0B,quiet\.example\.org,[^\r]*,\r\n/);

    expect(noteCells(db, "certificate", [SERIAL, "0B", "NOPE"])).toEqual(
      new Map([[SERIAL, `2026-12-03T10:00Z ${operator.email}: =HYPERLINK("x") | 2026-12-03T11:00Z ${operator.email}: two\nlines, quoted`]]),
    );
  });

  it("reads the notes of a page through the notes index, and none at all when no certificate has a note", () => {
    const calls = preparedPlans(db, () => Array.from(exportCertificatesCsv(db, {}))).map((p) => p.text);
    expect(calls.filter((q) => /json_each/.test(q))).toEqual([]);

    const plan = queryPlan(
      db,
      "SELECT subject_id, body FROM notes WHERE subject_type = 'certificate' AND subject_id IN (SELECT value FROM json_each('[\"A\",\"B\"]')) ORDER BY created_at, id",
    );
    expect(plan).toMatch(/SEARCH notes USING INDEX notes_subject_idx \(subject_type=\? AND subject_id=\?\)/);
  });
});
