"use client";
// useActionState for actions made with defineAction, typed once here: the state is the
// last ActionResult, or null before the first submit. An action that needs a fresh factor
// (STEP_UP_REQUIRED) asks for it through the step-up dialog and runs once more.
import { useActionState, useCallback } from "react";
import type { ActionResult, ServerAction } from "@/lib/actions/define-action";
import { useStepUp, withStepUp } from "@/app/_components/step-up";

export function useFormAction<T>(action: ServerAction<T>) {
  const requestStepUp = useStepUp();
  const run = useCallback(
    (prev: ActionResult<T> | null, formData: FormData) => withStepUp(requestStepUp, () => action(prev, formData)),
    [action, requestStepUp],
  );
  return useActionState<ActionResult<T> | null, FormData>(run, null);
}

/** The field errors of a failed result, for one field. */
export function fieldErrors<T>(state: ActionResult<T> | null, field: string): string[] | undefined {
  return state && !state.ok ? state.fieldErrors?.[field] : undefined;
}

/** The submitted text of a failed result, for refilling a field (never a password). */
export function submittedValue<T>(state: ActionResult<T> | null, field: string): string | undefined {
  return state && !state.ok ? state.values?.[field] : undefined;
}
