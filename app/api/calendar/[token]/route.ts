// GET /api/calendar/<token>.ics: a person's calendar feed of upcoming certificate expiries, for
// a calendar app to subscribe to. No session: the token in the address is the credential
// (lib/calendar/feeds.ts, docs/security.md S22). Every refusal — malformed, unknown or revoked
// token, disabled owner, a role without certificates.read — is the same bare 404.
import { getDb } from "@/db/client";
import { feedCalendar, openFeed, tokenOfSegment } from "@/lib/calendar/feeds";
import { env } from "@/lib/env";
import { expiryClock } from "@/lib/expiry/clock";

export const dynamic = "force-dynamic";

function notFound(): Response {
  return new Response("Not found.\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const token = tokenOfSegment((await params).token);
  if (!token) return notFound();
  const db = getDb();
  if (!openFeed(db, token)) return notFound();
  const body = feedCalendar(db, { now: expiryClock()(), portalUrl: env().AUTH_URL });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="certificate-expiries.ics"',
      // The answer lists certificate names: no shared cache may keep it.
      "Cache-Control": "private, no-store",
    },
  });
}
