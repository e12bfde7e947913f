// A thin bar showing how far something got (a bulk revoke, a batch, licences used). The
// native <progress> looks different in every browser and turns green when full; this one
// keeps the portal's colours and is still a progressbar for assistive technology.
export function Meter({ value, max, label, className = "" }: { value: number; max: number; label: string; className?: string }) {
  const safeMax = Math.max(1, max);
  const pct = Math.max(0, Math.min(100, (value / safeMax) * 100));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={safeMax}
      aria-valuenow={Math.min(value, safeMax)}
      className={`h-2 w-full overflow-hidden rounded-full bg-slate-200 ${className}`}
    >
      <div className="h-full rounded-full bg-blue-700 transition-[width]" style={{ width: `${pct}%` }} />
    </div>
  );
}
