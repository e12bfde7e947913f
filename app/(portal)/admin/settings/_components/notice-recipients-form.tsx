"use client";
// Who receives the expiry digest by e-mail: one address per line. Sending needs the mail
// server too (SMTP_URL and NOTIFY_FROM); the form says when it is missing.
import { saveNoticeRecipientsAction } from "@/app/(portal)/admin/settings/actions";
import { SaveResult } from "@/app/(portal)/admin/settings/_components/save-result";
import { fieldErrors, submittedValue, useFormAction } from "@/app/_components/use-form-action";
import { TextAreaField } from "@/app/_components/ui/field";

export function NoticeRecipientsForm({ recipients, mailServer }: { recipients: string[]; mailServer: string | null }) {
  const [state, formAction] = useFormAction(saveNoticeRecipientsAction);
  const errors = fieldErrors(state, "recipients");
  return (
    <section aria-labelledby="notice-recipients-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="notice-recipients-heading" className="text-lg font-semibold text-slate-900">
        Expiry notices: who gets the e-mail
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-700">
        Every day the portal sends one digest to each address below listing the certificates that came within 30, 14, 7 or 1 days of expiry without a
        replacement. {mailServer ? `Mail goes through ${mailServer}.` : "No mail server is configured (SMTP_URL and NOTIFY_FROM), so nothing is sent by e-mail until one is; the notices appear on the E-mail log page."}
      </p>
      <form action={formAction} className="mt-4 flex max-w-3xl flex-col gap-4">
        <TextAreaField
          // A new key after each save refills the box with what was saved; after a refusal it keeps what was typed.
          key={state?.ok ? state.data.recipients.join(",") : "typed"}
          id="notice-recipients"
          name="recipients"
          label="Recipients"
          hint="E-mail addresses, one per line (commas work too). Leave empty to send no e-mail."
          rows={4}
          defaultValue={submittedValue(state, "recipients") ?? recipients.join("\n")}
          errors={errors}
          spellCheck={false}
          autoCapitalize="off"
        />
        <SaveResult
          state={state}
          testId="notice-recipients-result"
          saved={(d) => (d.recipients.length === 0 ? "Saved: nobody receives the digest by e-mail." : `Saved: ${d.recipients.length} ${d.recipients.length === 1 ? "address receives" : "addresses receive"} the digest.`)}
          hideError={Boolean(errors)}
        />
      </form>
    </section>
  );
}
