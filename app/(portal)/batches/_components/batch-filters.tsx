// The list's filters as a plain GET form: applying them puts them in the address, so a
// filtered view can be bookmarked and shared, and works without JavaScript.
import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { SelectField } from "@/app/_components/ui/field";
import { KIND_LABELS, STATE_STYLES } from "@/app/(portal)/batches/_lib/batch-view";
import { BATCH_KINDS, BATCH_STATES } from "@/db/types";
import type { BatchListQuery } from "@/app/(portal)/batches/_lib/list-params";

const STATE_OPTIONS = [{ value: "", label: "Any state" }, ...BATCH_STATES.map((s) => ({ value: s, label: STATE_STYLES[s].label }))];
const KIND_OPTIONS = [{ value: "", label: "Both kinds" }, ...BATCH_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))];

export function BatchFilters({ query }: { query: BatchListQuery }) {
  return (
    <form method="get" action="/batches" role="search" aria-label="Filter batches" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-end gap-4">
        <SelectField id="f-state" name="state" label="State" options={STATE_OPTIONS} defaultValue={query.state} wrapperClassName="w-full sm:w-48" />
        <SelectField id="f-kind" name="kind" label="Kind" options={KIND_OPTIONS} defaultValue={query.kind} wrapperClassName="w-full sm:w-48" />
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={buttonClasses("primary", "sm")}>
            Apply filters
          </button>
          <Link href="/batches" prefetch={false} className={buttonClasses("secondary", "sm")}>
            Clear
          </Link>
        </div>
      </div>
    </form>
  );
}
