// GET /api/audit/export?format=csv|jsonl&<the audit page's filters>[&signed=1]: the filtered
// audit log as a streamed download, or with signed=1 as a signed ZIP (docs/security.md S21). The permission (audit.export) is checked here, on every request;
// a refusal is answered 401/403 and audited by authorizeRoute.
import { getDb } from "@/db/client";
import { actorOf } from "@/lib/auth/denials";
import { clientAddressFrom } from "@/lib/auth/request-info";
import { authorizeRoute } from "@/lib/auth/session";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { env } from "@/lib/env";
import { parseAuditSearch } from "@/app/(portal)/audit/_lib/filters";
import { auditExportResponse, isExportFormat } from "./export-response";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeRoute(request, "audit.export");
  if (auth instanceof Response) return auth;

  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "csv";
  const { filters, problems } = parseAuditSearch(url.searchParams);
  if (!isExportFormat(format) || problems.length > 0) {
    const message = !isExportFormat(format) ? 'The format must be "csv" or "jsonl".' : problems.join(" ");
    return Response.json({ error: { code: "INVALID_INPUT", message } }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  return auditExportResponse({
    db: getDb(),
    actor: actorOf(auth.user),
    ip: clientAddressFrom(request.headers),
    format,
    filters,
    signingKey: auditSigningKey(env()),
    signed: url.searchParams.get("signed") === "1",
  });
}
