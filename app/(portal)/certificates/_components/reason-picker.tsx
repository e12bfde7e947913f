"use client";
// The revocation reason: friendly labels with their RFC 5280 codes, and what the chosen
// one means. REVOCATION_REASONS is pure data shared with the CLI's parser.
import { useId } from "react";
import { SelectField } from "@/app/_components/ui/field";
import { REVOCATION_REASONS, revocationReason } from "@/lib/sectigo/reasons";

const OPTIONS = [
  { value: "", label: "Choose a reason…" },
  ...REVOCATION_REASONS.map((r) => ({ value: String(r.code), label: `${r.label} (code ${r.code})` })),
];

export function ReasonPicker({ value, onChange, errors }: { value: string; onChange: (value: string) => void; errors?: string[] }) {
  const id = useId();
  const reason = value === "" ? undefined : revocationReason(Number(value));
  return (
    <SelectField
      id={id}
      name="reasonCode"
      label="Reason (RFC 5280)"
      required
      options={OPTIONS}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      hint={reason ? reason.description : "The reason is published on the CRL with the revocation; relying parties may act on it."}
      errors={errors}
    />
  );
}
