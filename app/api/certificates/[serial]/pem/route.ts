// GET /api/certificates/<serial>/pem[?chain=1]: the certificate (and, with chain=1, its
// issuing chain after it) as a PEM download. Public material only — the inventory never
// holds a private key. The permission (certificates.read) is checked here on every request.
import { getDb } from "@/db/client";
import { authorizeRoute } from "@/lib/auth/session";
import { getCertificateDetail } from "@/lib/inventory";
import { jsonError } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ serial: string }> }): Promise<Response> {
  const auth = await authorizeRoute(request, "certificates.read");
  if (auth instanceof Response) return auth;
  const { serial } = await params;
  const detail = getCertificateDetail(getDb(), serial.slice(0, 200));
  if (!detail) return jsonError(404, "NOT_FOUND", "No certificate with this serial is in the inventory.");
  const withChain = new URL(request.url).searchParams.get("chain") === "1";
  const body = withChain ? detail.fullChainPem : detail.pem ? `${detail.pem.trim()}\n` : null;
  if (!body) {
    return jsonError(404, "PEM_UNKNOWN", "The portal knows this certificate only from Sectigo's find and has no copy of it to download.");
  }
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "application/x-pem-file; charset=utf-8",
      "Content-Disposition": `attachment; filename="${detail.serial}${withChain ? "-chain" : ""}.pem"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
