// The filters as a plain GET form: submitting puts them in the address, so a filtered view
// can be bookmarked and shared, and works without JavaScript.
import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { SelectField, TextField } from "@/app/_components/ui/field";
import { AUDIT_OUTCOMES } from "@/db/types";
import { ACTION_FAMILIES, KNOWN_ACTIONS } from "@/app/(portal)/audit/_lib/format";
import type { AuditQuery } from "@/app/(portal)/audit/_lib/filters";

const OUTCOME_OPTIONS = [{ value: "", label: "Any outcome" }, ...AUDIT_OUTCOMES.map((o) => ({ value: o, label: o }))];

export function FilterForm({ query }: { query: AuditQuery }) {
  return (
    <form method="get" action="/audit" role="search" aria-label="Filter the audit log" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextField id="f-actor" name="actor" label="Actor" defaultValue={query.actor} placeholder="alice@example.com" hint="E-mail, or its beginning." autoComplete="off" />
        <TextField
          id="f-action"
          name="action"
          label="Action"
          defaultValue={query.action}
          list="audit-actions"
          placeholder="certificate.revoke"
          hint="Pick one, or type a beginning: “certificate” finds every certificate.* action."
          autoComplete="off"
        />
        <datalist id="audit-actions">
          {[...ACTION_FAMILIES, ...KNOWN_ACTIONS].map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <SelectField id="f-outcome" name="outcome" label="Outcome" options={OUTCOME_OPTIONS} defaultValue={query.outcome} />
        <div className="grid grid-cols-2 gap-2">
          <TextField id="f-target-type" name="targetType" label="Target type" defaultValue={query.targetType} placeholder="certificate" autoComplete="off" />
          <TextField id="f-target-id" name="targetId" label="Target id" defaultValue={query.targetId} placeholder="serial, id…" autoComplete="off" />
        </div>
        <TextField id="f-from" name="from" type="date" label="From (UTC day)" defaultValue={query.from} />
        <TextField id="f-to" name="to" type="date" label="To (UTC day, included)" defaultValue={query.to} />
      </div>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="submit" className={buttonClasses("primary", "sm")}>
          Apply filters
        </button>
        <Link href="/audit" prefetch={false} className={buttonClasses("secondary", "sm")}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}
