"use client";
// "Ask Sectigo": a live find by exact common name or serial, merged into the inventory.
// Says how many Sectigo found and how many were new or updated here, and links them.
import Link from "next/link";
import { useId, useState } from "react";
import { focusRing } from "@/app/_components/ui/button";
import { Select } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { fieldErrors, useFormAction } from "@/app/_components/use-form-action";
import { askSectigoAction } from "../actions";
import { StatusBadge } from "./status-badge";

const BY_OPTIONS = [
  { value: "commonName", label: "Common name (exact)" },
  { value: "serial", label: "Serial number" },
];

/** A guess of what the search text is: serials are hex (maybe with colons), names have dots. */
export function guessKind(text: string): "commonName" | "serial" {
  const t = text.trim();
  return !t.includes(".") && /^(0x)?[0-9a-fA-F:\s-]{8,}$/.test(t) ? "serial" : "commonName";
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function AskSectigo({ initial }: { initial: string }) {
  const [state, action] = useFormAction(askSectigoAction);
  const [value, setValue] = useState(initial);
  const [by, setBy] = useState<string>(guessKind(initial));
  const valueId = useId();
  const byId = useId();
  const errors = fieldErrors(state, "value");
  return (
    <section aria-labelledby={`${valueId}-heading`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={`${valueId}-heading`} className="text-base font-semibold text-slate-900">
        Ask Sectigo
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Not in the portal&apos;s inventory? Ask Sectigo live for an exact common name or serial; what it knows is added here.
      </p>
      <form action={action} className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex flex-col gap-1 sm:w-56">
          <label htmlFor={byId} className="text-sm font-medium text-slate-800">
            Find by
          </label>
          <Select id={byId} name="by" options={BY_OPTIONS} value={by} onChange={(e) => setBy(e.target.value)} />
        </div>
        <div className="flex flex-1 flex-col gap-1">
          <label htmlFor={valueId} className="text-sm font-medium text-slate-800">
            {by === "serial" ? "Serial number" : "Exact common name"}
          </label>
          <input
            id={valueId}
            name="value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? `${valueId}-error` : undefined}
            className={`block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm aria-invalid:border-red-600 ${focusRing}`}
          />
          {errors ? (
            <p id={`${valueId}-error`} className="text-sm text-red-700">
              {errors.join(" ")}
            </p>
          ) : null}
        </div>
        <SubmitButton variant="secondary" pendingLabel="Asking Sectigo…">
          Ask Sectigo
        </SubmitButton>
      </form>
      <div aria-live="polite" className="mt-3 empty:hidden">
        {state && !state.ok && !errors ? <Notice tone="error">{state.message}</Notice> : null}
        {state?.ok ? (
          <Notice tone={state.data.found > 0 ? "success" : "info"} testId="ask-sectigo-result">
            <p>
              Sectigo found {plural(state.data.found, "certificate", "certificates")} for {state.data.by === "serial" ? "serial" : "common name"}{" "}
              <span className="break-all font-mono">{state.data.value}</span>
              {state.data.found > 0 ? `: ${state.data.added} added to the inventory, ${state.data.updated} updated.` : "."}
            </p>
            {state.data.items.length > 0 ? (
              <ul className="mt-2 space-y-1">
                {state.data.items.map((item) => (
                  <li key={item.serial} className="flex flex-wrap items-center gap-2">
                    <Link href={`/certificates/${encodeURIComponent(item.serial)}`} prefetch={false} className={`break-all rounded underline underline-offset-2 ${focusRing}`}>
                      {item.commonName}
                    </Link>
                    <span className="break-all font-mono text-xs">{item.serial}</span>
                    <StatusBadge status={item.status} />
                    {item.source === "find" && item.sectigoStatus ? <span className="text-xs">Sectigo says {item.sectigoStatus}</span> : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </Notice>
        ) : null}
      </div>
    </section>
  );
}
