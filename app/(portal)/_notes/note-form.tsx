"use client";
// The form under the notes: one text area, saved by addNoteAction; the server decides (role,
// length, characters) and the page re-renders with the new note at the end of the list. React
// empties the form after the action; a refused text comes back to be fixed.
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { TextAreaField } from "@/app/_components/ui/field";
import { fieldErrors, submittedValue, useFormAction } from "@/app/_components/use-form-action";
import type { NoteSubject } from "@/db/types";
import { addNoteAction } from "./actions";

export function NoteForm({ subject, subjectId, max }: { subject: NoteSubject; subjectId: string; max: number }) {
  const [state, action] = useFormAction(addNoteAction);
  const bodyErrors = fieldErrors(state, "body");
  return (
    <form action={action} className="flex flex-col gap-2" aria-label="Add a note">
      <input type="hidden" name="subject" value={subject} />
      <input type="hidden" name="id" value={subjectId} />
      <TextAreaField
        id="note-body"
        name="body"
        label="Add a note"
        hint={`Up to ${max.toLocaleString("en-US")} characters. Everyone who can open this ${subject} reads it, and the audit log records who added it.`}
        rows={3}
        maxLength={max}
        required
        mono={false}
        errors={bodyErrors}
        defaultValue={submittedValue(state, "body")}
      />
      {state && !state.ok && !bodyErrors ? <Notice tone="error">{state.message}</Notice> : null}
      {state?.ok ? (
        <p role="status" className="text-sm text-green-800">
          Note added.
        </p>
      ) : null}
      <div>
        <SubmitButton size="sm" pendingLabel="Saving…">
          Add note
        </SubmitButton>
      </div>
    </form>
  );
}
