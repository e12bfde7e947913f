"use server";
// Adding a note to a certificate or a batch (notes.write: admin, operator, support). The
// domain (lib/notes) checks the text and that the subject exists, and writes the note with its
// audit entry in one transaction. There is no action to change or delete a note: notes are
// append-only, and the database refuses both.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { NOTE_SUBJECTS } from "@/db/types";
import { defineAction } from "@/lib/actions/define-action";
import { addNote } from "@/lib/notes/notes";

export const addNoteAction = defineAction(
  {
    name: "addNoteAction",
    permission: "notes.write",
    input: z.object({
      subject: z.enum(NOTE_SUBJECTS, { error: "Notes go on a certificate or a batch." }),
      id: z.string().trim().min(1, "Say which certificate or batch.").max(200, "That is too long for a serial or batch id."),
      // The domain's limit (4,000 characters) gives the precise message; this only stops a flood.
      body: z.string({ error: "Write the note first: it is empty." }).max(64_000, "A note holds at most 4,000 characters."),
    }),
  },
  (input, { db, actor, user, ip }) => {
    const note = addNote(db, { ...actor, id: user.id, role: user.role }, input, ip);
    revalidatePath(input.subject === "certificate" ? `/certificates/${encodeURIComponent(input.id)}` : `/batches/${encodeURIComponent(input.id)}`);
    return note;
  },
);
