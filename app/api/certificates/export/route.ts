// GET /api/certificates/export?<the certificates page's query>[&signed=1]: every certificate
// matching the search as a streamed CSV download, or with signed=1 as a signed ZIP. The permission (certificates.export: operator,
// admin) is checked here on every request; a refusal is answered 401/403 and audited by
// authorizeRoute.
import { getDb } from "@/db/client";
import { actorOf } from "@/lib/auth/denials";
import { clientAddressFrom } from "@/lib/auth/request-info";
import { authorizeRoute } from "@/lib/auth/session";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { env } from "@/lib/env";
import { certificateExportResponse } from "@/app/(portal)/certificates/_lib/export-response";
import { parseCertificateSearch } from "@/app/(portal)/certificates/_lib/search-query";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeRoute(request, "certificates.export");
  if (auth instanceof Response) return auth;
  const url = new URL(request.url);
  const { filters, problems } = parseCertificateSearch(url.searchParams);
  if (problems.length > 0) {
    return Response.json({ error: { code: "INVALID_INPUT", message: problems.join(" ") } }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  return certificateExportResponse({
    db: getDb(),
    actor: actorOf(auth.user),
    ip: clientAddressFrom(request.headers),
    filters,
    signingKey: auditSigningKey(env()),
    signed: url.searchParams.get("signed") === "1",
  });
}
