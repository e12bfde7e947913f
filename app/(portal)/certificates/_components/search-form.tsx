"use client";
// The search as a plain GET form: submitting puts it in the address, so a search can be
// bookmarked and shared, and it works without JavaScript. One box takes every kind of
// identifier; the inventory decides what the text can mean. A client component only so that
// its markup is not sent a second time as a Server Component tree on every search
// (docs/operations.md §7, P3); it has no state of its own. Its link is a plain <a>, navigated in
// the app by the page's InAppLinks region.
import { buttonClasses } from "@/app/_components/ui/button";
import { SelectField, TextField } from "@/app/_components/ui/field";
import { PAGE_SIZES, SORT_KEYS, STATUS_FILTERS, STATUS_LABELS, type CertificateQuery, type SortKey } from "../_lib/search-query";

const STATUS_OPTIONS = [{ value: "", label: "Any status" }, ...STATUS_FILTERS.map((s) => ({ value: s, label: STATUS_LABELS[s] }))];

export const SORT_LABELS: Readonly<Record<SortKey, string>> = {
  notAfter: "Expiry (not after)",
  commonName: "Common name",
  serial: "Serial",
  createdAt: "Added to the inventory",
};

const SORT_OPTIONS = SORT_KEYS.map((s) => ({ value: s, label: SORT_LABELS[s] }));
const DIR_OPTIONS = [
  { value: "asc", label: "Ascending (A→Z, soonest first)" },
  { value: "desc", label: "Descending (Z→A, latest first)" },
];
const SIZE_OPTIONS = PAGE_SIZES.map((n) => ({ value: String(n), label: `${n} rows` }));

export interface ProfileOption {
  id: number;
  name: string;
}

export function SearchForm({ query, profiles }: { query: CertificateQuery; profiles: readonly ProfileOption[] }) {
  const profileOptions = [{ value: "", label: "Any profile" }, ...profiles.map((p) => ({ value: String(p.id), label: `${p.name} (${p.id})` }))];
  return (
    <form method="get" action="/certificates" role="search" aria-label="Search certificates" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <TextField
          id="c-q"
          name="q"
          type="search"
          label="Search"
          defaultValue={query.q}
          placeholder="trisa.example.com, 4F:2A:…, batch 10003"
          hint="A common name (exact, beginning, or any 3+ characters inside it), a DNS name, a serial in any form (hex with or without colons, decimal), or a batch id."
          autoComplete="off"
          spellCheck={false}
          wrapperClassName="flex-1"
        />
        <button type="submit" className={buttonClasses("primary", "md", "sm:mb-6")}>
          Search
        </button>
      </div>
      <details className="mt-2" open={Boolean(query.status || query.from || query.to || query.profile || query.sort || query.size)}>
        <summary className="cursor-pointer text-sm font-medium text-blue-800">Filters and order</summary>
        <div className="mt-3 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <SelectField id="c-status" name="status" label="Status" options={STATUS_OPTIONS} defaultValue={query.status} />
          <TextField id="c-from" name="from" type="date" label="Expires from (UTC day)" defaultValue={query.from} />
          <TextField id="c-to" name="to" type="date" label="Expires to (UTC day, included)" defaultValue={query.to} />
          <SelectField id="c-profile" name="profile" label="Profile" options={profileOptions} defaultValue={query.profile} />
          <SelectField id="c-sort" name="sort" label="Sort by" options={SORT_OPTIONS} defaultValue={query.sort || "notAfter"} />
          <SelectField id="c-dir" name="dir" label="Order" options={DIR_OPTIONS} defaultValue={query.dir || "asc"} />
          <SelectField id="c-size" name="size" label="Rows per page" options={SIZE_OPTIONS} defaultValue={query.size || "50"} />
        </div>
        <div className="mt-4 flex flex-wrap gap-2">
          <button type="submit" className={buttonClasses("secondary", "sm")}>
            Apply filters
          </button>
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- InAppLinks navigates it in the app */}
          <a href="/certificates" className={buttonClasses("ghost", "sm")}>
            Clear search and filters
          </a>
        </div>
      </details>
    </form>
  );
}
