/**
 * Notes on certificates and batches (append-only: the table's triggers refuse UPDATE and
 * DELETE). Every read goes through notes_subject_idx (subject type, subject id, created_at).
 */
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { notes, type Note } from "@/db/schema";
import type { NoteSubject } from "@/db/enums";

export type NewNoteInput = Omit<Note, "id">;

export function insertNote(tx: Tx, input: NewNoteInput): Note {
  return tx.insert(notes).values(input).returning().get();
}

// Read on every view of a certificate or batch: prepared once per connection (db/prepared.ts).
const ofSubject = preparedPerConnection((db) =>
  db
    .select()
    .from(notes)
    .where(and(eq(notes.subjectType, sql.placeholder("subjectType")), eq(notes.subjectId, sql.placeholder("subjectId"))))
    .orderBy(asc(notes.createdAt), asc(notes.id))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** The notes on one subject, oldest first (ties in time by id, the order they were written). */
export function listNotes(db: Db | Tx, subjectType: NoteSubject, subjectId: string, limit: number): Note[] {
  return ofSubject(db).all({ subjectType, subjectId, limit });
}

export type NoteLine = Pick<Note, "subjectId" | "body" | "authorEmail" | "createdAt">;

const ofSubjects = preparedPerConnection((db) =>
  db
    .select({ subjectId: notes.subjectId, body: notes.body, authorEmail: notes.authorEmail, createdAt: notes.createdAt })
    .from(notes)
    .where(and(eq(notes.subjectType, sql.placeholder("subjectType")), sql`${notes.subjectId} IN (SELECT value FROM json_each(${sql.placeholder("ids")}))`))
    .orderBy(asc(notes.createdAt), asc(notes.id))
    .prepare(),
);

/**
 * The notes on many subjects of one type in one query (one index probe per id), oldest first:
 * what an export needs for a page of rows, instead of a query per row. The ids go in as one
 * JSON array, so the statement is prepared once per connection rather than built per page.
 */
export function notesOfSubjects(db: Db, subjectType: NoteSubject, subjectIds: readonly string[]): NoteLine[] {
  if (subjectIds.length === 0) return [];
  return ofSubjects(db).all({ subjectType, ids: JSON.stringify(subjectIds) });
}

/** Whether any subject of this type has a note (an export of an inventory without notes skips them all). */
export function anyNotesOn(db: Db, subjectType: NoteSubject): boolean {
  return db.select({ one: sql<number>`1` }).from(notes).where(eq(notes.subjectType, subjectType)).limit(1).get() !== undefined;
}
