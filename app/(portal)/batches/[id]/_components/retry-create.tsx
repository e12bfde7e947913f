"use client";
// Retry of a create or upload that Sectigo refused or never received (the batch is failed
// and has no Sectigo id, so sending it again cannot make a duplicate). A single
// certificate gets a new PKCS#12 password, shown here once; the page is refreshed only
// when the person says they have stored it, so the password is not lost to a re-render.
import { useRouter } from "next/navigation";
import { startTransition, useEffect } from "react";
import { Button } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { useFormAction } from "@/app/_components/use-form-action";
import { retryBatchAction } from "@/app/(portal)/batches/actions";
import { isSubmitFailure } from "@/app/(portal)/batches/_components/submit-failure";
import { Pkcs12Password } from "@/app/(portal)/batches/new/_components/pkcs12-password";

export function RetryCreate({ batchId, kind, commonName }: { batchId: number; kind: "single" | "csr"; commonName: string }) {
  const router = useRouter();
  const [state, dispatch, pending] = useFormAction(retryBatchAction);
  const retried = state?.ok && state.data.kind === "retried" ? state.data : null;
  const failure = state?.ok && isSubmitFailure(state.data) ? state.data : null;
  const refused = state && !state.ok ? state.message : null;

  useEffect(() => {
    // Nothing to keep on screen: show the batch's new state at once.
    if ((retried && retried.pkcs12Password === null) || failure) router.refresh();
  }, [retried, failure, router]);

  function retry() {
    const data = new FormData();
    data.set("batchId", String(batchId));
    startTransition(() => dispatch(data));
  }

  if (retried?.pkcs12Password) {
    return (
      <section aria-labelledby="retry-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6" data-testid="retry-result">
        <h2 id="retry-heading" className="text-lg font-semibold text-slate-900">
          Sent to Sectigo again
        </h2>
        <Notice tone="success">Sectigo accepted the request. The certificate has a new PKCS#12 password; the one of the failed attempt is void.</Notice>
        <Pkcs12Password commonName={commonName} password={retried.pkcs12Password} />
        <div>
          <Button onClick={() => router.refresh()}>I have stored it: show the batch&apos;s progress</Button>
        </div>
      </section>
    );
  }

  return (
    <section aria-labelledby="retry-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6" data-testid="retry-create">
      <h2 id="retry-heading" className="text-lg font-semibold text-slate-900">
        Send it again
      </h2>
      <p className="text-sm text-slate-700">
        Sectigo refused this {kind === "single" ? "request" : "upload"}, or it never reached Sectigo, so no batch exists there and sending it again
        cannot make a duplicate. Retry sends the same {kind === "single" ? "names, subject and authority" : "CSRs under the same profile"} once more
        {kind === "single" ? ", with a new PKCS#12 password shown once" : ""}. If the cause above is still there (no balance, a refused field), fix
        that first.
      </p>
      {refused && !pending ? <Notice tone="error">{refused}</Notice> : null}
      {failure && !pending ? (
        <Notice tone="error">
          The retry did not go through either: {failure.message}
        </Notice>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={retry} disabled={pending}>
          {pending ? "Sending to Sectigo…" : "Retry"}
        </Button>
        <span role="status" className="text-sm text-slate-600">
          {pending ? "Sending the request to Sectigo; this takes a few seconds." : ""}
        </span>
      </div>
    </section>
  );
}
