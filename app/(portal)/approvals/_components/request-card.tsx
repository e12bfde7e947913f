"use client";
// One revocation request as the second person sees it: what would be revoked (the impact the
// requester saw), why, by whom, until when; and, for someone else than the requester, approve
// (typing the common name or the count, as for a direct revoke) or reject. The requester may
// withdraw it. The server decides each time; hiding a button is only a courtesy. A decision
// opens the page again naming the request, which then says what became of it.
import { useId } from "react";
import { acknowledgeEmergencyAction, approveRequestAction, rejectRequestAction, withdrawRequestAction } from "@/app/(portal)/approvals/actions";
import { formatTime } from "@/app/_components/format";
import { fieldErrors, useFormAction } from "@/app/_components/use-form-action";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import type { RevocationRequestView } from "@/lib/revocation/requests";
import { revocationReason } from "@/lib/sectigo/reasons";

function reasonOf(code: number): string {
  const label = revocationReason(code)?.label;
  return label ? `${label} (code ${code})` : `code ${code}`;
}

function Impact({ request }: { request: RevocationRequestView }) {
  return (
    <Table caption={`Certificates in request #${request.id}`}>
      <THead>
        <Tr>
          <Th>Common name</Th>
          <Th>Serial</Th>
          <Th>Not after</Th>
        </Tr>
      </THead>
      <TBody>
        {request.impact.items.map((item) => (
          <Tr key={item.serial}>
            <Td label="Common name">
              <a href={`/certificates/${encodeURIComponent(item.serial)}`} className="break-all font-medium text-blue-700 underline-offset-2 hover:underline">
                {item.commonName}
              </a>
            </Td>
            <Td label="Serial">
              <span className="break-all font-mono text-xs">{item.serial}</span>
            </Td>
            <Td label="Not after">
              {formatTime(item.notAfter)}
              {item.expired ? " (expired)" : ""}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

function Facts({ request }: { request: RevocationRequestView }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
      <dt className="text-slate-600">Reason</dt>
      <dd className="text-slate-900">{reasonOf(request.reasonCode)}</dd>
      <dt className="text-slate-600">Requested by</dt>
      <dd className="break-all text-slate-900">
        {request.requesterEmail}, {formatTime(request.requestedAt)}
      </dd>
      {request.state === "pending" ? (
        <>
          <dt className="text-slate-600">Expires</dt>
          <dd className="text-slate-900">{formatTime(request.expiresAt)}</dd>
        </>
      ) : null}
      <dt className="text-slate-600">Note</dt>
      <dd className="whitespace-pre-wrap break-words text-slate-900">{request.comment || "—"}</dd>
    </dl>
  );
}

function ApproveForm({ request }: { request: RevocationRequestView }) {
  const id = useId();
  const [state, action] = useFormAction(approveRequestAction);
  const single = request.serials.length === 1;
  const cn = request.impact.items[0]?.commonName ?? "";
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="requestId" value={request.id} />
      <TextField
        id={id}
        name="confirmation"
        label={single ? "Type the common name to approve" : `Type the number of certificates (${request.serials.length}) to approve`}
        hint={single ? <span className="break-all font-mono">{cn}</span> : undefined}
        autoComplete="off"
        spellCheck={false}
        errors={fieldErrors(state, "confirmation")}
      />
      {state && !state.ok && !state.fieldErrors?.confirmation ? (
        <Notice tone="error" testId="approve-error">
          {state.message}
        </Notice>
      ) : null}
      <div>
        <SubmitButton variant="danger" size="sm" pendingLabel="Revoking…">
          Approve and revoke
        </SubmitButton>
      </div>
    </form>
  );
}

function NoteForm({ request, kind }: { request: RevocationRequestView; kind: "reject" | "acknowledge" }) {
  const id = useId();
  const [state, action] = useFormAction(kind === "reject" ? rejectRequestAction : acknowledgeEmergencyAction);
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="requestId" value={request.id} />
      <TextField id={id} name="note" label={kind === "reject" ? "Why not (for the requester)" : "Note (optional)"} maxLength={500} errors={fieldErrors(state, "note")} />
      {state && !state.ok ? (
        <Notice tone="error" testId={`${kind}-error`}>
          {state.message}
        </Notice>
      ) : null}
      <div>
        <SubmitButton variant="secondary" size="sm" pendingLabel="Saving…">
          {kind === "reject" ? "Reject" : "Acknowledge"}
        </SubmitButton>
      </div>
    </form>
  );
}

function Withdraw({ request }: { request: RevocationRequestView }) {
  const [state, action] = useFormAction(withdrawRequestAction);
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">You made this request: another operator or administrator approves or rejects it.</p>
      {state && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
      <ConfirmDialog
        triggerLabel="Withdraw request"
        title={`Withdraw request #${request.id}?`}
        description="Nothing is revoked; you can ask again later."
        confirmLabel="Withdraw"
        action={action}
      >
        <input type="hidden" name="requestId" value={request.id} />
      </ConfirmDialog>
    </div>
  );
}

export function RequestCard({ request, mine }: { request: RevocationRequestView; mine: boolean }) {
  const count = request.serials.length;
  return (
    <article className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5" data-testid="request-card" aria-labelledby={`request-${request.id}`}>
      <h3 id={`request-${request.id}`} className="text-base font-semibold text-slate-900">
        #{request.id}: revoke {count === 1 ? request.impact.items[0]?.commonName : `${count} certificates`}
      </h3>
      <Facts request={request} />
      <Impact request={request} />
      {request.state === "emergency" ? (
        mine ? (
          <p className="text-sm text-slate-700">You revoked these as key compromise: someone else acknowledges it.</p>
        ) : (
          <NoteForm request={request} kind="acknowledge" />
        )
      ) : mine ? (
        <Withdraw request={request} />
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <ApproveForm request={request} />
          <NoteForm request={request} kind="reject" />
        </div>
      )}
    </article>
  );
}
