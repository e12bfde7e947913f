// Readiness: answers 200 once the Sectigo connection (and the embedded simulator, when
// used) is up. Says nothing about tokens or credentials.
import { sectigoConnection } from "@/lib/connection";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const connection = await sectigoConnection();
    return Response.json({ status: "ok", sectigo: connection.mode });
  } catch {
    return Response.json({ status: "starting" }, { status: 503 });
  }
}
