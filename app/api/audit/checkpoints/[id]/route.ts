// GET /api/audit/checkpoints/<id>: one signed audit checkpoint as a JSON download
// {checkpoint, signature, publicKey} (lib/audit/checkpoints.ts, docs/security.md S21), to keep
// outside the portal and pass back to `npm run audit:verify -- --checkpoint FILE`. The
// permission (audit.read) is checked here on every request.
import { getDb } from "@/db/client";
import { checkpointById, checkpointFileOf } from "@/lib/audit/checkpoints";
import { checkpointFileName } from "@/lib/audit/signed-export";
import { authorizeRoute } from "@/lib/auth/session";
import { jsonError } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeRoute(request, "audit.read");
  if (auth instanceof Response) return auth;
  const { id } = await params;
  const row = /^[1-9]\d{0,15}$/.test(id) ? checkpointById(getDb(), Number(id)) : undefined;
  if (!row) return jsonError(404, "NOT_FOUND", "No signed checkpoint with this number.");
  return new Response(`${JSON.stringify(checkpointFileOf(row), null, 2)}\n`, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${checkpointFileName(row)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
