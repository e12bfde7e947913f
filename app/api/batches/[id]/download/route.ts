// GET /api/batches/<id>/download: the batch's ZIP from Sectigo, as an attachment named
// `<Sectigo batch id>.zip` (batches.download, checked here on every request; the download
// is audited as batch.download by lib/issuance). The bytes are streamed to the browser and
// kept nowhere. A browser that followed the link is sent back to the batch page with an
// error code when the download fails; other clients get JSON.
import { getDb } from "@/db/client";
import { actorOf } from "@/lib/auth/denials";
import { clientAddressFrom } from "@/lib/auth/request-info";
import { authorizeRoute } from "@/lib/auth/session";
import { sectigoConnection } from "@/lib/connection";
import { GENERIC_USER_MESSAGE, isUserFacingError } from "@/lib/errors";
import { downloadBatchZip, getBatchDto } from "@/lib/issuance";
import { zipFileName, zipStream, errorStatus } from "./zip-response";

export const dynamic = "force-dynamic";

function failure(request: Request, batchId: number, code: string, message: string): Response {
  const wantsPage = (request.headers.get("accept") ?? "").includes("text/html");
  if (wantsPage && batchId > 0) {
    // A relative Location: behind `next start` request.url may name another host (localhost
    // for 127.0.0.1), whose cookies the browser would not send, ending on the login page.
    return new Response(null, { status: 303, headers: { Location: `/batches/${batchId}?downloadError=${encodeURIComponent(code)}`, "Cache-Control": "no-store" } });
  }
  return Response.json({ error: { code, message } }, { status: errorStatus(code), headers: { "Cache-Control": "no-store" } });
}

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeRoute(request, "batches.download");
  if (auth instanceof Response) return auth;
  const { id } = await params;
  const batchId = /^\d{1,12}$/.test(id) ? Number(id) : 0;
  const db = getDb();
  const batch = batchId > 0 ? getBatchDto(db, batchId) : null;
  if (!batch) return failure(request, 0, "NOT_FOUND", "There is no such batch.");

  let zip: { fileName: string; data: Uint8Array };
  try {
    const { client } = await sectigoConnection();
    zip = await downloadBatchZip({ db, client, actor: actorOf(auth.user), ip: clientAddressFrom(request.headers) }, batchId);
  } catch (err) {
    if (isUserFacingError(err)) return failure(request, batchId, err.code, err.userMessage);
    console.error(`[route /api/batches/${batchId}/download] ${err instanceof Error ? err.name : typeof err}`);
    return failure(request, batchId, "INTERNAL", GENERIC_USER_MESSAGE);
  }
  return new Response(zipStream(zip.data), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${zipFileName(zip.fileName, batch.sectigoBatchId)}"`,
      "Content-Length": String(zip.data.byteLength),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
