/**
 * The batches forms get two kinds of refusal: defineAction's own (zod field errors, as
 * `{ ok: false, fieldErrors }`) and the domain's (returned as data `{ kind: "invalid" }` so
 * that they keep their fields). These read either, so a field shows its errors whichever
 * layer found them.
 */
import type { ActionResult } from "@/lib/actions/define-action";

export interface InvalidData {
  kind: "invalid";
  message: string;
  fieldErrors: Record<string, string[]>;
}

type WithInvalid = { kind: string } | InvalidData;

function invalidOf<T extends WithInvalid>(state: ActionResult<T> | null): InvalidData | null {
  if (!state || !state.ok) return null;
  return state.data.kind === "invalid" ? (state.data as InvalidData) : null;
}

/** The errors for one field, from whichever layer refused. */
export function errorsFor<T extends WithInvalid>(state: ActionResult<T> | null, field: string): string[] | undefined {
  if (state && !state.ok) return state.fieldErrors?.[field];
  return invalidOf(state)?.fieldErrors[field];
}

/** The one sentence to show above the submit button, or null when all went well. */
export function formMessage<T extends WithInvalid>(state: ActionResult<T> | null, fieldsShown: readonly string[]): string | null {
  if (!state) return null;
  if (!state.ok) {
    if (state.code === "INVALID_INPUT") return errorSummary(state.message, state.fieldErrors ?? {}, fieldsShown);
    return state.message;
  }
  const invalid = invalidOf(state);
  return invalid ? errorSummary(invalid.message, invalid.fieldErrors, fieldsShown) : null;
}

/**
 * "Some fields need attention" when every error sits beside a visible field; otherwise
 * also the errors of fields the form does not show (e.g. "form"), so none is lost.
 */
function errorSummary(message: string, fieldErrors: Record<string, string[]>, fieldsShown: readonly string[]): string {
  const hidden = Object.entries(fieldErrors)
    .filter(([field]) => !fieldsShown.includes(field))
    .flatMap(([, messages]) => messages);
  if (hidden.length > 0) return hidden.join(" ");
  return Object.keys(fieldErrors).length > 0 ? "Some fields need attention; see the messages beside them." : message;
}
