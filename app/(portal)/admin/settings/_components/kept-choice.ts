"use client";
// React resets a form once its action has run, back to each box's defaultChecked. After a
// save, that is the saved value (the page is revalidated); after a refusal it would undo the
// person's choice beside the message about it, so the boxes then start from what was sent.
import { useState } from "react";
import type { ActionResult } from "@/lib/actions/define-action";

export function useKeptChoice<C, T>(
  state: ActionResult<T> | null,
  saved: C,
  read: (formData: FormData) => C,
  formAction: (formData: FormData) => void,
): [C, (formData: FormData) => void] {
  const [sent, setSent] = useState<C | null>(null);
  const submit = (formData: FormData) => {
    setSent(read(formData));
    formAction(formData);
  };
  return [state && !state.ok && sent !== null ? sent : saved, submit];
}
