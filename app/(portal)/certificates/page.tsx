// Certificates search (every role: certificates.read). One box, filters, sort and page all
// live in the URL; the rows come from the local inventory (lib/inventory), so a search is
// instant; "Ask Sectigo" goes live for an exact name or serial. Export CSV downloads the
// same search (certificates.export); operators and admins may select rows to revoke. The
// permission is checked here on every request — the layout only checks the session.
import type { Metadata } from "next";
import { buttonClasses } from "@/app/_components/ui/button";
import { WarningList } from "@/app/_components/ui/notice";
import { InAppLinks } from "@/app/_components/ui/in-app-links";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import { searchInventory } from "@/lib/inventory";
import { PROFILES } from "@/lib/sectigo/profiles";
import { certificateQueryString, hasFilters, parseCertificateSearch } from "./_lib/search-query";
import type { SearchParams } from "@/app/_lib/url-filters";
import { AskSectigo } from "./_components/ask-sectigo";
import { BulkRevoke } from "./_components/bulk-revoke";
import { Pagination } from "./_components/pagination";
import { ResultsTable } from "./_components/results-table";
import { resultRowOf } from "./_lib/rows-html";
import { packRows } from "@/app/_components/ui/html-rows";
import { SearchForm } from "./_components/search-form";
import { SelectionProvider } from "./_components/selection";
import { DEFAULT_FOUR_EYES, fourEyesPolicy } from "@/lib/revocation/four-eyes-policy";

export const metadata: Metadata = { title: "Certificates" };
export const dynamic = "force-dynamic";

export default async function CertificatesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const parsed = parseCertificateSearch(await searchParams);
  const user = await requirePermission("certificates.read", `/certificates${certificateQueryString(parsed.query)}`);
  const { query, filters } = parsed;
  const result = searchInventory(getDb(), filters);
  const filtered = hasFilters(query);
  const canRevoke = can(user.role, "certificates.revoke");
  const fourEyes = canRevoke ? fourEyesPolicy(getDb()) : DEFAULT_FOUR_EYES;
  const first = (filters.page - 1) * filters.pageSize + 1;
  const last = first + result.items.length - 1;
  const totalText = `${result.capped ? "more than " : ""}${result.total.toLocaleString("en")}`;

  const exportLink = can(user.role, "certificates.export") ? (
    <>
      <a href={`/api/certificates/export${certificateQueryString(query)}`} download className={buttonClasses("secondary", "sm")}>
        Export CSV
      </a>
      <a
        href={`/api/certificates/export${certificateQueryString(query, { signed: 1 })}`}
        download
        className={buttonClasses("secondary", "sm")}
        title="The CSV with its Ed25519 signature, the signed audit checkpoint and the public key, in one ZIP"
      >
        Signed export (ZIP)
      </a>
    </>
  ) : null;

  const table = (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Search results">
      <ResultsTable packedRows={packRows(result.items.map(resultRowOf))} query={query} filters={filters} selectable={canRevoke} />
    </div>
  );

  return (
    <>
      <PageHeader
        title="Certificates"
        description="Every certificate the portal knows: issued through its batches or learned from Sectigo. Dates are UTC; expiring means within 30 days."
        actions={exportLink}
      />
      <InAppLinks className="space-y-4">
        <SearchForm query={query} profiles={PROFILES} />
        <WarningList
          title="Some of the search was ignored"
          items={result.cursorIgnored ? [...parsed.problems, "The page position in the address is not valid; the page was found by its number instead."] : parsed.problems}
        />
        <p className="text-sm text-slate-700" data-testid="result-count" aria-live="polite">
          {result.items.length > 0
            ? `Showing ${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${totalText} ${filtered ? "matching certificates" : "certificates"}.`
            : filtered
              ? "No certificate in the inventory matches this search."
              : "The inventory is empty: certificates appear here once a batch is downloaded, or when you ask Sectigo."}
          {exportLink && result.items.length > 0 ? " Export CSV downloads every match, not only this page." : ""}
        </p>
        {result.items.length > 0 ? (
          canRevoke ? (
            <SelectionProvider key={certificateQueryString(query, { page: filters.page })}>
              <BulkRevoke policy={{ request: fourEyes.bulk, emergencyKeyCompromise: fourEyes.emergencyKeyCompromise }} />
              {table}
            </SelectionProvider>
          ) : (
            table
          )
        ) : null}
        <Pagination query={query} page={filters.page} pageSize={filters.pageSize} total={result.total} capped={result.capped} next={result.next} previous={result.previous} />
        <AskSectigo initial={query.q} />
      </InAppLinks>
    </>
  );
}
