"use client";
// A revocation whose answer from Sectigo was lost: what happened, and (operator, admin; the
// action checks again) "Check with Sectigo", which asks Sectigo whether the certificate is
// revoked and settles the revocation either way. Rendered at a fixed place on the page even
// when nothing is unsettled, so its answer stays on screen after the page refreshes.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { useFormAction } from "@/app/_components/use-form-action";
import { checkRevocationAction } from "../actions";

export interface UnsettledRevocation {
  /** "2026-03-01 09:30 UTC" */
  requestedAt: string;
  requestedBy: string | null;
  reason: string;
  /** "Sectigo did not answer in time" */
  whatHappened: string;
}

export function CheckWithSectigo({ serial, unsettled, canCheck }: { serial: string; unsettled: UnsettledRevocation | null; canCheck: boolean }) {
  const router = useRouter();
  const [state, action] = useFormAction(checkRevocationAction);
  const result = state?.ok ? state.data : null;

  useEffect(() => {
    // The status above shows what the check settled.
    if (result) router.refresh();
  }, [result, router]);

  return (
    <div aria-live="polite" className="mt-4 space-y-3 empty:hidden">
      {unsettled ? (
        <Notice tone="warning" title="Revocation outcome unknown" testId="revocation-unknown">
          <p>
            A revocation ({unsettled.reason}) was sent to Sectigo on {unsettled.requestedAt}
            {unsettled.requestedBy ? <> by <span className="break-all">{unsettled.requestedBy}</span></> : null}, but {unsettled.whatHappened}, so
            whether the certificate is revoked is unknown.
          </p>
          {canCheck ? (
            <form action={action} className="mt-2 flex flex-col items-start gap-2">
              <input type="hidden" name="serial" value={serial} />
              <p>Check with Sectigo asks it whether the certificate is revoked and records the answer; nothing is revoked by the check itself.</p>
              <SubmitButton variant="secondary" size="sm" pendingLabel="Asking Sectigo…">
                Check with Sectigo
              </SubmitButton>
            </form>
          ) : (
            <p className="mt-1">An operator or administrator can settle it with Check with Sectigo.</p>
          )}
        </Notice>
      ) : null}
      {state && !state.ok ? (
        <Notice tone="error" title={state.code === "SECTIGO_FAILED" ? "Sectigo could not be asked; nothing changed" : undefined} testId="check-error">
          <p className="[overflow-wrap:anywhere]">{state.message}</p>
        </Notice>
      ) : null}
      {result ? (
        <div data-testid="check-result" data-outcome={result.outcome}>
          <Notice tone={result.outcome === "revoked" ? "success" : "info"} title={result.outcome === "revoked" ? "Sectigo revoked it" : result.outcome === "not-revoked" ? "Sectigo did not revoke it" : "Nothing to check"}>
            <p className="[overflow-wrap:anywhere]">{result.message}</p>
          </Notice>
        </div>
      ) : null}
    </div>
  );
}
