"use client";
// Bulk revoke from the search results (operator, admin; every action checks again). The
// dialog loads the impact preview of the selected certificates, asks for one reason and
// for the count typed out, then starts a server-side job and polls it: a progress bar
// ("n of m"), each certificate's result as it arrives, and a final summary.
import { useId, useRef } from "react";
import type { RevocationPreviewItem } from "@/lib/revocation/preview";
import { Button } from "@/app/_components/ui/button";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { BulkPreviewTable } from "./bulk-preview-table";
import { BulkProgress } from "./bulk-progress";
import { ReasonPicker } from "./reason-picker";
import { useSelection } from "./selection";
import { useBulkRevoke } from "./use-bulk-revoke";

interface BulkRevokeFormProps {
  items: RevocationPreviewItem[];
  unknown: string[];
  count: number;
  reason: string;
  onReason: (reason: string) => void;
  typed: string;
  onTyped: (typed: string) => void;
  startError: string | null;
  /** what the four-eyes policy asks of a bulk revocation (the server decides again) */
  policy: BulkRevokePolicy;
  comment: string;
  onComment: (comment: string) => void;
}

export interface BulkRevokePolicy {
  request: boolean;
  emergencyKeyCompromise: boolean;
}

export function bulkAsks(policy: BulkRevokePolicy, reason: string): boolean {
  return policy.request && !(reason === "1" && policy.emergencyKeyCompromise);
}

/** The preview, the one reason for all, and the count typed out to confirm. */
function BulkRevokeForm({ items, unknown, count, reason, onReason, typed, onTyped, startError, policy, comment, onComment }: BulkRevokeFormProps) {
  const confirmId = useId();
  const asks = bulkAsks(policy, reason);
  return (
    <>
      <p className="text-sm text-slate-700">
        Each certificate is revoked in turn with the same reason; each result is recorded in the audit log. Revocation is permanent.
        {policy.request ? " On this portal a second person approves a bulk revocation before anything is sent to Sectigo." : null}
      </p>
      <BulkPreviewTable items={items} unknown={unknown} />
      {items.some((i) => i.expired && !i.alreadyRevoked) ? (
        <Notice tone="warning" title="Some of these have already expired">
          Revoking an expired certificate is allowed and puts it on the CRL; relying parties already reject it for its date.
        </Notice>
      ) : null}
      <ReasonPicker value={reason} onChange={onReason} />
      <TextField
        id={confirmId}
        name="confirmation"
        label="Type the number of certificates to confirm"
        hint={`Type ${count}.`}
        inputMode="numeric"
        value={typed}
        onChange={(e) => onTyped(e.target.value)}
        autoComplete="off"
      />
      {asks ? (
        <TextField
          id={`${confirmId}-comment`}
          name="comment"
          label="Note for the approver (optional)"
          hint="Why these must be revoked: the second person reads this before approving."
          maxLength={500}
          value={comment}
          onChange={(e) => onComment(e.target.value)}
        />
      ) : null}
      {policy.request && !asks ? (
        <Notice tone="warning" title="Emergency: revoked at once">
          Key compromise is revoked without waiting; the revocation stays flagged until a second person acknowledges it on the Approvals page.
        </Notice>
      ) : null}
      {startError ? <Notice tone="error">{startError}</Notice> : null}
    </>
  );
}

export function BulkRevoke({ policy }: { policy: BulkRevokePolicy }) {
  const { selected, clear } = useSelection();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { phase, reason, setReason, typed, setTyped, comment, setComment, startError, starting, running, finished, load, start, reset } = useBulkRevoke();
  const count = selected.size;

  const open = () => {
    ref.current?.showModal();
    void load([...selected.keys()]);
  };

  const close = () => {
    ref.current?.close();
    if (finished) {
      clear();
      reset();
    }
  };

  const ready = phase.kind === "form" && reason !== "" && typed.trim() === String(count) && !starting;

  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white px-4 py-2 shadow-sm">
      <p className="text-sm text-slate-700" aria-live="polite" data-testid="selected-count">
        {count === 0 ? "Select certificates to revoke several at once." : `${count} selected.`}
      </p>
      <Button variant="danger" size="sm" disabled={count === 0} onClick={open}>
        Revoke selected
      </Button>
      {count > 0 ? (
        <Button variant="ghost" size="sm" onClick={clear}>
          Clear selection
        </Button>
      ) : null}
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        onCancel={(e) => {
          // Escape must not hide a run in progress; Close appears when it ends.
          if (running) e.preventDefault();
        }}
        className="m-auto w-[min(40rem,calc(100vw-1.5rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="flex max-h-[90vh] flex-col gap-4 overflow-y-auto p-5">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            Revoke {phase.kind === "running" ? phase.job.total : count} certificate{(phase.kind === "running" ? phase.job.total : count) === 1 ? "" : "s"}?
          </h2>
          {phase.kind === "loading" ? <p className="text-sm text-slate-700" role="status">Loading the impact preview…</p> : null}
          {phase.kind === "error" ? <Notice tone="error">{phase.message}</Notice> : null}
          {phase.kind === "form" ? (
            <BulkRevokeForm
              items={phase.items}
              unknown={phase.unknown}
              count={count}
              reason={reason}
              onReason={setReason}
              typed={typed}
              onTyped={setTyped}
              startError={startError}
              policy={policy}
              comment={comment}
              onComment={setComment}
            />
          ) : null}
          {phase.kind === "requested" ? (
            <Notice tone="info" title="Waiting for a second person" testId="bulk-requested">
              <p>{phase.message}</p>
              <p className="mt-1">
                <a href="/approvals" className="font-medium underline">
                  Open Approvals
                </a>
              </p>
            </Notice>
          ) : null}
          {phase.kind === "running" ? <BulkProgress job={phase.job} names={phase.names} /> : null}
          <div className="flex flex-wrap justify-end gap-2">
            {phase.kind === "requested" ? (
              <Button variant="secondary" size="sm" onClick={close}>
                Close
              </Button>
            ) : phase.kind === "running" ? (
              <Button variant="secondary" size="sm" onClick={close} disabled={phase.job.state === "running"}>
                Close
              </Button>
            ) : (
              <>
                <Button variant="secondary" size="sm" onClick={close}>
                  Cancel
                </Button>
                {phase.kind === "form" ? (
                  <Button variant="danger" size="sm" disabled={!ready} onClick={() => void start()}>
                    {starting ? "Starting…" : bulkAsks(policy, reason) ? `Request revocation of ${count}` : `Revoke ${count}`}
                  </Button>
                ) : null}
              </>
            )}
          </div>
        </div>
      </dialog>
    </div>
  );
}
