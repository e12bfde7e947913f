"use client";
// Bulk revoke from the search results (operator, admin; every action checks again). The
// dialog loads the impact preview of the selected certificates, asks for one reason and
// for the count typed out, then starts a server-side job and polls it: a progress bar
// ("n of m"), each certificate's result as it arrives, and a final summary.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { bulkRevokeProgressAction, previewRevocationAction, startBulkRevokeAction } from "../actions";
import { OUTCOME_STYLES } from "../_lib/display";
import type { BulkJobView } from "../_lib/bulk-jobs";
import { expiryText, profileText } from "./impact-preview";
import type { RevocationPreviewItem } from "@/lib/revocation/preview";
import { Meter } from "./meter";
import { ReasonPicker } from "./reason-picker";
import { useSelection } from "./selection";

const POLL_MS = 600;

type Phase =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "form"; items: RevocationPreviewItem[]; unknown: string[] }
  | { kind: "running"; job: BulkJobView; names: ReadonlyMap<string, string> };

function PreviewTable({ items, unknown }: { items: RevocationPreviewItem[]; unknown: string[] }) {
  return (
    <div className="max-h-64 overflow-auto rounded-md ring-1 ring-slate-200" tabIndex={0} role="region" aria-label="Certificates that will be revoked">
      <table className="w-full text-left text-xs" data-testid="bulk-preview">
        <caption className="sr-only">Certificates that will be revoked</caption>
        <thead className="sticky top-0 bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-1 font-medium">Common name and serial</th>
            <th scope="col" className="px-2 py-1 font-medium">Expires</th>
            <th scope="col" className="px-2 py-1 font-medium">Batch, profile</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {items.map((i) => (
            <tr key={i.serial}>
              <td className="px-2 py-1 align-top">
                <span className="block break-all font-medium text-slate-900">{i.commonName}</span>
                <span className="block break-all font-mono text-slate-600">{i.serial}</span>
                {i.alreadyRevoked ? <span className="block text-slate-700">already revoked: it will be refused</span> : null}
                {i.expired && !i.alreadyRevoked ? <span className="block text-amber-800">expired: revoking is allowed</span> : null}
              </td>
              <td className="px-2 py-1 align-top text-slate-800">{expiryText(i.notAfter)}</td>
              <td className="px-2 py-1 align-top text-slate-800">
                {i.batchId !== null ? `Batch ${i.batchId}` : "no batch"}, {profileText(i)}
              </td>
            </tr>
          ))}
          {unknown.map((s) => (
            <tr key={s}>
              <td colSpan={3} className="px-2 py-1 text-red-800">
                <span className="break-all font-mono">{s}</span>: not in the inventory; it will be reported as unknown.
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Progress({ job, names }: { job: BulkJobView; names: ReadonlyMap<string, string> }) {
  const finished = job.state !== "running";
  const text = finished ? `Done: ${job.done} of ${job.total}` : `Revoking… ${job.done} of ${job.total}`;
  return (
    <div className="flex flex-col gap-3" data-testid="bulk-progress" data-state={job.state}>
      <div>
        <p className="text-sm font-medium text-slate-800" role="status">
          {text}
        </p>
        <Meter value={job.done} max={job.total} label={text} className="mt-1" />
      </div>
      <ul className="max-h-56 divide-y divide-slate-200 overflow-auto rounded-md text-sm ring-1 ring-slate-200" aria-label="Result per certificate" tabIndex={0}>
        {job.results.map((r) => (
          <li key={r.serial} className="flex flex-wrap items-start gap-2 px-2 py-1.5" data-testid="bulk-result" data-outcome={r.outcome}>
            <Badge tone={OUTCOME_STYLES[r.outcome].tone}>{OUTCOME_STYLES[r.outcome].label}</Badge>
            <span className="min-w-0 flex-1">
              <span className="block break-all font-medium text-slate-900">{names.get(r.serial) ?? r.serial}</span>
              <span className="block text-slate-700 [overflow-wrap:anywhere]">{r.message}</span>
              {r.warning ? <span className="block text-amber-800">{r.warning}</span> : null}
            </span>
          </li>
        ))}
      </ul>
      {job.summary ? (
        <div aria-live="polite">
          <Notice tone={job.summary.failed + job.summary.unknown > 0 || job.error ? "warning" : "success"} title="Summary" testId="bulk-summary">
            <p>
              {job.summary.revoked} revoked, {job.summary.alreadyRevoked} already revoked, {job.summary.failed} failed, {job.summary.unknown} unknown.
            </p>
            {job.summary.unknown > 0 ? <p className="mt-1">For an unknown one, open its page and use Check with Sectigo to settle it before trying again.</p> : null}
            {job.error ? <p className="mt-1">{job.error}</p> : null}
          </Notice>
        </div>
      ) : null}
    </div>
  );
}

export function BulkRevoke() {
  const { selected, clear } = useSelection();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const confirmId = useId();
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const count = selected.size;

  const open = async () => {
    const serials = [...selected.keys()];
    setPhase({ kind: "loading" });
    setReason("");
    setTyped("");
    setStartError(null);
    ref.current?.showModal();
    const res = await previewRevocationAction(null, { serials });
    setPhase(res.ok ? { kind: "form", items: res.data.items, unknown: res.data.unknown } : { kind: "error", message: res.message });
  };

  const start = async () => {
    if (phase.kind !== "form") return;
    setStarting(true);
    setStartError(null);
    const serials = [...phase.items.map((i) => i.serial), ...phase.unknown];
    const res = await startBulkRevokeAction(null, { serials, reasonCode: Number(reason), confirmation: typed.trim() });
    setStarting(false);
    if (!res.ok) {
      setStartError(res.message);
      return;
    }
    const names = new Map(phase.items.map((i) => [i.serial, i.commonName]));
    setPhase({
      kind: "running",
      names,
      job: { id: res.data.jobId, total: res.data.total, done: 0, state: "running", results: [], summary: null, error: null },
    });
  };

  const running = phase.kind === "running" && phase.job.state === "running" ? phase.job.id : null;
  const poll = useCallback(async (jobId: string) => {
    const res = await bulkRevokeProgressAction(null, { jobId });
    setPhase((prev) => {
      if (prev.kind !== "running" || prev.job.id !== jobId) return prev;
      if (!res.ok) return { ...prev, job: { ...prev.job, state: "stopped", error: res.message, summary: prev.job.summary ?? { revoked: 0, alreadyRevoked: 0, failed: 0, unknown: 0 } } };
      return { ...prev, job: res.data };
    });
  }, []);

  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => void poll(running), POLL_MS);
    return () => clearTimeout(timer);
  }, [running, phase, poll]);

  const finished = phase.kind === "running" && phase.job.state !== "running";
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);

  const close = () => {
    ref.current?.close();
    if (phase.kind === "running" && phase.job.state !== "running") {
      clear();
      setPhase({ kind: "loading" });
    }
  };

  const ready = phase.kind === "form" && reason !== "" && typed.trim() === String(count) && !starting;

  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white px-4 py-2 shadow-sm">
      <p className="text-sm text-slate-700" aria-live="polite" data-testid="selected-count">
        {count === 0 ? "Select certificates to revoke several at once." : `${count} selected.`}
      </p>
      <Button variant="danger" size="sm" disabled={count === 0} onClick={() => void open()}>
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
          if (phase.kind === "running" && phase.job.state === "running") e.preventDefault();
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
            <>
              <p className="text-sm text-slate-700">Each certificate is revoked in turn with the same reason; each result is recorded in the audit log. Revocation is permanent.</p>
              <PreviewTable items={phase.items} unknown={phase.unknown} />
              {phase.items.some((i) => i.expired && !i.alreadyRevoked) ? (
                <Notice tone="warning" title="Some of these have already expired">
                  Revoking an expired certificate is allowed and puts it on the CRL; relying parties already reject it for its date.
                </Notice>
              ) : null}
              <ReasonPicker value={reason} onChange={setReason} />
              <TextField
                id={confirmId}
                name="confirmation"
                label="Type the number of certificates to confirm"
                hint={`Type ${count}.`}
                inputMode="numeric"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
              />
              {startError ? <Notice tone="error">{startError}</Notice> : null}
            </>
          ) : null}
          {phase.kind === "running" ? <Progress job={phase.job} names={phase.names} /> : null}
          <div className="flex flex-wrap justify-end gap-2">
            {phase.kind === "running" ? (
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
                    {starting ? "Starting…" : `Revoke ${count}`}
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
