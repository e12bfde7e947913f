/**
 * The route handlers' shared response shapes: a JSON error body `{ error: { code, message } }`
 * that is never cached, and a download streamed from a generator one chunk per read, so a
 * large export follows the client's pace and never sits whole in memory.
 */
import "server-only";
import { errorLogLine } from "@/lib/audit/redact";

export function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}

/** `what` names the export in the server log if reading stops half-way (no data is logged). */
export function streamFrom(chunks: Generator<string>, what = "export"): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      try {
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        console.error(`${what} stopped: ${errorLogLine(err, 200)}`);
        controller.error(new Error("The export stopped because the database could not be read."));
      }
    },
    cancel() {
      chunks.return(undefined);
    },
  });
}
