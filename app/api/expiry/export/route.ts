// GET /api/expiry/export?days=: every row of the expiry watch's groups in the page's window (all
// groups, whichever the page shows; by expiry) as a streamed CSV download. The permission (certificates.export: operator, admin) is
// checked here on every request; a refusal is answered 401/403 and audited by authorizeRoute.
// The export is recorded in the audit log before the first byte, and not started if that
// record cannot be written (as the certificate export does).
import { getDb } from "@/db/client";
import { recordAudit } from "@/lib/audit";
import { actorOf } from "@/lib/auth/denials";
import { clientAddressFrom } from "@/lib/auth/request-info";
import { authorizeRoute } from "@/lib/auth/session";
import { expiryClock } from "@/lib/expiry/clock";
import { exportExpiryCsv } from "@/lib/expiry/watch";
import { downloadResponse, jsonError } from "@/lib/http/responses";
import { parseWatchView } from "@/app/(portal)/expiry/_lib/watch-query";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeRoute(request, "certificates.export");
  if (auth instanceof Response) return auth;
  const { view, problems } = parseWatchView(new URL(request.url).searchParams);
  if (problems.length > 0) return jsonError(400, "INVALID_INPUT", problems.join(" "));
  const db = getDb();
  const clock = expiryClock();
  try {
    recordAudit(db, { actor: actorOf(auth.user), action: "certificate.export", outcome: "info", ip: clientAddressFrom(request.headers), details: { format: "csv", view: "expiry", days: view.days } });
  } catch (err) {
    console.error(`certificate.export could not be recorded: ${err instanceof Error ? err.message.slice(0, 200) : "error"}`);
    return jsonError(503, "AUDIT_UNAVAILABLE", "The export could not be recorded in the audit log, so it was not started. Try again later.");
  }
  return downloadResponse(exportExpiryCsv(db, view.days, clock), {
    what: "expiry export",
    contentType: "text/csv; charset=utf-8",
    fileName: `expiry-watch-${view.days}d-${clock().toISOString().slice(0, 10)}.csv`,
  });
}
