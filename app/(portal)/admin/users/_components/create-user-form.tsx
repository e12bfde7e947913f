"use client";
// New staff account. The initial password may be typed or left blank to have a strong one
// generated and shown once. The form is refilled after an error — except the password.
import { createUserAction } from "@/app/(portal)/admin/users/actions";
import { ROLE_HELP, ROLE_OPTIONS } from "@/app/(portal)/admin/users/_components/role-options";
import { fieldErrors, submittedValue, useFormAction } from "@/app/_components/use-form-action";
import { SelectField, TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { OneTimeSecret } from "@/app/_components/ui/one-time-secret";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { ROLE_LABELS } from "@/lib/auth/rbac";

export function CreateUserForm() {
  const [state, formAction] = useFormAction(createUserAction);
  const failed = state && !state.ok ? state : null;
  return (
    <section aria-labelledby="create-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="create-heading" className="text-lg font-semibold text-slate-900">
        Add a staff account
      </h2>
      <form action={formAction} className="mt-4 flex flex-col gap-4" key={state?.ok ? `done-${state.data.email}` : "form"}>
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            id="new-email"
            name="email"
            type="email"
            label="E-mail address"
            autoComplete="off"
            required
            defaultValue={submittedValue(state, "email")}
            errors={fieldErrors(state, "email")}
          />
          <TextField
            id="new-name"
            name="name"
            label="Name"
            autoComplete="off"
            required
            defaultValue={submittedValue(state, "name")}
            errors={fieldErrors(state, "name")}
          />
          <SelectField
            id="new-role"
            name="role"
            label="Role"
            options={ROLE_OPTIONS}
            defaultValue={submittedValue(state, "role") ?? "support"}
            errors={fieldErrors(state, "role")}
            hint="What each role may do is listed below."
          />
          <TextField
            id="new-password"
            name="password"
            type="password"
            label="Initial password (optional)"
            autoComplete="new-password"
            hint="At least 12 characters, not the e-mail address. Leave blank to generate a strong one, shown once."
            errors={fieldErrors(state, "password")}
          />
        </div>
        <details className="text-sm text-slate-700">
          <summary className="cursor-pointer font-medium text-slate-800">What each role may do</summary>
          <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
            {ROLE_HELP.map((r) => (
              <div key={r.role} className="contents">
                <dt className="font-medium">{r.label}</dt>
                <dd className="mb-1 text-slate-600 sm:mb-0">{r.description}</dd>
              </div>
            ))}
          </dl>
        </details>
        {failed && failed.code !== "INVALID_INPUT" ? <Notice tone="error">{failed.message}</Notice> : null}
        {failed && failed.code === "INVALID_INPUT" ? <Notice tone="error">Some fields need attention; see the messages above.</Notice> : null}
        <div>
          <SubmitButton pendingLabel="Creating…">Create account</SubmitButton>
        </div>
      </form>
      {state?.ok ? (
        <div className="mt-4 flex flex-col gap-3">
          <Notice tone="success">
            Account created for <span className="font-medium">{state.data.email}</span> ({ROLE_LABELS[state.data.role]}).
            {state.data.generatedPassword ? "" : " They can sign in with the password you typed."}
          </Notice>
          {state.data.generatedPassword ? (
            <OneTimeSecret label={`Initial password for ${state.data.email}`} value={state.data.generatedPassword} testId="generated-password" />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
