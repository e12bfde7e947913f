"use client";
// When a revocation waits for a second person (docs/security.md S20): single, bulk, the
// emergency path for key compromise, and how long a request waits.
import { saveFourEyesAction } from "@/app/(portal)/admin/settings/actions";
import { useKeptChoice } from "@/app/(portal)/admin/settings/_components/kept-choice";
import { fieldErrors, useFormAction } from "@/app/_components/use-form-action";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import type { FourEyesPolicy } from "@/lib/revocation/four-eyes-policy";

const BOXES: readonly { name: "single" | "bulk" | "emergencyKeyCompromise"; label: string; hint: string }[] = [
  { name: "single", label: "A single revocation needs a second person", hint: "Revoking one certificate becomes a request another operator or administrator approves." },
  { name: "bulk", label: "A bulk revocation needs a second person", hint: "Revoking several certificates at once becomes one request for all of them." },
  {
    name: "emergencyKeyCompromise",
    label: "Allow key compromise to be revoked at once",
    hint: "Reason “key compromise” then skips the wait; the revocation is flagged on the dashboard until a second person acknowledges it.",
  },
];

export function FourEyesForm({ policy }: { policy: FourEyesPolicy }) {
  const [state, formAction] = useFormAction(saveFourEyesAction);
  const read = (formData: FormData): FourEyesPolicy => ({
    single: formData.get("single") === "true",
    bulk: formData.get("bulk") === "true",
    emergencyKeyCompromise: formData.get("emergencyKeyCompromise") === "true",
    requestHours: Number(formData.get("requestHours")) || policy.requestHours,
  });
  const [shown, submit] = useKeptChoice(state, policy, read, formAction);
  return (
    <section aria-labelledby="four-eyes-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="four-eyes-heading" className="text-lg font-semibold text-slate-900">
        Revocations: a second person
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-700">
        A revocation cannot be undone. With these on, it waits on the Approvals page until someone else — never the requester, never an account the
        requester created or re-enabled in the last 24 hours — approves it.
      </p>
      <form action={submit} className="mt-4 flex max-w-3xl flex-col gap-4">
        {BOXES.map((b) => (
          <div key={b.name} className="flex items-start gap-3">
            <input type="checkbox" id={`four-eyes-${b.name}`} name={b.name} value="true" defaultChecked={shown[b.name]} aria-describedby={`four-eyes-${b.name}-hint`} className="row-box mt-0.5 shrink-0" />
            <div className="min-w-0">
              <label htmlFor={`four-eyes-${b.name}`} className="text-sm font-medium text-slate-900">
                {b.label}
              </label>
              <p id={`four-eyes-${b.name}-hint`} className="text-xs text-slate-600">
                {b.hint}
              </p>
            </div>
          </div>
        ))}
        <div className="max-w-xs">
          <TextField
            id="four-eyes-hours"
            name="requestHours"
            type="number"
            label="A request expires after (hours)"
            min={1}
            max={168}
            defaultValue={String(shown.requestHours)}
            errors={fieldErrors(state, "requestHours")}
            required
          />
        </div>
        {state ? (
          state.ok ? (
            <Notice tone={state.data.changed ? "success" : "info"} testId="four-eyes-result">
              {state.data.changed ? "Saved. New revocations follow these rules; requests already waiting keep theirs." : "Nothing changed."}
            </Notice>
          ) : state.fieldErrors?.requestHours ? null : (
            <Notice tone="error" testId="four-eyes-result">
              {state.message}
            </Notice>
          )
        ) : null}
        <div>
          <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
        </div>
      </form>
    </section>
  );
}
