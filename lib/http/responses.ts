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

export interface Download {
  /** names the export in the server log if reading stops half-way */
  what: string;
  contentType: string;
  fileName: string;
  /** more headers, e.g. the signature and checkpoint of a signed export */
  headers?: Record<string, string>;
}

/**
 * A file download streamed from a generator, sent uncompressed: `no-transform` keeps the
 * server's gzip off, which for a 100,000-row export cost more time than reading and writing
 * the rows (docs/operations.md §7, P11); such an export is about 20 MB. (A route cannot send
 * its own gzip instead: Next.js drops a Content-Encoding a route handler sets.) An error
 * half-way ends the download as an error, never as a short file that looks complete; a
 * client that goes away stops the generator.
 */
export function downloadResponse(chunks: Generator<string>, download: Download): Response {
  return new Response(streamFrom(chunks, download.what), { status: 200, headers: downloadHeaders(download) });
}

/** A file download of bytes already built (a signed export bundle). */
export function bytesResponse(bytes: Uint8Array, download: Download): Response {
  return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), { status: 200, headers: downloadHeaders(download) });
}

function downloadHeaders(download: Download): Record<string, string> {
  return {
    ...download.headers,
    "Content-Type": download.contentType,
    "Content-Disposition": `attachment; filename="${download.fileName}"`,
    "Cache-Control": "no-store, no-transform",
    "X-Content-Type-Options": "nosniff",
  };
}
