"use client";
// The revocation reason: friendly labels with their RFC 5280 codes, and what the chosen
// one means. REVOCATION_REASONS is pure data shared with the CLI's parser.
import { useId } from "react";
import { Select } from "@/app/_components/ui/field";
import { REVOCATION_REASONS, revocationReason } from "@/lib/sectigo/reasons";

const OPTIONS = [
  { value: "", label: "Choose a reason…" },
  ...REVOCATION_REASONS.map((r) => ({ value: String(r.code), label: `${r.label} (code ${r.code})` })),
];

export function ReasonPicker({ value, onChange, errors }: { value: string; onChange: (value: string) => void; errors?: string[] }) {
  const id = useId();
  const reason = value === "" ? undefined : revocationReason(Number(value));
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        Reason (RFC 5280)
      </label>
      <Select
        id={id}
        name="reasonCode"
        required
        options={OPTIONS}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-hint${errors?.length ? ` ${id}-error` : ""}`}
        aria-invalid={errors?.length ? true : undefined}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {reason ? reason.description : "The reason is published on the CRL with the revocation; relying parties may act on it."}
      </p>
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
