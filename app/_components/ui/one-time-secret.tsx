// A secret shown once (a new account's password, a reset, a calendar feed's address):
// monospaced, selectable, with a copy button and a plain warning that it will not be shown
// again (the default warning is a password's; `children` replaces it).
import type { ReactNode } from "react";
import { CopyButton } from "@/app/_components/ui/copy-button";

export function OneTimeSecret({
  label,
  value,
  testId,
  copyLabel = "Copy password",
  children,
}: {
  label: string;
  value: string;
  testId?: string;
  copyLabel?: string;
  children?: ReactNode;
}) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-semibold">{label}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code data-testid={testId} className="select-all break-all rounded bg-white px-2 py-1 font-mono text-base text-slate-900 ring-1 ring-amber-300">
          {value}
        </code>
        <CopyButton text={value} label={copyLabel} />
      </div>
      {children ?? <p className="mt-2 text-xs">Shown only now. Hand it over privately; it cannot be displayed again, only reset.</p>}
    </div>
  );
}
