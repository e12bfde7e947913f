"use client";
// "Check CRL": the portal fetches the CRL named in the certificate's distribution point,
// checks its signature against the issuing CA, and says whether this serial is on it —
// what a relying party would conclude. Errors (no CDP, CRL unreachable) are one sentence.
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { useFormAction } from "@/app/_components/use-form-action";
import { checkCrlAction } from "../actions";
import { formatUtcMinute, reasonText } from "../_lib/display";

export function CheckCrl({ serial }: { serial: string }) {
  const [state, action] = useFormAction(checkCrlAction);
  const result = state?.ok ? state.data : null;
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="serial" value={serial} />
        <SubmitButton variant="secondary" size="sm" pendingLabel="Fetching the CRL…">
          Check CRL
        </SubmitButton>
        <p className="text-sm text-slate-600">Fetches the issuing CA&apos;s published CRL and looks for this serial.</p>
      </form>
      <div aria-live="polite" className="empty:hidden">
        {state && !state.ok ? (
          <Notice tone="error" title="The CRL could not be checked" testId="crl-result">
            {state.message}
          </Notice>
        ) : null}
        {result ? (
          <Notice
            tone={!result.signatureValid ? "error" : result.onCrl ? "warning" : "success"}
            title={
              result.onCrl
                ? `On the CRL: revoked (${reasonText(result.reasonCode, result.reasonLabel)}, at ${formatUtcMinute(result.revokedAt)})`
                : `Not on the CRL (CRL of ${formatUtcMinute(result.thisUpdate)}, signature ${result.signatureValid ? "valid" : "NOT valid"})`
            }
            testId="crl-result"
          >
            <p>
              {result.onCrl ? `CRL of ${formatUtcMinute(result.thisUpdate)}, signature ${result.signatureValid ? "valid" : "NOT valid"}. ` : ""}
              {result.nextUpdate ? `Next CRL due ${formatUtcMinute(result.nextUpdate)}. ` : ""}
              Checked {formatUtcMinute(result.checkedAt)}.
            </p>
            <p className="mt-1 break-all text-xs">
              From <span className="font-mono">{result.crlUrl}</span>
            </p>
            {!result.signatureValid ? (
              <p className="mt-1 font-medium">
                {result.issuerFound
                  ? "The CRL's signature does not verify against the issuing CA: do not rely on this answer."
                  : "The issuing CA certificate is not in the stored chain, so the CRL's signature could not be checked: do not rely on this answer."}
              </p>
            ) : null}
          </Notice>
        ) : null}
      </div>
    </div>
  );
}
