// GET /api/batches/<id>/progress: the batch's live state as JSON for the detail page's
// poller (batches.read, checked here on every request). Read-only: the background poller
// and "Check now" move batches, never this route.
import { getDb } from "@/db/client";
import { authorizeRoute } from "@/lib/auth/session";
import { getBatchDto } from "@/lib/issuance";
import { toProgressView } from "@/app/(portal)/batches/_lib/progress";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeRoute(request, "batches.read");
  if (auth instanceof Response) return auth;
  const { id } = await params;
  const batchId = /^\d{1,12}$/.test(id) ? Number(id) : 0;
  const batch = batchId > 0 ? getBatchDto(getDb(), batchId) : null;
  if (!batch) {
    return Response.json({ error: { code: "NOT_FOUND", message: "There is no such batch." } }, { status: 404, headers: NO_STORE });
  }
  return Response.json(toProgressView(batch), { headers: NO_STORE });
}
