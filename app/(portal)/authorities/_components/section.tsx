import type { ReactNode } from "react";

/** A titled card; its heading names the region for screen readers. */
export function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      <div className="mt-3">{children}</div>
    </section>
  );
}

export function Row({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <>
      <dt className="pt-2 text-sm font-medium text-slate-600 sm:pt-0">{label}</dt>
      <dd className={`min-w-0 break-words text-sm text-slate-900 ${mono ? "break-all font-mono text-xs" : ""}`}>{children}</dd>
    </>
  );
}
