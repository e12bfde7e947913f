/**
 * Notes on a certificate or a batch: what staff learn that the certificate itself does not say
 * ("contact changed", "renewal promised for Friday"). The rules:
 * - Writing one needs `notes.write` (admin, operator, support), checked here as well as by
 *   the action, so no other caller can skip it.
 * - Append-only: the database refuses UPDATE and DELETE (drizzle/0010_expiry_reissue_notes.sql);
 *   a correction is a new note. There is no edit or delete anywhere.
 * - The text is trimmed, 1–4,000 characters (counted as the database's CHECK counts them:
 *   code points), line ends made "\n"; newlines and tabs are kept, any other control character
 *   is refused with its name, so what is stored is what a reader sees.
 * - The subject must exist: a certificate by serial in any usual form (stored canonical), a
 *   batch by the portal's id.
 * - Each note is audited (`note.add`) in the same transaction, with the note's id and length;
 *   the text itself lives in the notes table, and is not secret.
 */
import "server-only";
import { writeTx, type Db } from "@/db/client";
import { getBatch } from "@/db/queries/batches";
import { getCertificateBySerial } from "@/db/queries/certificates";
import { anyNotesOn, insertNote, listNotes, notesOfSubjects, type NoteLine } from "@/db/queries/notes";
import type { Note, NoteSubject } from "@/db/types";
import { systemClock, toIso, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import type { AuditActor } from "@/lib/audit/types";
import { can, type Role } from "@/lib/auth/rbac";
import { InvalidInputError, notFound } from "@/lib/domain/errors";
import { AppError } from "@/lib/errors";
import { controlCharactersIn } from "@/lib/pki/text-safety";

export const NOTE_MAX = 4000;
/** The most notes a page shows; a subject with more is a sign of misuse, and the rest stay in exports. */
export const NOTES_SHOWN = 500;

const KEPT_CONTROLS = new Set([0x09, 0x0a]);

export interface NoteDto {
  id: number;
  body: string;
  authorEmail: string;
  createdAt: string;
}

export interface NoteAuthor extends AuditActor {
  id: number;
  role: Role;
}

/** The text as it will be stored, or why it cannot be. */
export function cleanNoteText(raw: string): { ok: true; text: string } | { ok: false; problem: string } {
  const text = raw.replace(/\r\n?/g, "\n").trim();
  if (text === "") return { ok: false, problem: "Write the note first: it is empty." };
  const controls = controlCharactersIn(text, KEPT_CONTROLS);
  if (controls.length > 0) {
    return { ok: false, problem: `The note contains control characters that cannot be shown (${controls.join(", ")}). Remove them and save again.` };
  }
  const length = [...text].length;
  if (length > NOTE_MAX) {
    return { ok: false, problem: `A note holds at most ${NOTE_MAX.toLocaleString("en-US")} characters; this one has ${length.toLocaleString("en-US")}. Shorten it, or split it into two notes.` };
  }
  return { ok: true, text };
}

function toDto(note: Note): NoteDto {
  return { id: note.id, body: note.body, authorEmail: note.authorEmail, createdAt: note.createdAt };
}

/** The subject's stored id: a certificate's canonical serial, a batch's id as text. Throws NOT_FOUND. */
function resolveSubject(db: Db, subject: NoteSubject, id: string): string {
  if (subject === "certificate") {
    const row = getCertificateBySerial(db, id);
    if (!row) throw notFound(`certificate ${id.slice(0, 80)}`, "No certificate with that serial is in the inventory, so the note was not saved.");
    return row.serial;
  }
  const batchId = /^\d{1,12}$/.test(id.trim()) ? Number(id.trim()) : null;
  const row = batchId !== null ? getBatch(db, batchId) : undefined;
  if (!row) throw notFound(`batch ${id.slice(0, 80)}`, "No batch with that id exists, so the note was not saved.");
  return String(row.id);
}

export interface AddNoteInput {
  subject: NoteSubject;
  /** a serial in any usual form, or a batch id */
  id: string;
  body: string;
}

/** Adds a note and its audit entry in one transaction; returns the stored note. */
export function addNote(db: Db, author: NoteAuthor, input: AddNoteInput, ip: string | null, clock: Clock = systemClock): NoteDto {
  if (!can(author.role, "notes.write")) {
    throw new AppError("FORBIDDEN", `role ${author.role} may not write notes`, "Your role does not allow adding notes. Ask an administrator if you need it.");
  }
  const cleaned = cleanNoteText(input.body);
  if (!cleaned.ok) throw new InvalidInputError({ body: [cleaned.problem] });
  const subjectId = resolveSubject(db, input.subject, input.id);
  return writeTx(db, (tx) => {
    const at = toIso(clock());
    const note = insertNote(tx, { subjectType: input.subject, subjectId, body: cleaned.text, authorId: author.id, authorEmail: author.email.toLowerCase(), createdAt: at });
    appendAudit(
      tx,
      { actor: author, action: "note.add", outcome: "succeeded", target: { type: input.subject, id: subjectId }, ip, details: { noteId: note.id, length: [...cleaned.text].length } },
      { clock },
    );
    return toDto(note);
  });
}

/** The notes on a subject (its stored id: canonical serial or batch id), oldest first. */
export function notesOf(db: Db, subject: NoteSubject, subjectId: string): NoteDto[] {
  return listNotes(db, subject, subjectId, NOTES_SHOWN).map(toDto);
}

/** A note as one line of an export cell: `2026-12-03T10:00Z alice@example.org: text`. */
export function noteLine(note: Pick<NoteLine, "createdAt" | "authorEmail" | "body">): string {
  return `${note.createdAt.slice(0, 16)}Z ${note.authorEmail}: ${note.body}`;
}

/** Separates the notes in an export cell; a note's own newlines stay inside the (quoted) cell. */
export const NOTE_SEPARATOR = " | ";

/**
 * The notes of many subjects, each subject's joined into one export cell, in one query for
 * the lot: an export asks once per page of rows, never once per row.
 */
export function noteCells(db: Db, subject: NoteSubject, subjectIds: readonly string[]): Map<string, string> {
  const cells = new Map<string, string>();
  for (const note of notesOfSubjects(db, subject, subjectIds)) {
    const line = noteLine(note);
    const before = cells.get(note.subjectId);
    cells.set(note.subjectId, before === undefined ? line : `${before}${NOTE_SEPARATOR}${line}`);
  }
  return cells;
}

/**
 * noteCells for an export's pages: with no note on any subject of this type (asked once, when
 * the export starts) every page gets an empty map without a query.
 */
export function noteCellsReader(db: Db, subject: NoteSubject): (subjectIds: readonly string[]) => Map<string, string> {
  if (!anyNotesOn(db, subject)) return () => new Map();
  return (subjectIds) => noteCells(db, subject, subjectIds);
}
