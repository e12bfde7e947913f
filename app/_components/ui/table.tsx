// Tables that stay readable from 360 px: below the `sm` breakpoint each row becomes a card
// and each cell shows its column name (the `label` prop) before the value.
import type { ReactNode } from "react";

export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="hidden border-b border-slate-200 bg-slate-50 text-slate-600 sm:table-header-group">
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ children, className = "" }: { children: ReactNode; className?: string }) {
  return (
    <th scope="col" className={`px-4 py-2 font-medium ${className}`}>
      {children}
    </th>
  );
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-200">{children}</tbody>;
}

export function Tr({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <tr data-testid={testId} className="result-row">
      {children}
    </tr>
  );
}

export function Td({ children, label, className = "" }: { children: ReactNode; label?: string; className?: string }) {
  return (
    <td className={className ? `cell ${className}` : "cell"} data-label={label || undefined}>
      {children}
    </td>
  );
}
