"use client";
// Whether a single sign-on's own multi-factor claim counts as the portal's second factor
// (docs/security.md S16). Off by default: the portal sees only what the provider claims.
import { saveIdpTrustAction } from "@/app/(portal)/admin/settings/actions";
import { useKeptChoice } from "@/app/(portal)/admin/settings/_components/kept-choice";
import { useFormAction } from "@/app/_components/use-form-action";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";

export function IdpTrustForm({ trusted, singleSignOn }: { trusted: boolean; singleSignOn: boolean }) {
  const [state, formAction] = useFormAction(saveIdpTrustAction);
  const [ticked, submit] = useKeptChoice(state, trusted, (formData) => formData.get("trust") === "true", formAction);
  return (
    <section aria-labelledby="sso-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="sso-heading" className="text-lg font-semibold text-slate-900">
        Single sign-on
      </h2>
      {singleSignOn ? null : (
        <div className="mt-3 max-w-3xl">
          <Notice tone="info" testId="sso-not-configured">
            Single sign-on is not configured on this portal (OIDC_ISSUER is not set): this setting takes effect only once it is.
          </Notice>
        </div>
      )}
      <form action={submit} className="mt-4 flex max-w-3xl flex-col gap-4">
        <div className="flex items-start gap-3">
          <input
            type="checkbox"
            id="trust-amr"
            name="trust"
            value="true"
            defaultChecked={ticked}
            aria-describedby="trust-amr-hint"
            className="row-box mt-0.5 shrink-0"
          />
          <div className="min-w-0">
            <label htmlFor="trust-amr" className="text-sm font-medium text-slate-900">
              Trust the identity provider&apos;s multi-factor claim (amr)
            </label>
            <p id="trust-amr-hint" className="text-xs text-slate-600">
              A single sign-on whose ID token says the person gave more than one factor then counts as the portal&apos;s second factor; the
              portal cannot see how the provider checked them.
            </p>
          </div>
        </div>
        {state ? (
          state.ok ? (
            <Notice tone={state.data.changed ? "success" : "info"} testId="trust-result">
              {state.data.changed
                ? state.data.trusted
                  ? "Saved. The identity provider's multi-factor claim now counts as a second factor."
                  : "Saved. The identity provider's multi-factor claim no longer counts: the portal asks for its own second factor."
                : "Nothing changed."}
            </Notice>
          ) : (
            <Notice tone="error" testId="trust-result">
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
