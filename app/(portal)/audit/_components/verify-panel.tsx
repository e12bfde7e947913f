"use client";
// "Verify chain": recomputes every entry's hash on the server and shows the result. The
// head hash is what an auditor writes down outside the portal to compare with next time.
import Link from "next/link";
import { useFormAction } from "@/app/_components/use-form-action";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { verifyAuditChainAction } from "@/app/(portal)/audit/actions";
import { formatUtc } from "@/app/(portal)/audit/_lib/format";

export function VerifyPanel() {
  const [state, action] = useFormAction(verifyAuditChainAction);
  const result = state?.ok ? state.data : null;
  return (
    <section aria-labelledby="verify-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <h2 id="verify-heading" className="text-base font-semibold text-slate-900">
            Chain verification
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Recomputes the SHA-256 chain over every entry and names the first one that was changed, deleted, inserted,
            reordered or cut off. The check itself is recorded.
          </p>
        </div>
        <form action={action}>
          <SubmitButton variant="secondary" size="sm" pendingLabel="Verifying…">
            Verify chain
          </SubmitButton>
        </form>
      </div>
      <div className="mt-3 empty:hidden" aria-live="polite">
        {state && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
        {result?.ok ? (
          <Notice tone="success" title={`The chain is intact: ${result.count.toLocaleString("en")} entries verified.`} testId="verify-result">
            <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
              <dt className="font-medium">Head entry</dt>
              <dd>
                <Link href={`/audit/${result.headSeq}`} prefetch={false} className="underline underline-offset-2">
                  #{result.headSeq}
                </Link>
              </dd>
              <dt className="font-medium">Head hash</dt>
              <dd className="break-all font-mono text-xs" data-testid="head-hash">
                {result.headHash}
              </dd>
              <dt className="font-medium">Signed checkpoints</dt>
              <dd data-testid="signed-checkpoints-checked">
                {result.signed.stored.toLocaleString("en")} match the chain; {result.signed.verified.toLocaleString("en")} carry
                a valid signature of the current key
              </dd>
              <dt className="font-medium">Checked at</dt>
              <dd>{formatUtc(result.checkedAt)}</dd>
            </dl>
            <p className="mt-2 text-xs">
              Keep the head hash, or a signed checkpoint below, outside the portal: if it ever stops matching, the log was
              rewritten.
            </p>
          </Notice>
        ) : null}
        {result && !result.ok ? (
          <Notice tone="error" title={`The chain is broken at entry #${result.firstBadSeq}: ${result.problemLabel}.`} testId="verify-result">
            <p>{result.message}</p>
            <p className="mt-2">
              {result.checked.toLocaleString("en")} entries before it verified.{" "}
              <Link href={`/audit/${result.firstBadSeq}`} prefetch={false} className="underline underline-offset-2">
                Open entry #{result.firstBadSeq}
              </Link>
              . Checked at {formatUtc(result.checkedAt)}.
            </p>
          </Notice>
        ) : null}
        {result && !result.recorded ? (
          <Notice tone="warning">This check could not be recorded in the audit log. Tell an administrator.</Notice>
        ) : null}
      </div>
    </section>
  );
}
