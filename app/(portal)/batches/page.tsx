// The batches list (batches.read): state, progress, kind, profile, size, who and when;
// filters and page in the URL. The buttons to issue are shown only to roles that may use
// them — a courtesy: the pages and actions behind them check again on the server.
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { Notice, WarningList } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import { listBatches } from "@/lib/issuance";
import { AutoRefresh } from "./_components/auto-refresh";
import { BatchFilters } from "./_components/batch-filters";
import { BatchesTable } from "./_components/batches-table";
import { Pagination } from "./_components/pagination";
import { isFinalState } from "./_lib/batch-view";
import { batchListHref, hasListFilters, PAGE_SIZE, parseBatchListSearch } from "./_lib/list-params";
import type { SearchParams } from "@/app/_lib/url-filters";

export const metadata: Metadata = { title: "Batches" };
export const dynamic = "force-dynamic";

export default async function BatchesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { query, problems } = parseBatchListSearch(await searchParams);
  const user = await requirePermission("batches.read", batchListHref(query));
  const { items, total } = listBatches(getDb(), {
    state: query.state || undefined,
    kind: query.kind || undefined,
    page: query.page,
    pageSize: PAGE_SIZE,
  });
  const filtered = hasListFilters(query);
  const inFlight = items.some((b) => !isFinalState(b.state));

  const actions = (
    <>
      {can(user.role, "batches.create") ? (
        <Link href="/batches/new" prefetch={false} className={buttonClasses("primary", "sm")}>
          New certificate
        </Link>
      ) : null}
      {can(user.role, "csr.upload") ? (
        <Link href="/batches/upload" prefetch={false} className={buttonClasses("secondary", "sm")}>
          Upload CSRs
        </Link>
      ) : null}
    </>
  );

  return (
    <>
      <PageHeader
        title="Batches"
        description="Every issuance the portal sent to Sectigo: single certificates and CSR uploads. Batches advance in the background; finished ones are downloaded and their certificates added to the inventory. Times are UTC."
        actions={actions}
      />
      <div className="space-y-4">
        <BatchFilters query={query} />
        <WarningList title="Some filters were ignored" items={problems} />
        <p className="text-sm text-slate-700" data-testid="batches-count">
          {total.toLocaleString("en")} {total === 1 ? "batch" : "batches"}
          {filtered ? (total === 1 ? " matches these filters" : " match these filters") : " in all"}.
          {inFlight ? " Batches in progress update on their own." : ""}
        </p>
        {items.length > 0 ? (
          <BatchesTable items={items} />
        ) : (
          <Notice tone="info">
            {filtered
              ? "No batch matches these filters."
              : query.page > 1
                ? "There is nothing on this page; go back to the first page."
                : "No batch yet. Issue a certificate or upload CSRs to start one."}
          </Notice>
        )}
        <Pagination query={query} total={total} />
      </div>
      <AutoRefresh active={inFlight} />
    </>
  );
}
