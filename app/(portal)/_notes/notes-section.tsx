// The notes on a certificate or a batch, oldest first (text, author, time), and for roles with
// notes.write the form to add one. Every note is React text: nothing a person wrote becomes
// markup, and its line breaks are kept by CSS alone.
import { formatTime } from "@/app/_components/format";
import type { NoteSubject } from "@/db/types";
import { NOTE_MAX, type NoteDto } from "@/lib/notes/notes";
import { NoteForm } from "./note-form";

export function NotesSection({ subject, subjectId, notes, canWrite }: { subject: NoteSubject; subjectId: string; notes: readonly NoteDto[]; canWrite: boolean }) {
  return (
    <section aria-labelledby="notes-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="notes">
      <div>
        <h2 id="notes-heading" className="text-base font-semibold text-slate-900">
          Notes ({notes.length})
        </h2>
        <p className="text-sm text-slate-600">
          What staff learnt about this {subject}, oldest first. A note cannot be changed or deleted; to correct one, add another.
        </p>
      </div>
      {notes.length > 0 ? (
        <ol className="flex flex-col gap-3">
          {notes.map((note) => (
            <li key={note.id} className="rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="note">
              <p className="mb-1 flex flex-wrap gap-x-2 text-xs text-slate-600">
                <span className="font-medium break-all text-slate-800" data-testid="note-author">
                  {note.authorEmail}
                </span>
                <time dateTime={note.createdAt} className="tabular-nums" data-testid="note-time">
                  {formatTime(note.createdAt)}
                </time>
              </p>
              <p className="text-sm wrap-anywhere whitespace-pre-wrap text-slate-900" data-testid="note-body">
                {note.body}
              </p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-700">No notes yet.</p>
      )}
      {canWrite ? <NoteForm subject={subject} subjectId={subjectId} max={NOTE_MAX} /> : null}
    </section>
  );
}
