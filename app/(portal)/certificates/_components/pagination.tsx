import { buttonClasses } from "@/app/_components/ui/button";
import { certificateQueryString, type CertificateQuery } from "../_lib/search-query";

/**
 * Previous / next links that keep the search, and where we are. Each link carries the
 * cursor of the row next to it (see lib/inventory/cursor.ts) as well as the page number,
 * so page 200 costs what page 1 does; the first page needs neither. Plain links: the page's
 * InAppLinks region navigates them in the app.
 */
export function Pagination({
  query,
  page,
  pageSize,
  total,
  capped,
  next,
  previous,
}: {
  query: CertificateQuery;
  page: number;
  pageSize: number;
  total: number;
  capped: boolean;
  next?: string;
  previous?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // Past a capped count the cursor still knows whether rows follow.
  const hasNext = next !== undefined && (capped || page < pages);
  if (page === 1 && !hasNext) return null;
  return (
    <nav aria-label="Result pages" className="flex flex-wrap items-center gap-2">
      {page > 1 ? (
        <a href={`/certificates${certificateQueryString(query, page - 1 === 1 ? {} : { page: page - 1, before: previous })}`} className={buttonClasses("secondary", "sm")}>
          Previous page
        </a>
      ) : null}
      <span className="text-sm text-slate-700">
        Page {page.toLocaleString("en")}
        {capped ? (page <= pages ? ` of more than ${pages.toLocaleString("en")}` : "") : ` of ${pages.toLocaleString("en")}`}
      </span>
      {hasNext ? (
        <a href={`/certificates${certificateQueryString(query, { page: page + 1, after: next })}`} className={buttonClasses("secondary", "sm")}>
          Next page
        </a>
      ) : null}
    </nav>
  );
}
