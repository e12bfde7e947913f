import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { certificateQueryString, type CertificateQuery } from "../_lib/search-query";

/** Previous / next links that keep the search, and where we are. */
export function Pagination({ query, page, pageSize, total, capped }: { query: CertificateQuery; page: number; pageSize: number; total: number; capped: boolean }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const hasNext = capped ? page * pageSize < total : page < pages;
  if (page === 1 && !hasNext) return null;
  return (
    <nav aria-label="Result pages" className="flex flex-wrap items-center gap-2">
      {page > 1 ? (
        <Link href={`/certificates${certificateQueryString(query, { page: page - 1 === 1 ? undefined : page - 1 })}`} prefetch={false} className={buttonClasses("secondary", "sm")}>
          Previous page
        </Link>
      ) : null}
      <span className="text-sm text-slate-700">
        Page {page} of {capped ? `more than ${pages}` : pages}
      </span>
      {hasNext ? (
        <Link href={`/certificates${certificateQueryString(query, { page: page + 1 })}`} prefetch={false} className={buttonClasses("secondary", "sm")}>
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
