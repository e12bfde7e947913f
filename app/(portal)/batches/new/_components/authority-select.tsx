// The authority picker. The shared SelectField cannot disable single options, and an
// authority without balance must stay visible but unselectable, its reason in its text.
import { focusRing } from "@/app/_components/ui/button";
import type { AuthorityOption } from "@/app/(portal)/batches/new/_lib/authority-options";

export function AuthoritySelect(props: {
  options: readonly AuthorityOption[];
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
}) {
  const selected = props.options.find((o) => String(o.authorityId) === props.value);
  const describedBy = ["authority-hint", props.errors?.length ? "authority-error" : null].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="authority" className="text-sm font-medium text-slate-800">
        Authority
      </label>
      <select
        id="authority"
        name="authorityId"
        required
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className={`block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm aria-invalid:border-red-600 ${focusRing}`}
      >
        {selected ? null : <option value="">Choose an authority</option>}
        {props.options.map((o) => (
          <option key={o.authorityId} value={String(o.authorityId)} disabled={o.disabledReason !== null}>
            {o.label}
          </option>
        ))}
      </select>
      <p id="authority-hint" className="text-xs text-slate-600">
        {selected
          ? `Issues under ${selected.summary}.${selected.balanceUnknown ? " Sectigo did not report the balance; it checks it when you submit." : ""}`
          : "The authority decides the profile and whose balance is used."}{" "}
        Authorities that cannot issue are listed with the reason and cannot be chosen.
      </p>
      {props.errors?.length ? (
        <p id="authority-error" className="text-sm text-red-700">
          {props.errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
