// A batch's progress as an accessible progress bar: role=progressbar with its value, and
// the percentage written beside it, so it reads without colour and without a screen reader.
import { progressPercent } from "@/app/(portal)/batches/_lib/batch-view";

export function ProgressBar({ progress, label, testId }: { progress: number; label: string; testId?: string }) {
  const percent = progressPercent(progress);
  return (
    <div className="flex min-w-[8rem] items-center gap-2">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
        data-testid={testId}
        className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-blue-700 transition-[width] duration-500" style={{ width: `${percent}%` }} />
      </div>
      <span className="w-10 text-right text-xs tabular-nums text-slate-700" aria-hidden="true">
        {percent}%
      </span>
    </div>
  );
}
