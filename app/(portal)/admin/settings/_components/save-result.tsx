"use client";
// The end of every Settings form: what the last save did (saved, nothing changed, or why it
// was refused) and the Save button.
import type { ReactNode } from "react";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/define-action";

export function SaveResult<T extends { changed: boolean }>({
  state,
  testId,
  saved,
  unchanged = "Nothing changed.",
  hideError = false,
}: {
  state: ActionResult<T> | null;
  testId: string;
  /** what a change did, in words */
  saved: (data: T) => ReactNode;
  unchanged?: ReactNode;
  /** the refusal is shown beside a field instead */
  hideError?: boolean;
}) {
  return (
    <>
      {state ? (
        state.ok ? (
          <Notice tone={state.data.changed ? "success" : "info"} testId={testId}>
            {state.data.changed ? saved(state.data) : unchanged}
          </Notice>
        ) : hideError ? null : (
          <Notice tone="error" testId={testId}>
            {state.message}
          </Notice>
        )
      ) : null}
      <div>
        <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
      </div>
    </>
  );
}
