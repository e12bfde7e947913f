// Previous / next page links that keep the filters; the current page is stated in words.
import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { batchListHref, pageCount, PAGE_SIZE, type BatchListQuery } from "@/app/(portal)/batches/_lib/list-params";

export function Pagination({ query, total }: { query: BatchListQuery; total: number }) {
  const pages = pageCount(total, PAGE_SIZE);
  if (pages <= 1 && query.page <= 1) return null;
  return (
    <nav aria-label="Batch list pages" className="flex flex-wrap items-center gap-3">
      {query.page > 1 ? (
        <Link href={batchListHref(query, { page: Math.min(query.page - 1, pages) })} prefetch={false} className={buttonClasses("secondary", "sm")}>
          Previous page
        </Link>
      ) : null}
      <span className="text-sm text-slate-700" aria-current="page">
        Page {query.page} of {pages}
      </span>
      {query.page < pages ? (
        <Link href={batchListHref(query, { page: query.page + 1 })} prefetch={false} className={buttonClasses("secondary", "sm")}>
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
