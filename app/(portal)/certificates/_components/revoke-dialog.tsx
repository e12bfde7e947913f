"use client";
// Revoke one certificate (operator, admin; the action checks again). The dialog shows the
// impact first, asks for a reason and for the common name typed out, warns when the
// certificate has expired, and then shows the result in place. The server re-checks the
// confirmation and refuses an already revoked certificate. Each opening is a fresh attempt.
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { fieldErrors, useFormAction } from "@/app/_components/use-form-action";
import { revokeCertificateAction } from "../actions";
import { OUTCOME_STYLES } from "../_lib/display";
import { ImpactPreview } from "./impact-preview";
import type { RevocationPreviewItem } from "@/lib/revocation/preview";
import { ReasonPicker } from "./reason-picker";
import { asksSecondPerson, FourEyesFields, type RevokePolicy } from "./four-eyes-fields";

function matches(typed: string, commonName: string): boolean {
  return typed.trim().toLowerCase() === commonName.trim().toLowerCase();
}

/** What the four-eyes policy asks of a single revocation (the server decides again). */
export type SingleRevokePolicy = RevokePolicy;

function RevokeForm({ item, close, policy, initialReason }: { item: RevocationPreviewItem; close: () => void; policy: SingleRevokePolicy; initialReason: string }) {
  const router = useRouter();
  const confirmId = useId();
  const [state, action, pending] = useFormAction(revokeCertificateAction);
  const [reason, setReason] = useState(initialReason);
  const [typed, setTyped] = useState("");
  const result = state?.ok ? state.data : null;

  useEffect(() => {
    // The detail page behind the dialog shows the new status once Sectigo has answered.
    if (result) router.refresh();
  }, [result, router]);

  if (result?.outcome === "requested") {
    return (
      <div data-testid="revoke-result" data-outcome="requested">
        <Notice tone="info" title="Waiting for a second person">
          <p>{result.message}</p>
        </Notice>
        <div className="mt-4 flex justify-end gap-2">
          <a href="/approvals" className="text-sm font-medium text-blue-700 underline-offset-2 hover:underline">
            Open Approvals
          </a>
          <Button variant="secondary" size="sm" onClick={close}>
            Close
          </Button>
        </div>
      </div>
    );
  }
  if (result) {
    return (
      <div data-testid="revoke-result" data-outcome={result.outcome}>
        <Notice tone={result.outcome === "revoked" ? "success" : result.outcome === "failed" ? "error" : "warning"} title={OUTCOME_STYLES[result.outcome].label}>
          <p className="[overflow-wrap:anywhere]">{result.message}</p>
          {result.warning ? <p className="mt-1">{result.warning}</p> : null}
        </Notice>
        <div className="mt-4 flex justify-end">
          <Button variant="secondary" size="sm" onClick={close}>
            Close
          </Button>
        </div>
      </div>
    );
  }
  const ready = reason !== "" && matches(typed, item.commonName) && !pending;
  const asks = asksSecondPerson(policy, reason);
  return (
    <form action={action} className="flex flex-col gap-4">
      <input type="hidden" name="serial" value={item.serial} />
      <ReasonPicker value={reason} onChange={setReason} errors={fieldErrors(state, "reasonCode")} />
      <TextField
        id={confirmId}
        name="confirmation"
        label="Type the common name to confirm"
        hint={
          <>
            Type <span className="break-all font-mono">{item.commonName}</span>; capitals do not matter.
          </>
        }
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        errors={fieldErrors(state, "confirmation")}
      />
      <FourEyesFields id={`${confirmId}-comment`} policy={policy} reason={reason} subject="it" errors={fieldErrors(state, "comment")} />
      {state && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" size="sm" onClick={close}>
          Cancel
        </Button>
        <SubmitButton variant="danger" size="sm" disabled={!ready} pendingLabel={asks ? "Requesting…" : "Revoking…"}>
          {asks ? "Request revocation" : "Revoke"}
        </SubmitButton>
      </div>
    </form>
  );
}

/**
 * `waiting`: a revocation request names it; no second one is offered (the dialog stays mounted to show a result).
 * `reason` preselects a reason code (the person can still change it) and `label` names the button,
 * e.g. for revoking a certificate a reissue has superseded.
 */
export function RevokeDialog({
  item,
  policy,
  waiting = false,
  reason = "",
  label = "Revoke certificate",
}: {
  item: RevocationPreviewItem;
  policy: SingleRevokePolicy;
  waiting?: boolean;
  reason?: string;
  label?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [attempt, setAttempt] = useState(0);
  const open = () => {
    setAttempt((n) => n + 1);
    ref.current?.showModal();
  };
  const close = () => ref.current?.close();
  return (
    <>
      {/* Once revoked there is nothing to offer; the dialog stays mounted to show its result. */}
      {item.alreadyRevoked || waiting ? null : (
        <Button variant="danger" size="sm" onClick={open}>
          {label}
        </Button>
      )}
      <dialog ref={ref} aria-labelledby={titleId} className="m-auto w-[min(34rem,calc(100vw-1.5rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40">
        <div className="flex max-h-[90vh] flex-col gap-4 overflow-y-auto p-5">
          <h2 id={titleId} className="break-all text-lg font-semibold text-slate-900">
            Revoke {item.commonName}?
          </h2>
          <p className="text-sm text-slate-700">
            Revocation is permanent: relying parties reject the certificate once the CRL lists it, and the VASP needs a new certificate to keep connecting.
            {policy.request ? " On this portal a second person approves it before anything is sent to Sectigo." : null}
          </p>
          <ImpactPreview item={item} />
          {item.expired ? (
            <Notice tone="warning" title="This certificate has already expired">
              Revoking it is allowed and puts it on the CRL, but relying parties already reject it for its date.
            </Notice>
          ) : null}
          <div aria-live="polite">{attempt > 0 ? <RevokeForm key={attempt} item={item} close={close} policy={policy} initialReason={reason} /> : null}</div>
        </div>
      </dialog>
    </>
  );
}
