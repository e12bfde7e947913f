"use client";
// Re-authenticate: a new password login to Sectigo (admin only; the server checks it too).
// The result shows the new token times and the audit entry that records the login.
import Link from "next/link";
import { useFormAction } from "@/app/_components/use-form-action";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { reauthenticateAction } from "@/app/(portal)/connection/actions";

export function ReauthenticateForm({ canReadAudit }: { canReadAudit: boolean }) {
  const [state, action] = useFormAction(reauthenticateAction);
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-center gap-3">
        <SubmitButton variant="primary" size="sm" pendingLabel="Logging in to Sectigo…">
          Re-authenticate
        </SubmitButton>
        <p className="text-sm text-slate-600">Logs in to Sectigo again with the configured account, even if the tokens are still valid.</p>
      </form>
      <div aria-live="polite" className="empty:hidden">
        {state && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
        {state?.ok ? (
          <Notice tone="success" title="Sectigo accepted a new login." testId="reauth-result">
            <p>
              Credentials are {state.data.credentials.phrase}
              {state.data.credentials.untilUtc ? ` ${state.data.credentials.untilUtc} (${state.data.credentials.relative})` : ""}.
            </p>
            {state.data.auditSeq !== null ? (
              <p className="mt-1">
                Recorded in the audit log as{" "}
                {canReadAudit ? (
                  <Link href={`/audit/${state.data.auditSeq}`} prefetch={false} className="underline underline-offset-2">
                    entry #{state.data.auditSeq}
                  </Link>
                ) : (
                  `entry #${state.data.auditSeq}`
                )}
                .
              </p>
            ) : null}
          </Notice>
        ) : null}
      </div>
    </div>
  );
}
