"use client";
// The "Send now" button and what the run did, in words.
import { sendNoticesNowAction } from "@/app/(portal)/notices/actions";
import { useFormAction } from "@/app/_components/use-form-action";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import type { DeliverySummary, NoticeRunSummary } from "@/lib/notices";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(r: NoticeRunSummary & DeliverySummary): string {
  const found =
    r.certificates === 0
      ? "No certificate crossed 30, 14, 7 or 1 days since its last notice, so there was nothing new to send."
      : `${plural(r.certificates, "certificate", "certificates")} crossed a threshold: ${plural(r.deliveries, "notice", "notices")} recorded.`;
  const tried = r.delivered + r.retrying + r.failed;
  if (tried === 0) return found;
  const parts = [r.delivered > 0 ? `${r.delivered} delivered` : null, r.retrying > 0 ? `${r.retrying} to retry` : null, r.failed > 0 ? `${r.failed} failed` : null].filter(Boolean);
  return `${found} Deliveries tried: ${parts.join(", ")}.`;
}

export function SendNow() {
  const [state, formAction] = useFormAction(sendNoticesNowAction);
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <div>
        <SubmitButton pendingLabel="Sending…">Send now</SubmitButton>
      </div>
      {state ? (
        state.ok ? (
          <Notice tone={state.data.failed + state.data.retrying > 0 ? "warning" : state.data.certificates + state.data.delivered > 0 ? "success" : "info"} testId="send-now-result">
            {summary(state.data)}
          </Notice>
        ) : (
          <Notice tone="error" testId="send-now-result">
            {state.message}
          </Notice>
        )
      ) : null}
    </form>
  );
}
