"use client";
// The way out of a create or upload whose outcome is unknown: what happened, why the portal
// cannot know, and the two answers a person can give after looking at Sectigo. Each answer
// is a separate form with its own action (batches.create, checked again on the server);
// a refusal (mismatch, someone was first) is shown as it came and changes nothing.
import { useRouter } from "next/navigation";
import { startTransition, useEffect, type FormEvent } from "react";
import { Button } from "@/app/_components/ui/button";
import { TextAreaField, TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { useFormAction } from "@/app/_components/use-form-action";
import { closeUnknownBatchAction, linkUnknownBatchAction } from "@/app/(portal)/batches/actions";
import { Pkcs12Password } from "@/app/(portal)/batches/new/_components/pkcs12-password";
import { errorsFor, formMessage } from "@/app/(portal)/batches/_lib/form-state";

export interface SettleUnknownProps {
  batchId: number;
  batchName: string;
  kind: "single" | "csr";
  profile: string;
  createdAt: string;
  canSettle: boolean;
  minReason: number;
}

export function SettleUnknown({ batchId, batchName, kind, profile, createdAt, canSettle, minReason }: SettleUnknownProps) {
  const what = kind === "single" ? "certificate request" : "CSR upload";
  return (
    <section aria-labelledby="settle-heading" className="flex flex-col gap-4 rounded-lg border border-amber-300 bg-amber-50/40 p-4 shadow-sm sm:p-6" data-testid="settle-unknown">
      <h2 id="settle-heading" className="text-lg font-semibold text-slate-900">
        Did Sectigo create this batch?
      </h2>
      <div className="flex flex-col gap-2 text-sm text-slate-800">
        <p>
          <strong>What happened:</strong> the portal sent this {what} to Sectigo, but no answer it could read came back — Sectigo did not answer in
          time, the connection broke, or the reply was garbled.
        </p>
        <p>
          <strong>Why the portal cannot tell:</strong> Sectigo may have created the batch before the answer was lost, and its API cannot be searched by
          batch name, so only a person looking at Sectigo can say. Sending it again now could issue the certificates twice.
        </p>
        <p>
          <strong>What to do:</strong> in Sectigo, look for a batch named <span className="font-mono break-all">“{batchName}”</span> under profile{" "}
          {profile}, created around {createdAt}. Then give the answer below.
        </p>
      </div>
      {canSettle ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <LinkForm batchId={batchId} />
          <CloseForm batchId={batchId} kind={kind} minReason={minReason} />
        </div>
      ) : (
        <Notice tone="info">An operator or an administrator can settle it; your role can only read it.</Notice>
      )}
    </section>
  );
}

function useRefreshOnSuccess(ok: boolean) {
  const router = useRouter();
  useEffect(() => {
    if (ok) router.refresh();
  }, [ok, router]);
}

function dispatchForm(dispatch: (data: FormData) => void) {
  return (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => dispatch(data));
  };
}

function LinkForm({ batchId }: { batchId: number }) {
  const router = useRouter();
  const [state, dispatch, pending] = useFormAction(linkUnknownBatchAction);
  const linked = state?.ok && state.data.kind === "linked" ? state.data : null;
  // A single certificate's password stays on screen until the person says it is stored.
  useRefreshOnSuccess(Boolean(linked) && !linked?.pkcs12Password);
  const message = formMessage(state, ["sectigoBatchId"]);
  if (linked?.pkcs12Password) {
    return (
      <section aria-labelledby="linked-heading" className="flex flex-col gap-3 rounded-md border border-slate-200 bg-white p-4 lg:col-span-2" data-testid="linked-result">
        <h3 id="linked-heading" className="font-semibold text-slate-900">
          Linked to Sectigo batch {linked.sectigoBatchId}
        </h3>
        <p className="text-sm text-slate-700">
          The failed request never showed the certificate&apos;s PKCS#12 password. Here it is, once: without it the .p12 in the batch ZIP cannot be
          opened.
        </p>
        <Pkcs12Password commonName={linked.commonName} password={linked.pkcs12Password} />
        <div>
          <Button onClick={() => router.refresh()}>I have stored it: show the batch&apos;s progress</Button>
        </div>
      </section>
    );
  }
  return (
    <form onSubmit={dispatchForm(dispatch)} aria-label="Sectigo created it" className="flex flex-col gap-3 rounded-md border border-slate-200 bg-white p-4">
      <h3 className="font-semibold text-slate-900">Sectigo created it</h3>
      <p className="text-sm text-slate-700">
        The portal reads that batch from Sectigo and links it here only if its name and profile are this batch&apos;s and no other batch in the portal
        has it. The batch then goes on by itself: checked, downloaded, its certificates listed.
      </p>
      <input type="hidden" name="batchId" value={batchId} />
      <TextField
        id="sectigo-batch-id"
        name="sectigoBatchId"
        label="Sectigo batch id"
        required
        inputMode="numeric"
        pattern="[0-9]+"
        autoComplete="off"
        placeholder="10042"
        title="Sectigo's batch id, a whole number"
        wrapperClassName="sm:max-w-xs"
        errors={errorsFor(state, "sectigoBatchId")}
      />
      {message && !pending ? <Notice tone="error">{message}</Notice> : null}
      {linked ? <Notice tone="success">Linked to Sectigo batch {linked.sectigoBatchId}. The page updates by itself.</Notice> : null}
      <div>
        <Button type="submit" disabled={pending || Boolean(linked)}>
          {pending ? "Checking with Sectigo…" : "Link this Sectigo batch"}
        </Button>
      </div>
    </form>
  );
}

function CloseForm({ batchId, kind, minReason }: { batchId: number; kind: "single" | "csr"; minReason: number }) {
  const [state, dispatch, pending] = useFormAction(closeUnknownBatchAction);
  const closed = state?.ok && state.data.kind === "closed";
  useRefreshOnSuccess(Boolean(closed));
  const message = formMessage(state, ["reason"]);
  return (
    <form onSubmit={dispatchForm(dispatch)} aria-label="Sectigo did not create it" className="flex flex-col gap-3 rounded-md border border-slate-200 bg-white p-4">
      <h3 className="font-semibold text-slate-900">Sectigo did not create it</h3>
      <p className="text-sm text-slate-700">
        The batch is closed for good with your reason and your name; nothing is sent to Sectigo, and it cannot be retried.{" "}
        {kind === "single" ? "To get the certificate, request a new one." : "To get the certificates, upload the CSRs again."}
      </p>
      <input type="hidden" name="batchId" value={batchId} />
      <TextAreaField
        id="close-reason"
        name="reason"
        label="How do you know?"
        required
        minLength={minReason}
        maxLength={500}
        rows={3}
        placeholder="No batch of this name in Sectigo's batch list on 3 May"
        hint={`At least ${minReason} characters; kept in the audit log.`}
        errors={errorsFor(state, "reason")}
      />
      {message && !pending ? <Notice tone="error">{message}</Notice> : null}
      <div>
        <Button type="submit" variant="danger" disabled={pending || Boolean(closed)}>
          {pending ? "Closing…" : "Close this batch"}
        </Button>
      </div>
    </form>
  );
}
