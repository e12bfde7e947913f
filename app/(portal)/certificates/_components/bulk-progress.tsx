// A running bulk revoke: "n of m" with a bar, each certificate's result as it arrives, and
// the summary when the job ends.
import { Badge } from "@/app/_components/ui/badge";
import { Notice } from "@/app/_components/ui/notice";
import { OUTCOME_STYLES } from "../_lib/display";
import type { BulkJobView } from "../_lib/bulk-jobs";
import { Meter } from "./meter";

export function BulkProgress({ job, names }: { job: BulkJobView; names: ReadonlyMap<string, string> }) {
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
