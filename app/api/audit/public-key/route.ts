// GET /api/audit/public-key: the audit signing key's public half (SPKI PEM), which checks
// signed checkpoints and exports with openssl or `npm run audit:verify` (docs/security.md
// S21). The permission (audit.read) is checked here on every request.
import { auditSigningKey } from "@/lib/audit/signing-key";
import { PUBLIC_KEY_FILE } from "@/lib/audit/signed-export";
import { authorizeRoute } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeRoute(request, "audit.read");
  if (auth instanceof Response) return auth;
  const key = auditSigningKey(env());
  return new Response(key.pem, {
    status: 200,
    headers: {
      "Content-Type": "application/x-pem-file; charset=utf-8",
      "Content-Disposition": `attachment; filename="${PUBLIC_KEY_FILE}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Audit-Key-Id": key.keyId,
    },
  });
}
