// The audit log (admin, auditor): filtered, newest first, keyset-paged by seq; export of the
// filtered set and chain verification for those whose role allows it. The permission is
// checked here on every request — the layout only checks that someone is signed in.
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { Notice, WarningList } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { countAudit, listAudit } from "@/lib/audit";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import { auditQueryString, hasFilters, parseAuditSearch } from "./_lib/filters";
import { auditTableRows } from "./_lib/format";
import type { SearchParams } from "@/app/_lib/url-filters";
import { packRows } from "@/app/_components/ui/html-rows";
import { AuditTable } from "./_components/audit-table";
import { FilterForm } from "./_components/filter-form";
import { VerifyPanel } from "./_components/verify-panel";
import { SignedCheckpoints } from "./_components/signed-checkpoints";
import { recentCheckpoints } from "@/lib/audit/checkpoints";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const parsed = parseAuditSearch(params);
  const user = await requirePermission("audit.read", `/audit${auditQueryString(parsed.query)}`);
  const db = getDb();
  const page = listAudit(db, parsed.filters, { limit: PAGE_SIZE, beforeSeq: parsed.before ?? undefined });
  const matching = countAudit(db, parsed.filters);
  const filtered = hasFilters(parsed.query);
  const one = matching.count === 1 && !matching.capped;
  const countText = `${matching.capped ? "More than " : ""}${matching.count.toLocaleString("en")} ${one ? "entry" : "entries"}`;

  const exportLinks = can(user.role, "audit.export") ? (
    <>
      <a href={`/api/audit/export${auditQueryString(parsed.query, { format: "csv" })}`} download className={buttonClasses("secondary", "sm")}>
        Export CSV
      </a>
      <a href={`/api/audit/export${auditQueryString(parsed.query, { format: "jsonl" })}`} download className={buttonClasses("secondary", "sm")}>
        Export JSON Lines
      </a>
      <a
        href={`/api/audit/export${auditQueryString(parsed.query, { format: "csv", signed: 1 })}`}
        download
        className={buttonClasses("secondary", "sm")}
        title="The CSV with its Ed25519 signature, the signed checkpoint it ends at and the public key, in one ZIP"
      >
        Signed CSV (ZIP)
      </a>
      <a
        href={`/api/audit/export${auditQueryString(parsed.query, { format: "jsonl", signed: 1 })}`}
        download
        className={buttonClasses("secondary", "sm")}
        title="The JSON Lines with its Ed25519 signature, the signed checkpoint it ends at and the public key, in one ZIP"
      >
        Signed JSON Lines (ZIP)
      </a>
    </>
  ) : null;

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every issuance, revocation, sign-in and change, newest first. Each entry is chained to the one before it by a SHA-256 hash, so a change anywhere in the record can be detected. Times are UTC."
        actions={exportLinks}
      />
      <div className="space-y-4">
        {can(user.role, "audit.verify") ? <VerifyPanel /> : null}
        <FilterForm query={parsed.query} />
        <WarningList title="Some filters were ignored" items={parsed.problems} />
        <p className="text-sm text-slate-700" data-testid="audit-count" aria-live="polite">
          {countText} {filtered ? (one ? "matches these filters" : "match these filters") : "in the log"}
          {parsed.before !== null ? ` — showing those before #${parsed.before}` : ""}.
          {exportLinks ? " The export buttons download exactly this set, oldest first." : ""}
        </p>
        {page.entries.length > 0 ? (
          <AuditTable packedRows={packRows(auditTableRows(page.entries))} />
        ) : (
          <Notice tone="info">{filtered ? "No entry matches these filters." : "The audit log is empty."}</Notice>
        )}
        <nav aria-label="Audit log pages" className="flex flex-wrap gap-2">
          {parsed.before !== null ? (
            <Link href={`/audit${auditQueryString(parsed.query)}`} prefetch={false} className={buttonClasses("secondary", "sm")}>
              Newest entries
            </Link>
          ) : null}
          {page.nextBeforeSeq !== null ? (
            <Link
              href={`/audit${auditQueryString(parsed.query, { before: page.nextBeforeSeq })}`}
              prefetch={false}
              className={buttonClasses("secondary", "sm")}
            >
              Older entries
            </Link>
          ) : null}
        </nav>
        <SignedCheckpoints checkpoints={recentCheckpoints(db, 10)} publicKey={auditSigningKey(env())} />
      </div>
    </>
  );
}
