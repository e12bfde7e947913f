"use client";
// useActionState for actions made with defineAction, typed once here: the state is the
// last ActionResult, or null before the first submit.
import { useActionState } from "react";
import type { ActionResult, ServerAction } from "@/lib/actions/define-action";

export function useFormAction<T>(action: ServerAction<T>) {
  return useActionState<ActionResult<T> | null, FormData>(action, null);
}

/** The field errors of a failed result, for one field. */
export function fieldErrors<T>(state: ActionResult<T> | null, field: string): string[] | undefined {
  return state && !state.ok ? state.fieldErrors?.[field] : undefined;
}

/** The submitted text of a failed result, for refilling a field (never a password). */
export function submittedValue<T>(state: ActionResult<T> | null, field: string): string | undefined {
  return state && !state.ok ? state.values?.[field] : undefined;
}
