"use client";
// The batch's state and progress, kept live without a page reload: the progress route is
// polled about once a second until the batch reaches a final state, then the page is
// re-rendered once so the certificates and the history appear. Slower retries when the
// portal does not answer; a stop (with a sentence) when the session has ended.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { checkBatchNowAction } from "@/app/(portal)/batches/actions";
import { ProgressBar } from "@/app/(portal)/batches/_components/progress-bar";
import { StateBadge } from "@/app/(portal)/batches/_components/state-badge";
import { formatTime } from "@/app/_components/format";
import { batchStyle, describeProcessing, displayState } from "@/app/(portal)/batches/_lib/batch-view";
import { isProgressView, type BatchProgressView } from "@/app/(portal)/batches/_lib/progress";

const POLL_MS = 1000;
/** After two minutes of watching, a batch that is still not done is checked every 5 s. */
const FAST_POLLS = 120;
const SLOW_POLL_MS = 5000;
const MAX_BACKOFF_MS = 10_000;

export function LiveBatchStatus({ initial, canCheck }: { initial: BatchProgressView; canCheck: boolean }) {
  const router = useRouter();
  const [view, setView] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [checkMessage, setCheckMessage] = useState<string | null>(null);
  const [checking, startCheck] = useTransition();
  const wasFinal = useRef(initial.final);

  useEffect(() => {
    if (view.final) {
      // Once, on arrival: the server part of the page (certificates, history, ZIP) changed.
      if (!wasFinal.current) {
        wasFinal.current = true;
        router.refresh();
      }
      return;
    }
    let stopped = false;
    let failures = 0;
    let polls = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const schedule = () => {
      polls += 1;
      const base = polls > FAST_POLLS ? SLOW_POLL_MS : POLL_MS;
      if (!stopped) timer = setTimeout(tick, Math.min(MAX_BACKOFF_MS, base * 2 ** failures));
    };
    async function tick() {
      if (document.visibilityState === "hidden") return schedule();
      try {
        const res = await fetch(`/api/batches/${view.id}/progress`, { cache: "no-store", signal: controller.signal, headers: { accept: "application/json" } });
        // Without a session the proxy answers with the login page instead.
        if (res.status === 401 || res.redirected) {
          setProblem("Live updates stopped: your session has ended. Reload the page to sign in again.");
          return;
        }
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body: unknown = await res.json();
        if (!isProgressView(body)) throw new Error("unexpected reply");
        failures = 0;
        setProblem(null);
        setView(body);
      } catch {
        if (stopped) return;
        failures += 1;
        setProblem("Live updates are paused: the portal did not answer. Retrying…");
      }
      schedule();
    }
    schedule();
    return () => {
      stopped = true;
      controller.abort();
      clearTimeout(timer);
    };
  }, [view.id, view.final, router]);

  function checkNow() {
    setCheckMessage(null);
    startCheck(async () => {
      const result = await checkBatchNowAction(null, { batchId: view.id });
      if (result.ok) setView(result.data);
      else setCheckMessage(result.message);
    });
  }

  const style = batchStyle(view);
  const processing = describeProcessing(view);
  return (
    <section aria-labelledby="status-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6" data-testid="live-status">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="status-heading" className="text-lg font-semibold text-slate-900">
          Status
        </h2>
        {canCheck && !view.final ? (
          <Button variant="secondary" size="sm" onClick={checkNow} disabled={checking || view.sectigoBatchId === null}>
            {checking ? "Checking with Sectigo…" : "Check now"}
          </Button>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1" aria-live="polite">
        <StateBadge state={displayState(view)} testId="batch-state" />
        <span className="text-sm text-slate-700">{style.description}</span>
      </div>
      <ProgressBar progress={view.progress} label="Batch progress" testId="batch-progress" />
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-600">Sectigo status</dt>
        <dd className="wrap-anywhere text-slate-900" data-testid="sectigo-status">
          {view.status ?? "Not reported yet"}
        </dd>
        <dt className="font-medium text-slate-600">Processing</dt>
        <dd className="text-slate-900" data-testid="processing-info">
          {processing ?? "Not reported yet"}
          {view.size !== null ? ` (batch of ${view.size})` : ""}
        </dd>
        {!view.final && view.nextCheckAt ? (
          <>
            <dt className="font-medium text-slate-600">Next background check</dt>
            <dd className="text-slate-900">{formatTime(view.nextCheckAt)}</dd>
          </>
        ) : null}
      </dl>
      {view.rejectReason ? (
        <Notice tone="error" title={view.state === "rejected" ? "Sectigo rejected this batch" : "Sectigo reported a problem"} testId="reject-reason">
          <span className="break-words">{view.rejectReason}</span>
        </Notice>
      ) : null}
      {view.lastError && !view.final ? (
        <Notice tone="warning" title="The last check did not succeed" testId="last-error">
          <span className="break-words" data-testid="last-error-text">
            {view.lastError}
          </span>{" "}
          The portal tries again by itself{view.nextCheckAt ? ` at ${formatTime(view.nextCheckAt)}` : ""}.
        </Notice>
      ) : null}
      {view.lastError && view.final && !view.rejectReason ? (
        <Notice tone={view.state === "unknown" ? "warning" : "error"} title="What went wrong" testId="last-error">
          <span className="break-words" data-testid="last-error-text">
            {view.lastError}
          </span>
        </Notice>
      ) : null}
      {checkMessage ? <Notice tone="error">{checkMessage}</Notice> : null}
      {problem ? <Notice tone="warning">{problem}</Notice> : null}
    </section>
  );
}
